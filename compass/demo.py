"""Demo compass data (see `manage.py seed_demo`): two closed assessments for each of the two
demo communities, answered by several core-group members (deterministic random answers), the
latest of "marches-publics" reviewed by demo-advisor with comments and an action plan, and a
reassessment in progress for "gestionnaires-connaissances" (one member submitted, one halfway,
one not started).

Each community's first assessment answered version 1 of the compass (the one published before
the revision, compass/definitions/history/), the later ones the current version: the results
page compares them on the dimensions they share and says which statements are new.

Runs after the communities' and the survey's demo. A community that already has assessments is
left alone, so running it twice changes nothing.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from compass import content, reviews, services
from compass.models import ActionStatus, Assessment, Review
from copkit.communities.models import Community
from copkit.questionnaires import services as engine
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Collection
from copkit.questionnaires.structure import load_structure

RESPONDENTS = ["Claire Dubois", "Marc Peeters", "Sofie Claes", "Nadia Benali", "Luc Lambert"]
# slug → per assessment: (days ago closed, mean answer (1–5) per dimension index tendency)
DEMO = {
    # Both within its last 12 months: a first stock-take after the kick-off, a second a year on.
    "marches-publics": [(320, 2.9), (35, 3.6)],
    "gestionnaires-connaissances": [(800, 2.4), (430, 3.0)],
}
NO_URL = "http://localhost:8000{}".format


def _answers(structure, rng: random.Random, centre: float) -> list[AnswerValue]:
    values = []
    for d_index, section in enumerate(structure.sections):
        # Each dimension has its own tendency around the assessment's centre.
        tendency = centre + ((d_index * 7) % 5 - 2) * 0.35
        for spec in section.questions:
            if rng.random() < 0.06:
                values.append(AnswerValue(spec.key, choice_key="na"))
                continue
            score = min(5, max(1, round(rng.gauss(tendency, 0.8))))
            values.append(AnswerValue(spec.key, choice_key=_choice(spec, score)))
    return values


def _choice(spec, score: int) -> str:
    """The option a respondent who rates the dimension `score` (1–5) picks: a reverse-scored
    statement ("our meetings are mostly presentations") is disagreed with as the dimension
    gets better, and a yes/no fact is "yes" from 4 up."""
    if spec.question.type == "yes_partly_no":
        return "yes" if score >= 4 else "no"
    return str(6 - score if spec.question.reverse else score)


@transaction.atomic
def _seed_community(community: Community, plans, coordinator, advisor, rng, first_version
                    ) -> int:
    created = 0
    for number, (days_ago, centre) in enumerate(plans):
        assessment = services.assessment_start(community=community, user=coordinator)
        if number == 0 and first_version is not None:
            # Answered before the revision: on the version then published.
            Collection.objects.filter(pk=assessment.collection_id).update(version=first_version)
            assessment = Assessment.objects.select_related("collection__version").get(
                pk=assessment.pk)
        structure = load_structure(assessment.collection.version)
        keys = [spec.key for spec in structure.questions()]
        for name in RESPONDENTS[: 3 + number]:
            invite, _token = services.invite_create(assessment=assessment, name=name,
                                                    created_by=coordinator, url_builder=NO_URL)
            response = services.invite_start(invite=invite, name=name)
            engine.response_save_answers(response=response, structure=structure,
                                           question_keys=keys,
                                           values=_answers(structure, rng, centre))
            engine.response_submit(response=response, structure=structure)
        assessment = services.assessment_close(assessment=assessment)
        closed = timezone.now() - timedelta(days=days_ago)
        Assessment.objects.filter(pk=assessment.pk).update(
            closed_at=closed, created_at=closed - timedelta(days=14))
        assessment.refresh_from_db()
        created += 1
        if number == 0 and community.slug == "marches-publics":
            _first_plan(assessment, coordinator, closed)
        if number == len(plans) - 1 and community.slug == "marches-publics" and advisor:
            _review(assessment, coordinator, advisor, closed)
    return created


def _first_plan(assessment, coordinator, closed) -> None:
    """The first assessment's plan, carried out in the months that followed (done on dates
    spread over the year, so the timeline shows them)."""
    for days_after, dimension, text in [
        (30, "organisation-rhythm", "Fixer une rencontre plénière tous les deux mois"),
        (75, "actors-roles", "Constituer un groupe noyau de cinq personnes"),
        (140, "knowledge-sharing", "Ouvrir un espace partagé pour les modèles de documents"),
    ]:
        done = services.action_add(assessment=assessment, dimension=dimension, action=text,
                                   owner="Claire Dubois",
                                   due_date=(closed + timedelta(days=days_after)).date(),
                                   user=coordinator)
        services.action_update(item=done, status=ActionStatus.DONE)
        type(done).objects.filter(pk=done.pk).update(
            done_at=closed + timedelta(days=days_after - 3))


def _review(assessment, coordinator, advisor, closed) -> None:
    services.assessment_submit_for_review(assessment=assessment, user=coordinator,
                                          url_builder=NO_URL)
    reviews.review_save(assessment=assessment, advisor=advisor,
                        summary="Belle progression depuis l’an dernier. Le rythme est installé ; "
                                "l’enjeu est maintenant de montrer la valeur au comité de "
                                "direction et de préparer la relève.",
                        notes={
                            "results-value": {"comment": "Les récits de valeur manquent encore. "
                                              "Proposer deux récits d’ici l’été.",
                                              "agreed": 50, "target": 65},
                            "renewal": {"comment": "Le noyau repose sur deux personnes.",
                                        "agreed": 45, "target": 60},
                            "organisation-rhythm": {"comment": "Très bon rythme, à garder.",
                                                    "agreed": 75, "target": 75},
                        })
    reviews.review_complete(assessment=assessment, advisor=advisor, url_builder=NO_URL)
    # The review took place in the weeks after the assessment closed, not on the day of seeding.
    submitted, reviewed = closed + timedelta(days=2), closed + timedelta(days=12)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=submitted,
                                                       reviewed_at=reviewed)
    Review.objects.filter(assessment=assessment).update(completed_at=reviewed)
    due = (closed + timedelta(days=90)).date()
    services.action_add(assessment=assessment, dimension="results-value",
                        action="Recueillir deux récits de valeur et les présenter au sponsor",
                        owner="Claire Dubois", due_date=due, user=advisor)
    services.action_add(assessment=assessment, dimension="renewal",
                        action="Inviter un membre récent dans le groupe noyau",
                        owner="Marc Peeters", due_date=due + timedelta(days=30), user=advisor)
    done = services.action_add(assessment=assessment, dimension="organisation-rhythm",
                               action="Publier le calendrier des rencontres de l’année",
                               owner="Sofie Claes", due_date=closed.date(), user=coordinator)
    services.action_update(item=done, status=ActionStatus.DONE)


def seed(*, stdout) -> None:
    content.load_versions()  # idempotent
    first_version = content.published_version(1)  # None if this database never had it
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["demo-coordinator", "demo-advisor"])}
    coordinator, advisor = users.get("demo-coordinator"), users.get("demo-advisor")
    rng = random.Random(20240611)
    created = 0
    for community in Community.objects.filter(slug__in=DEMO).order_by("slug"):
        if Assessment.objects.filter(community=community).exists():
            continue
        created += _seed_community(community, DEMO[community.slug], coordinator, advisor, rng,
                                   first_version)
        if community.slug == "gestionnaires-connaissances":
            _open_assessment(community, coordinator, rng)
        # Both take part in the benchmark across communities (too few to show figures, which
        # the results page explains).
        services.benchmark_participation_set(community=community, user=coordinator,
                                              participate=True)
    stdout.write(f"  compass demo: {created} closed assessments created")


def _open_assessment(community: Community, coordinator, rng: random.Random) -> None:
    """A reassessment in progress: one member submitted, one is halfway, one has not started."""
    assessment = services.assessment_start(community=community, user=coordinator)
    structure = load_structure(assessment.collection.version)
    keys = [spec.key for spec in structure.questions()]
    for name, status in (("Nadia Benali", "submitted"), ("Luc Lambert", "draft"),
                         ("Sofie Claes", "not-started")):
        invite, _token = services.invite_create(assessment=assessment, name=name,
                                                created_by=coordinator, url_builder=NO_URL)
        if status == "not-started":
            continue
        response = services.invite_start(invite=invite, name=name)
        values = _answers(structure, rng, 3.3)
        if status == "draft":
            values = values[: len(values) // 3]
        engine.response_save_answers(response=response, structure=structure,
                                     question_keys=keys, values=values)
        if status == "submitted":
            engine.response_submit(response=response, structure=structure)
