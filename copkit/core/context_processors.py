from django.utils.functional import SimpleLazyObject

from copkit.communities.access import can_edit_instruments


def navigation(request) -> dict:
    """What the header shows; lazy, so pages that do not ask run no query."""
    user = getattr(request, "user", None)
    return {
        "nav_can_edit_instruments": SimpleLazyObject(
            lambda: bool(user is not None and can_edit_instruments(user))),
    }
