"""A year of actions added by hand for one demo community (see `manage.py seed_demo`): some done
on dates spread over the last twelve months, two overdue, one in progress, one to come. The
compass plans, meetings and survey follow-ups add theirs in their own demo.py. Idempotent: a
community that already has actions added by hand gets none."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from copkit.actions import services
from copkit.actions.models import Action, ActionStatus, Origin
from copkit.communities.models import Community

COMMUNITY = "marches-publics"

# (added days ago, title, owner, due in days from today (negative: past), done days ago or None,
#  status)
ACTIONS = [
    (360, "Créer la liste de diffusion de la communauté", "Claire Dubois", -340, 345,
     ActionStatus.DONE),
    (300, "Rédiger la charte de la communauté", "Marc Peeters", -250, 262, ActionStatus.DONE),
    (200, "Mettre à jour l’annuaire des membres", "Sofie Claes", -150, 158, ActionStatus.DONE),
    (120, "Présenter la communauté au comité de direction", "Claire Dubois", -60, 45,
     ActionStatus.DONE),
    (90, "Recenser les formations utiles aux acheteurs", "Nadia Benali", -20, None,
     ActionStatus.OPEN),
    (50, "Traduire les modèles en néerlandais", "Luc Lambert", -5, None,
     ActionStatus.IN_PROGRESS),
    (40, "Préparer un glossaire des termes des marchés publics", "Sofie Claes", 10, None,
     ActionStatus.IN_PROGRESS),
    (10, "Proposer un binôme d’accueil aux nouveaux membres", "Marc Peeters", 45, None,
     ActionStatus.OPEN),
]


def _moment(days_ago: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed(*, stdout=None) -> None:
    community = Community.objects.filter(slug=COMMUNITY).first()
    if community is None or Action.objects.filter(community=community,
                                                  origin=Origin.MANUAL).exists():
        return
    coordinator = get_user_model().objects.filter(username="demo-coordinator").first()
    today = timezone.localdate()
    for added, title, owner, due, done, status in ACTIONS:
        action = services.action_create(
            community=community, title=title, owner=owner, status=status,
            due_date=today + timedelta(days=due), created_by=coordinator)
        # The demo tells a year: the action was added, and done, on those days.
        Action.objects.filter(pk=action.pk).update(
            created_at=_moment(added), updated_at=_moment(done if done is not None else added),
            done_at=_moment(done) if done is not None else None)
    if stdout is not None:
        stdout.write(f"actions: {len(ACTIONS)} added by hand for {community.name}\n")
