"""Twelve months of meetings for one demo community (see `manage.py seed_demo`): about one a
month, attendance growing with a few newcomers each time, decisions, and actions (some done),
plus the next meeting to come. Idempotent: a community that has meetings gets none."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from copkit.actions import services as action_services
from copkit.actions.models import ActionStatus
from copkit.communities.models import Community
from copkit.meetings import agenda, services
from copkit.meetings.models import Meeting, MeetingKind

COMMUNITY = "marches-publics"

# (days ago, type, title, present, newcomers, decisions, actions: [(title, owner, done)])
MEETINGS = [
    (350, MeetingKind.KICKOFF, "Lancement de la communauté", 14, 14,
     "Rencontre plénière tous les deux mois\nUn noyau de cinq personnes",
     [("Envoyer le compte rendu du lancement", "Claire", True)]),
    (315, MeetingKind.CORE_GROUP, "Noyau : programme de l’année", 5, 0,
     "Thèmes : clauses sociales, jurisprudence, modèles", []),
    (280, MeetingKind.PLENARY, "Clauses sociales", 11, 3, "Recueil d’exemples à partager",
     [("Rassembler les exemples de clauses", "Ahmed", True)]),
    (245, MeetingKind.WORKSHOP, "Atelier : rédiger un critère d’attribution", 8, 2, "", []),
    (210, MeetingKind.PLENARY, "Jurisprudence récente", 13, 2,
     "Une veille partagée, tenue à tour de rôle", []),
    (170, MeetingKind.CORE_GROUP, "Noyau : bilan à mi-parcours", 5, 0,
     "Inviter les acheteurs des SPF absents",
     [("Écrire aux SPF non représentés", "Claire", True)]),
    (140, MeetingKind.PLENARY, "Modèles de cahiers des charges", 15, 4,
     "Bibliothèque de modèles sur l’espace partagé", []),
    (100, MeetingKind.WORKSHOP, "Atelier : marchés durables", 10, 3, "",
     [("Publier la fiche « achats durables »", "Ahmed", False)]),
    (60, MeetingKind.PLENARY, "Retour d’expérience : e-Procurement", 16, 3,
     "Une séance de questions-réponses avec le SPF BOSA", []),
    (28, MeetingKind.PLENARY, "Négociation et offres anormalement basses", 17, 2,
     "Un groupe de travail sur les prix anormaux",
     [("Lancer le groupe de travail", "Sofie", False),
      ("Partager la grille d’analyse des prix", "Claire", False)]),
]
NEXT = (21, MeetingKind.PLENARY, "Bilan de l’année et programme suivant")

AGENDA = [
    {"minutes": 10.0, "step": "Accueil et tour de table", "who": "Coordinatrice"},
    {"minutes": 40.0, "step": "Présentation du thème", "method": "Exposé et questions",
     "who": "Invité"},
    {"minutes": 50.0, "step": "Échanges en sous-groupes", "method": "World café",
     "who": "Tous"},
    {"minutes": 15.0, "step": "Décisions et prochaines étapes", "who": "Coordinatrice"},
]


def _at(days: int, hour: int = 14):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(*, stdout=None) -> None:
    community = Community.objects.filter(slug=COMMUNITY).first()
    if community is None or Meeting.objects.filter(community=community).exists():
        return
    coordinator = (get_user_model().objects.filter(username="demo-coordinator").first())
    source = agenda.agenda_source()
    version = source.version if source else None
    place = "SPF BOSA, WTC III, salle 12.03"
    for days, kind, title, present, newcomers, decisions, actions in MEETINGS:
        meeting = services.meeting_create(
            community=community, created_by=coordinator, title=title, kind=kind,
            starts_at=_at(-days), duration=120, place=place, present=present,
            newcomers=newcomers, decisions=decisions, agenda=AGENDA, agenda_version=version)
        for action_title, owner, done in actions:
            action = services.meeting_action_add(
                meeting=meeting, title=action_title, owner=owner, created_by=coordinator,
                due_date=timezone.localdate(meeting.starts_at) + timedelta(days=30))
            if done:
                action_services.action_set_status(action=action, status=ActionStatus.DONE)
    days, kind, title = NEXT
    services.meeting_create(
        community=community, created_by=coordinator, title=title, kind=kind,
        starts_at=_at(days, 10), duration=150, place="https://meet.example.org/marches-publics",
        agenda=AGENDA, agenda_version=version)
    if stdout:
        stdout.write(f"meetings: {len(MEETINGS) + 1} meetings for {community.name}\n")
