"""Demo progress on the key questions for the demo communities (see `manage.py seed_demo`).

Runs after the communities' demo (INSTALLED_APPS order) and only when the guide is loaded.
Existing progress is never changed, so running it twice changes nothing.
"""

from django.contrib.auth import get_user_model

from copkit.communities.models import Community, Phase
from guide.models import Node, ProgressStatus, QuestionProgress

PHASES = list(Phase.values)

# slug → (coordinator username, notes on the first questions of the current phase)
DEMO = {
    "marches-publics": ("demo-coordinator", [
        "Domaine validé avec le comité de direction en mars ; à revoir pour les concessions.",
        "Deux réunions par an en présentiel, le reste en ligne ; taux de présence en hausse.",
        "Le noyau cherche un deuxième animateur néerlandophone.",
    ]),
    "gestionnaires-connaissances": ("demo-coordinator", [
        "Réunion de lancement fixée au 14 ; le sponsor ouvrira la séance.",
        "Liste des premiers membres : 18 personnes de 7 institutions.",
    ]),
    "onthaal-nieuwe-medewerkers": ("demo-coordinator-2", [
        "Gesprek met de sponsor gepland; domein nog te scherp te stellen.",
    ]),
    "data-protection-officers": ("demo-coordinator-2", [
        "Les membres veulent continuer, mais sous forme de réseau plus léger.",
        "Archiver les analyses d'impact partagées avant la migration de la plateforme.",
    ]),
}
STATUSES = [ProgressStatus.ADDRESSED, ProgressStatus.IN_PROGRESS, ProgressStatus.IN_PROGRESS,
            ProgressStatus.TO_DO]


def seed(*, stdout) -> None:
    questions = list(Node.objects.questions().select_related("part").order_by("part__order",
                                                                              "order"))
    if not questions:
        stdout.write("guide demo skipped: load the guide first (manage.py load_content)")
        return
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in={username for username, _notes in DEMO.values()})}
    created = 0
    for community in Community.objects.filter(slug__in=DEMO):
        username, notes = DEMO[community.slug]
        current = PHASES.index(community.phase)
        for question in questions:
            if question.part.key not in PHASES:
                continue
            position = PHASES.index(question.part.key)
            if position > current:
                continue
            if position < current:  # earlier phases: mostly done
                status, note = ProgressStatus.ADDRESSED, ""
            else:
                index = question.order - 1
                status = STATUSES[min(index, len(STATUSES) - 1)]
                note = notes[index] if index < len(notes) else ""
            _progress, was_created = QuestionProgress.objects.get_or_create(
                community=community, question=question,
                defaults={"status": status, "note": note, "updated_by": users.get(username)},
            )
            created += was_created
    stdout.write(f"guide demo: {created} progress entries created")
