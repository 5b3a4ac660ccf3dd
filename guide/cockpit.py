"""The guide on the community's cockpit (copkit.core.cockpit): how far the community has come
with the key questions of its current phase, as a next step."""

from django.urls import reverse
from django.utils.translation import gettext

from copkit.core.cockpit import CockpitStep
from guide.models import Node, ProgressStatus, QuestionProgress


def next_steps(community, *, today) -> list[CockpitStep]:
    """2 queries."""
    questions = list(Node.objects.questions().filter(part__key=community.phase)
                     .values_list("pk", flat=True))
    if not questions:
        return []
    addressed = QuestionProgress.objects.filter(
        community=community, question_id__in=questions,
        status=ProgressStatus.ADDRESSED).count()
    url = reverse("guide:progress", args=[community.slug])
    if addressed >= len(questions):
        return [CockpitStep(
            text=gettext("Every key question of this phase is addressed: is it time for the "
                         "next phase?"), url=url)]
    return [CockpitStep(
        text=gettext("Work on the key questions of this phase"), url=url,
        why=gettext("%(done)d of %(total)d addressed so far.")
        % {"done": addressed, "total": len(questions)})]
