from django import template
from django.urls import reverse

from copkit.communities.next_steps import next_steps_for

register = template.Library()


@register.simple_tag
def next_steps(community) -> list[dict]:
    """The next steps of a community's phase, with their URLs resolved."""
    steps = []
    for step in next_steps_for(community.phase):
        kwargs = {"phase": community.phase} if step.kind == "guide" else {"slug": community.slug}
        steps.append({"text": step.text, "url": reverse(step.url_name, kwargs=kwargs)})
    return steps
