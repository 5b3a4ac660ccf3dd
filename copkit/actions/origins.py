"""Where an action came from, as a link: each app that creates actions says how to reach the
thing they came from, without copkit importing the app.

An app ships `<app>/action_origins.py` with

    def origin_urls() -> dict[str, Callable[[str, int], str]]:
        # origin -> function(community slug, origin id) -> the page's path (no query)
        return {"compass": lambda slug, pk: reverse("compass:results", args=[slug, pk])}

found with `copkit.core.hooks.app_hooks`, like `demo.py`.
"""

from collections.abc import Callable
from functools import cache

from django.urls import NoReverseMatch

from copkit.core.hooks import app_hooks


@cache
def _builders() -> dict[str, Callable[[str, int], str]]:
    found: dict[str, Callable[[str, int], str]] = {}
    for _label, hook in app_hooks("action_origins", "origin_urls"):
        for origin, builder in hook().items():
            found.setdefault(origin, builder)
    return found


def origin_url(action, slug: str) -> str:
    """The page the action came from, or "" (added by hand, or no app knows the origin)."""
    builder = _builders().get(action.origin)
    if builder is None or action.origin_id is None:
        return ""
    try:
        return builder(slug, action.origin_id)
    except NoReverseMatch:
        return ""


@cache
def _follow_ups() -> dict[str, Callable]:
    found: dict[str, Callable] = {}
    for _label, hook in app_hooks("action_origins", "follow_up_origins"):
        for origin, check in hook().items():
            found.setdefault(origin, check)
    return found


def follow_up_label(community, origin: str, origin_id: int) -> str | None:
    """The label of the thing an action may follow up (a closed survey wave of `community`),
    or None when there is no such thing to follow up. An app lists what its pages may follow
    up in `<app>/action_origins.py`:

        def follow_up_origins() -> dict[str, Callable[[community, int], str | None]]
    """
    check = _follow_ups().get(origin)
    return None if check is None else check(community, origin_id)
