"""Survey follow-ups in the community's action list (copkit/actions/origins.py): an action
links back to the results of the wave it follows up; only a closed wave of the community can be
followed up."""

from django.urls import reverse

from survey.models import Wave


def origin_urls():
    return {"survey": lambda slug, pk: reverse("survey:results", args=[slug, pk])}


def _closed_wave_title(community, pk: int) -> str | None:
    wave = Wave.objects.filter(community=community, pk=pk).first()
    return wave.title if wave is not None and wave.is_closed else None


def follow_up_origins():
    return {"survey": _closed_wave_title}
