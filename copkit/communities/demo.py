"""Demo accounts and communities (see `manage.py seed_demo`)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from copkit.communities.models import (
    Community,
    Invitation,
    Membership,
    Phase,
    PhaseChange,
    Role,
)
from copkit.communities.services import km_team_group
from copkit.core import links

DEMO_PASSWORD = "demo"

USERS = [
    # username, first name, last name, e-mail, staff
    ("demo-coordinator", "Claire", "Dubois", "claire.dubois@example.org", False),
    ("demo-advisor", "Pieter", "Janssens", "pieter.janssens@example.org", False),
    ("demo-coordinator-2", "Youssef", "El Amrani", "youssef.elamrani@example.org", False),
    ("demo-admin", "Anne", "Lambert", "anne.lambert@example.org", True),
]

COMMUNITIES = [
    {
        "slug": "marches-publics",
        "name": "Réseau des juristes marchés publics",
        "organisation": "SPF Stratégie et Appui (BOSA)",
        "domain": "Les juristes des SPF qui rédigent et contrôlent des marchés publics partagent "
                  "leurs clauses types, leurs cas difficiles et la jurisprudence récente.",
        "phase": Phase.GROWTH,
        "language": "fr+nl",
        "roles": [("demo-coordinator", Role.COORDINATOR), ("demo-advisor", Role.ADVISOR)],
    },
    {
        "slug": "gestionnaires-connaissances",
        "name": "Communauté des gestionnaires de connaissances",
        "organisation": "SPF Sécurité sociale",
        "domain": "Les responsables du knowledge management des institutions de sécurité sociale "
                  "échangent méthodes, outils et retours d'expérience.",
        "phase": Phase.START,
        "language": "fr",
        "roles": [("demo-coordinator", Role.COORDINATOR), ("demo-advisor", Role.ADVISOR)],
    },
    {
        "slug": "onthaal-nieuwe-medewerkers",
        "name": "Netwerk onthaal nieuwe medewerkers",
        "organisation": "FOD Financiën",
        "domain": "HR-medewerkers en peters/meters die nieuwe collega's onthalen, delen hun "
                  "onthaalprogramma's en ervaringen.",
        "phase": Phase.PREPARATION,
        "language": "nl",
        "roles": [("demo-coordinator-2", Role.COORDINATOR)],
    },
    {
        "slug": "data-protection-officers",
        "name": "Réseau fédéral des délégués à la protection des données",
        "organisation": "SPF Justice",
        "domain": "Les DPO des services publics fédéraux confrontent leurs analyses d'impact et "
                  "leurs réponses aux demandes d'accès.",
        "phase": Phase.REORIENTATION,
        "language": "fr+nl",
        "roles": [("demo-coordinator-2", Role.COORDINATOR), ("demo-advisor", Role.ADVISOR)],
    },
]


# How long ago each demo community was created, and its phase changes (days ago, from, to, who,
# why): "marches-publics" has a year of life (kick-off, meetings, two compass assessments,
# survey waves, actions) and moved from the start to the growth phase half-way.
HISTORY = {
    "marches-publics": (365, [
        (185, Phase.START, Phase.GROWTH, "demo-coordinator",
         "Le noyau est en place, les rencontres plénières ont lieu tous les deux mois et de "
         "nouveaux membres arrivent à chaque séance : nous passons à la croissance."),
    ]),
    "gestionnaires-connaissances": (850, []),
    "onthaal-nieuwe-medewerkers": (40, []),
    "data-protection-officers": (1300, [
        (120, Phase.GROWTH, Phase.REORIENTATION, "demo-coordinator-2",
         "La participation baisse depuis la fin du projet RGPD ; le noyau veut redéfinir "
         "l’objectif du réseau."),
    ]),
}


# The rhythm the demo communities chose (the others keep the yearly compass and survey).
RHYTHM = {"marches-publics": {"meeting_every_weeks": 5},
          "gestionnaires-connaissances": {"compass_every_months": 6, "meeting_every_weeks": 4}}


def _history(community: Community, spec: dict, users: dict) -> None:
    """Backdate a new demo community's creation and record its phases (PhaseChange)."""
    days, changes = HISTORY.get(community.slug, (0, []))
    now = timezone.now()
    created = now - timedelta(days=days)
    Community.objects.filter(pk=community.pk).update(created_at=created,
                                                     **RHYTHM.get(community.slug, {}))
    first = changes[0][1] if changes else community.phase
    PhaseChange.objects.create(community=community, from_phase="", to_phase=first,
                               changed_at=created, changed_by=users[spec["roles"][0][0]])
    for days_ago, before, after, who, why in changes:
        PhaseChange.objects.create(community=community, from_phase=before, to_phase=after,
                                   changed_at=now - timedelta(days=days_ago),
                                   changed_by=users[who], reason=why)


def seed(*, stdout) -> None:
    User = get_user_model()
    users = {}
    for username, first, last, email, staff in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": email,
                      "is_staff": staff, "is_superuser": staff},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    for spec in COMMUNITIES:
        community, _created = Community.objects.get_or_create(
            slug=spec["slug"],
            defaults={key: spec[key] for key in ("name", "organisation", "domain", "phase",
                                                 "language")},
        )
        for username, role in spec["roles"]:
            Membership.objects.get_or_create(community=community, user=users[username], role=role)
        if _created:
            _history(community, spec, users)
    # demo-advisor was appointed by staff (memberships above) and is also in the KM team, so
    # the demo shows the questionnaire editor too; being an advisor alone would not open it.
    users["demo-advisor"].groups.add(km_team_group())
    # A pending invitation, as a coordinator would have after inviting a new co-coordinator.
    Invitation.objects.get_or_create(
        community=Community.objects.get(slug="marches-publics"), email="sofie.peeters@example.org",
        role=Role.COORDINATOR, accepted_at=None, revoked_at=None,
        defaults={"token_hash": links.token_hash(links.token_new(nbytes=32)),  # never sent
                  "invited_by": users["demo-coordinator"],
                  "expires_at": timezone.now() + timedelta(days=14)},
    )
    stdout.write(f"  {len(USERS)} demo users, {len(COMMUNITIES)} communities")
