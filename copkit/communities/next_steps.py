"""What a coordinator should do next: what the data says is due (the rhythm, the guide's
progress: each app's `cockpit.next_steps` hook, copkit.core.cockpit), then the phase's standing
advice."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from copkit.communities.models import Phase


@dataclass(frozen=True)
class NextStep:
    text: Promise
    url_name: str  # a URL name; the template reverses it with the phase or the community slug
    kind: str  # "guide" (takes the phase) or "community" (takes the slug)


NEXT_STEPS: dict[str, list[NextStep]] = {
    Phase.PREPARATION: [
        NextStep(_("Read the key questions of the preparation phase"), "guide:phase", "guide"),
        NextStep(_("Check your coordinator profile with the competencies checklist"),
                 "toolbox:index", "community"),
    ],
    Phase.START: [
        NextStep(_("Read the key questions of the start phase"), "guide:phase", "guide"),
        NextStep(_("Prepare the kick-off meeting with the scenario template"), "toolbox:index",
                 "community"),
    ],
    Phase.GROWTH: [
        NextStep(_("Read the key questions of the growth phase"), "guide:phase", "guide"),
        NextStep(_("Take stock with the compass"), "compass:index", "community"),
        NextStep(_("Ask members what they think with the satisfaction survey"), "survey:index",
                 "community"),
    ],
    Phase.REORIENTATION: [
        NextStep(_("Read the key questions of the reorientation phase"), "guide:phase", "guide"),
        NextStep(_("Compare your compass results over time"), "compass:index", "community"),
    ],
}


def next_steps_for(phase: str) -> list[NextStep]:
    return NEXT_STEPS.get(phase, [])


def next_steps_for_community(community, *, today=None) -> list[dict]:
    """The steps shown on the community's home, each {"text", "url", "why"}: the apps' due steps
    first, then the phase's advice (without repeating a page already linked)."""
    from django.urls import reverse

    from copkit.core.cockpit import cockpit_next_steps

    steps = [{"text": s.text, "url": s.url, "why": s.why}
             for s in cockpit_next_steps(community, today=today)]
    seen = {s["url"] for s in steps}
    for step in next_steps_for(community.phase):
        kwargs = {"phase": community.phase} if step.kind == "guide" else {"slug": community.slug}
        url = reverse(step.url_name, kwargs=kwargs)
        if url not in seen:
            seen.add(url)
            steps.append({"text": step.text, "url": url, "why": ""})
    return steps
