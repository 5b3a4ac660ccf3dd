"""Filled examples of the toolbox's tools for the demo communities (see `manage.py seed_demo`).

Idempotent: a community that already has a filled tool of a kind gets no second example.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation

from copkit.communities.models import Community
from copkit.questionnaires import services as engine
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import ONE_RESPONSE_ORDER
from copkit.questionnaires.structure import load_structure
from toolbox import content, selectors, services
from toolbox.models import Instance, ToolKey

COMMUNITIES = ("marches-publics", "gestionnaires-connaissances")

COMPETENCIES = {
    "domain-knowledge": "strength", "networking": "strength", "meeting-facilitation": "adequate",
    "listening": "adequate", "participation": "develop", "conflict": "develop",
    "writing": "strength", "synthesis": "adequate", "digital": "develop", "planning": "strength",
    "availability": "develop", "sponsor": "adequate", "value": "develop", "trust": "strength",
    "perseverance": "adequate", "open-to-ideas": "strength", "delegates": "adequate",
}
CO_COORDINATOR = {**COMPETENCIES, "participation": "strength", "digital": "adequate",
                  "availability": "adequate", "conflict": "adequate"}

# Three meetings whose facilitation improves, two months apart, the last one a month ago:
# (weeks before today, subject, answers per item in order of the definition).
MEETINGS = [
    (20, "clauses sociales", "partly"),
    (12, "jurisprudence récente", "mixed"),
    (4, "modèles de cahiers des charges", "yes"),
]


def meeting(weeks_ago: int, subject: str) -> tuple[date, str]:
    """A demo meeting's day and title, counted back from today: the month in the title is the
    meeting's ("Rencontre d’octobre — …")."""
    when = timezone.localdate() - timedelta(weeks=weeks_ago)
    with translation.override("fr"):
        month = formats.date_format(when, "F")
    article = "d’" if month[0] in "aeiouy" else "de "
    return when, f"Rencontre {article}{month} — {subject}"

IT_SCORES = {  # tool row -> criterion -> score
    0: {"sharing": 1, "discussion": 2, "co-editing": 0, "calendar": 0, "directory": 1,
        "notifications": 3, "search": 0, "external": 3, "security": 2, "ease": 3, "mobile": 3,
        "languages": 3, "cost": 3, "it-support": 3, "archiving": 1,
        "data-protection": 2, "accessibility": 3},
    1: {"sharing": 3, "discussion": 2, "co-editing": 3, "calendar": 3, "directory": 2,
        "notifications": 2, "search": 2, "external": 1, "security": 3, "ease": 2, "mobile": 2,
        "languages": 3, "cost": 3, "it-support": 3, "archiving": 2,
        "data-protection": 2, "accessibility": 2},
    2: {"sharing": 2, "discussion": 1, "co-editing": 3, "calendar": 0, "directory": 1,
        "notifications": 1, "search": 3, "external": 1, "security": 2, "ease": 1, "mobile": 1,
        "languages": 2, "cost": 2, "it-support": 2, "archiving": 3,
        "data-protection": 3, "accessibility": 1},
    3: {"sharing": 1, "discussion": 3, "co-editing": 0, "calendar": 0, "directory": 2,
        "notifications": 2, "search": 2, "external": 2, "security": 2, "ease": 2, "mobile": 2,
        "languages": 2, "cost": 2, "it-support": 1, "archiving": 2,
        "data-protection": 1, "accessibility": 1},
}


def _save_all(response, structure, values):
    engine.response_save_answers(response=response, structure=structure,
                                 question_keys=[s.key for s in structure.questions()],
                                 values=values)


def _keep(response, structure, extra_keys):
    """The answers a response already has (defaults), as values, minus `extra_keys`."""
    out = []
    specs = {s.question.pk: s for s in structure.questions()}
    for answer in response.answers.select_related("choice").order_by(*ONE_RESPONSE_ORDER):
        key = specs[answer.question_id].key
        if key in extra_keys:
            continue
        out.append(AnswerValue(key, row=answer.row, column=answer.column,
                               choice_key=answer.choice.key if answer.choice_id else None,
                               number=answer.number if not answer.choice_id else None,
                               text=answer.text))
    return out


def _competencies(community, user, advisor_name):
    instance = services.instance_create(community=community, tool=ToolKey.COMPETENCIES,
                                        title=f"Auto-évaluation {timezone.localdate().year}",
                                        created_by=user,
                                        language="fr")
    structure = load_structure(instance.collection.version)
    values = [AnswerValue(k, choice_key=v) for k, v in COMPETENCIES.items()]
    values.append(AnswerValue("availability", column="comment",
                              text="Environ une demi-journée par semaine, à négocier."))
    _save_all(instance.main_response, structure, values)
    engine.response_submit(response=instance.main_response, structure=structure)
    link = services.guest_link_create(instance=instance, name=advisor_name, created_by=user)
    _save_all(link.response, structure,
              [AnswerValue(k, choice_key=v) for k, v in CO_COORDINATOR.items()])
    engine.response_submit(response=link.response, structure=structure)


def _facilitation(community, user):
    for weeks_ago, subject, pattern in MEETINGS:
        when, title = meeting(weeks_ago, subject)
        instance = services.instance_create(community=community, tool=ToolKey.FACILITATION,
                                            title=title, meeting_date=when, created_by=user,
                                            language="fr")
        structure = load_structure(instance.collection.version)
        scored = [s for s in structure.questions() if s.score_range()]
        values = []
        for n, spec in enumerate(scored):
            choice = pattern if pattern != "mixed" else ("yes" if n % 2 else "partly")
            if pattern == "partly" and n % 3 == 0:
                choice = "no"
            values.append(AnswerValue(spec.key, choice_key=choice))
        values.append(AnswerValue("during-time", column="comment",
                                  text="Le dernier point a été écourté."))
        values.append(AnswerValue("lessons", text="Prévoir une synthèse écrite à l'écran."))
        _save_all(instance.main_response, structure, values)
        engine.response_submit(response=instance.main_response, structure=structure)
        link = services.guest_link_create(instance=instance, name="Membre du noyau",
                                          created_by=user)
        _save_all(link.response, structure,
                  [AnswerValue(s.key, choice_key="yes" if n % 4 else "partly")
                   for n, s in enumerate(scored)])
        engine.response_submit(response=link.response, structure=structure)


def _it_tools(community, user):
    instance = services.instance_create(community=community, tool=ToolKey.IT_TOOLS,
                                        title="Choix de la plateforme de la communauté",
                                        created_by=user, language="fr")
    structure = load_structure(instance.collection.version)
    response = instance.main_response
    values = _keep(response, structure, {"scores", "needs", "recommendation"})
    rows = [a for a in values if a.question_key == "weights"]
    values = [v for v in values if v.question_key != "weights"] + [
        AnswerValue("weights", row=v.row, column=v.column,
                    number={"external": 5.0, "security": 4.0, "languages": 4.0,
                            "cost": 1.0}.get(v.row, v.number)) for v in rows]
    names = ["Liste de diffusion e-mail", "Site Teams / SharePoint", "Wiki intranet",
             "Forum de discussion"]
    for n, name in enumerate(names):
        values.append(AnswerValue("scores", row=str(n), column="tool", text=name))
        for criterion, score in IT_SCORES[n].items():
            values.append(AnswerValue("scores", row=str(n), column=criterion,
                                      number=float(score)))
    values += [
        AnswerValue("needs", text="Échanger entre les rencontres et partager les clauses types "
                                  "avec des juristes d'autres SPF."),
        AnswerValue("recommendation", text="Un site Teams, avec un accès invité pour les "
                                           "membres des autres SPF."),
    ]
    _save_all(response, structure, values)
    engine.response_submit(response=response, structure=structure)


def _kickoff(community, user):
    instance = services.instance_create(community=community, tool=ToolKey.KICKOFF,
                                        title="Lancement de la communauté", created_by=user,
                                        language="fr")
    structure = load_structure(instance.collection.version)
    response = instance.main_response
    values = _keep(response, structure, {"date", "place", "objectives", "sponsor"})
    values += [
        # Three weeks ahead: the scenario is being prepared (an ISO value, as the form stores).
        AnswerValue("date", text=(timezone.localdate() + timedelta(weeks=3)).isoformat()),
        AnswerValue("place", text="WTC III, salle 12.B — ou en ligne via Teams"),
        AnswerValue("sponsor", choice_key="yes"),
        AnswerValue("objectives", text="Se connaître, convenir du domaine et du rythme."),
        # A hybrid, bilingual launch: who helps the people joining remotely, and the languages.
        AnswerValue("format", choice_key="hybrid"),
        AnswerValue("remote-cohost", text="Pieter, du noyau"),
        AnswerValue("chat-watcher", text="Nadia, de l'équipe d'appui"),
        AnswerValue("languages", choice_key="fr-nl"),
        AnswerValue("interpretation", choice_key="summary"),
        AnswerValue("summary-by", text="Pieter (vers le néerlandais) et Nadia (vers le français)"),
    ]
    _save_all(response, structure, values)  # left as a draft: the scenario is being prepared


def _charter(community, user):
    instance = services.instance_create(community=community, tool=ToolKey.CHARTER,
                                        title="Charte de la communauté", created_by=user,
                                        language="fr")
    structure = load_structure(instance.collection.version)
    values = [
        AnswerValue("purpose", text=f"Permettre aux membres de « {community.name} » d’échanger "
                                    "leurs pratiques et de s’appuyer les uns sur les autres."),
        AnswerValue("who-can-join", text="Tout agent fédéral concerné par le domaine ; il suffit "
                                         "d’écrire au coordinateur."),
        AnswerValue("rhythm", choice_key="quarterly"),
        AnswerValue("languages", text="Chacun parle sa langue ; le compte rendu est rédigé en "
                                      "français et en néerlandais."),
        AnswerValue("confidentiality", choice_key="chatham-house"),
        AnswerValue("review-when", choice_key="yearly"),
    ]
    _save_all(instance.main_response, structure, values)  # a draft, discussed with the core group


def seed(*, stdout) -> None:
    if not selectors.version_list_latest().keys() >= {k.value for k in ToolKey}:
        content.load(stdout=stdout)
    User = get_user_model()
    user = User.objects.filter(username="demo-coordinator").first()
    if user is None:
        return
    for slug in COMMUNITIES:
        community = Community.objects.filter(slug=slug).first()
        if community is None:
            continue
        done = set(Instance.objects.filter(community=community).values_list("tool", flat=True))
        if ToolKey.COMPETENCIES not in done:
            _competencies(community, user, "Youssef El Amrani")
        if ToolKey.FACILITATION not in done:
            _facilitation(community, user)
        if ToolKey.IT_TOOLS not in done:
            _it_tools(community, user)
        if ToolKey.KICKOFF not in done:
            _kickoff(community, user)
        if ToolKey.CHARTER not in done:
            _charter(community, user)
        stdout.write(f"toolbox: examples for {slug}\n")
