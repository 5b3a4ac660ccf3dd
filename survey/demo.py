"""Demo survey waves (see `manage.py seed_demo`): realistic, varied, deterministic answers.

`fill_responses` is also what the tests and the benchmark use to create many responses fast
(bulk inserts, the same percent rule as the engine).

The oldest wave of "marches-publics" answered version 1 of the member survey (the one published
before the revision, survey/definitions/history/), the later waves the current version: their
results page compares the waves on the questions they share and counts the new ones.
"""

import random
import uuid
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import formats, timezone, translation

from copkit.communities.models import Community
from copkit.questionnaires.models import Answer, Response, ResponseStatus
from copkit.questionnaires.services import answer_percent
from copkit.questionnaires.structure import load_structure
from survey import benchmark, releases, services
from survey.models import Invitation, Wave, WaveStatus

OPEN_TEXTS = {
    "future-topics": [
        "Les nouvelles règles sur les marchés de faible montant.",
        "Un atelier sur la rédaction des critères d'attribution durables.",
        "Des cas pratiques de recours devant le Conseil d'État.",
        "Plus d'échanges avec les collègues néerlandophones.",
        "L'utilisation de e-Procurement et ses pièges.",
        "Comment évaluer une offre anormalement basse ?",
    ],
    "contribute-how": [
        "Je pourrais présenter un cas de notre service.",
        "Relire les clauses types avant publication.",
        "Animer une session en néerlandais.",
        "Si j'avais plus de temps, je partagerais nos modèles.",
    ],
    "appreciate-most": [
        "La franchise des échanges : on ose parler des erreurs.",
        "Les clauses types partagées, un gain de temps énorme.",
        "Pouvoir poser une question et recevoir une réponse en une journée.",
        "L'ambiance, et le fait de connaître enfin des collègues d'autres SPF.",
        "Les rencontres courtes et bien préparées.",
        "La jurisprudence récente résumée à chaque rencontre.",
    ],
    "improve": [
        "Retrouver les documents sur la plateforme reste difficile.",
        "Les réunions tombent souvent en même temps que nos clôtures budgétaires.",
        "Plus de contenu en néerlandais.",
        "Envoyer l'ordre du jour plus tôt.",
        "Accueillir mieux les nouveaux : on ne sait pas qui est qui.",
        "Moins de présentations, plus d'échanges.",
    ],
}


def _day(moment: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localtime(moment).date(), time.min))


def fill_responses(wave: Wave, count: int, *, seed: int = 1, mood: float = 0.0,
                   open_share: float = 0.3, when: datetime | None = None) -> int:
    """Add `count` submitted responses with varied answers (bulk inserts; deterministic).

    `mood` shifts the Likert answers (-1 gloomier … +1 happier)."""
    rng = random.Random(seed)
    structure = load_structure(wave.collection.version)
    day = _day(when or timezone.now())
    responses = Response.objects.bulk_create([
        Response(collection=wave.collection, version=wave.collection.version,
                 status=ResponseStatus.SUBMITTED, submitted_at=day, draft_key=uuid.uuid4())
        for _ in range(count)])
    if not responses or responses[0].pk is None:  # databases without RETURNING
        responses = list(Response.objects.filter(collection=wave.collection)
                         .order_by("-pk")[:count])
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(created_at=day,
                                                                     updated_at=day)
    # Each question has its own typical level, so the results have a shape.
    tendencies = {spec.key: rng.uniform(2.8, 4.4) + mood for spec in structure.questions()}
    answers: list[Answer] = []
    for response in responses:
        person = rng.gauss(0, 0.6)
        for spec in structure.questions():
            q = spec.question
            if q.type in ("likert", "yes_partly_no"):
                if rng.random() < 0.07:
                    choice = next((c for c in spec.options if c.is_na), None)
                    if choice is None:
                        continue
                else:
                    scored = spec.scored_options()
                    target = tendencies[spec.key] + person + rng.gauss(0, 0.8)
                    if q.reverse:  # "always the same voices": a happy member disagrees
                        low, high = spec.score_range()
                        target = low + high - target
                    choice = min(scored, key=lambda c, t=target: abs(c.score - t))
                answers.append(Answer(
                    response=response, question=q, choice=choice, number=choice.score,
                    is_na=choice.is_na,
                    percent=answer_percent(spec, number=choice.score, is_na=choice.is_na)))
            elif q.type == "single":
                weights = [1 + (len(spec.options) - i) * rng.random()
                           for i in range(len(spec.options))]
                choice = rng.choices(spec.options, weights=weights)[0]
                answers.append(Answer(response=response, question=q, choice=choice,
                                      number=choice.score))
            elif q.type == "multiple":
                picked = [c for c in spec.options if rng.random() < 0.35] or [spec.options[0]]
                answers.extend(Answer(response=response, question=q, choice=c, number=c.score)
                               for c in picked)
            elif q.type in ("long_text", "short_text") and rng.random() < open_share:
                texts = OPEN_TEXTS.get(q.key) or ["Rien à ajouter, merci pour l'organisation."]
                answers.append(Answer(response=response, question=q, text=rng.choice(texts)))
    Answer.objects.bulk_create(answers, batch_size=5000)
    # As a submission does: release the results once k responses wait (survey/releases.py).
    releases.release_advance(wave=wave)
    return len(responses)


def wave_title(opens: datetime) -> str:
    """A demo wave's title names the month it opened, counted back from today (never a
    year that has nothing to do with its dates): "Enquête membres — juin 2026"."""
    with translation.override("fr"):
        return f"Enquête membres — {formats.date_format(timezone.localtime(opens), 'F Y')}"


def _wave(community: Community, title: str, *, status: str, opens: datetime,
          closes: datetime, responses: int, seed: int, mood: float, invited: int = 0,
          audience: int | None = None, created_by=None, version=None) -> Wave | None:
    if Wave.objects.filter(community=community, title=title).exists():
        return None
    wave = services.wave_create(community=community, title=title, created_by=created_by,
                                version=version)
    wave.status, wave.opens_at, wave.closes_at = status, opens, closes
    if status != WaveStatus.DRAFT:  # as wave_open does: the threshold is now the promise
        wave.threshold_floor = wave.anonymity_threshold
    wave.audience_size = audience
    wave.share_results = status == WaveStatus.CLOSED
    wave.save()
    Wave.objects.filter(pk=wave.pk).update(created_at=opens)
    fill_responses(wave, responses, seed=seed, mood=mood, when=opens + timedelta(days=3))
    if invited:
        created = services.invitations_create(
            wave=wave, emails=[f"membre{i:02d}@example.org" for i in range(1, invited + 1)],
            language="fr")
        Invitation.objects.filter(pk__in=[i.pk for i in created]).update(sent_at=opens)
        answered = [i.pk for i in created[: min(responses, invited)]]
        Invitation.objects.filter(pk__in=answered).update(answered_at=_day(opens))
    return wave


@transaction.atomic
def seed(*, stdout) -> None:
    from django.contrib.auth import get_user_model

    from survey import content

    content.load(stdout=stdout)  # idempotent: the instrument must exist before waves
    coordinator = get_user_model().objects.filter(username="demo-coordinator").first()
    now = timezone.now()
    made = []
    public = Community.objects.filter(slug="marches-publics").first()
    # Seeded once: the titles follow the day of seeding, so a later run must not add more.
    if public is not None and not Wave.objects.filter(community=public).exists():
        made += [
            # Within the community's last 12 months (its cockpit and timeline show a year of
            # life): a wave after the kick-off, one half a year later, one open now.
            # The first one before the instrument's revision: on version 1 (None: the
            # database never had it, and every wave answers the current version).
            _wave(public, wave_title(now - timedelta(days=335)), status=WaveStatus.CLOSED,
                  opens=now - timedelta(days=335), closes=now - timedelta(days=310),
                  responses=34, seed=2023, mood=-0.3, audience=60, created_by=coordinator,
                  version=content.published_version(1)),
            _wave(public, wave_title(now - timedelta(days=150)), status=WaveStatus.CLOSED,
                  opens=now - timedelta(days=150), closes=now - timedelta(days=125),
                  responses=46, seed=2024, mood=0.1, audience=64, created_by=coordinator),
            _wave(public, wave_title(now - timedelta(days=3)), status=WaveStatus.OPEN,
                  opens=now - timedelta(days=3), closes=now + timedelta(days=18),
                  responses=3, seed=2025, mood=0.2, invited=12, created_by=coordinator),
        ]
    km = Community.objects.filter(slug="gestionnaires-connaissances").first()
    if km is not None:
        made.append(_wave(km, "Première enquête membres", status=WaveStatus.CLOSED,
                          opens=now - timedelta(days=80), closes=now - timedelta(days=60),
                          responses=14, seed=77, mood=0.0, audience=20,
                          created_by=coordinator))
        if not Wave.objects.filter(community=km, status=WaveStatus.DRAFT).exists():
            # The coordinator is preparing the next wave (questions not adapted yet).
            made.append(services.wave_create(community=km, title="Deuxième enquête membres",
                                             created_by=coordinator))
    if public is not None:
        _follow_ups(public)
    # Both take part in the survey benchmark across communities (too few to show figures,
    # which the results page explains).
    for community in (c for c in (public, km) if c is not None):
        benchmark.benchmark_participation_set(community=community, user=coordinator,
                                              participate=True)
    stdout.write(f"survey: {sum(1 for w in made if w)} demo waves created")


FOLLOW_UP_TEXTS = [
    "Vous trouvez les documents difficiles à retrouver : la plateforme a maintenant un "
    "sommaire par thème, et chaque rencontre se termine par le lien vers ses supports.",
    "Vous demandiez plus d'échanges et moins d'exposés : chaque rencontre garde désormais "
    "la moitié du temps pour vos cas pratiques.",
]


def _follow_ups(community: Community) -> None:
    """"You said, we did" on the community's latest closed wave: two themes answered, the first
    linked to one of its actions when the action list is seeded (idempotent)."""
    from copkit.actions.models import Action
    from survey.follow_ups import follow_up_list, follow_up_save
    from survey.models import ThemeFollowUp

    wave = (Wave.objects.filter(community=community, status=WaveStatus.CLOSED)
            .order_by("-closes_at").first())
    if wave is None or ThemeFollowUp.objects.filter(wave=wave).exists():
        return
    action = Action.objects.filter(community=community).order_by("pk").first()
    themes = follow_up_list(wave)[:len(FOLLOW_UP_TEXTS)]
    follow_up_save(wave=wave, answers={
        theme.key: (text, [action.pk] if action and i == 0 else [])
        for i, (theme, text) in enumerate(zip(themes, FOLLOW_UP_TEXTS, strict=False))})
