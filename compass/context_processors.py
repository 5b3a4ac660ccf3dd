"""The "to review" count of the main menu and the dashboard.

Callables (the template language calls them when read), cached on the request: a page that does
not show the count runs no query, and a page that shows it twice (menu and dashboard) runs one.
Anonymous visitors and users without the advisor role run none: whether someone is an advisor
comes from the query the menu already makes (`copkit.communities.access.is_km_advisor`, cached
on the user).
"""

from compass import selectors
from copkit.communities.access import is_km_advisor


def to_review_count(request) -> int | None:
    """Assessments this user may review, or None for users who review nothing."""
    if not hasattr(request, "_copkit_to_review"):
        user = getattr(request, "user", None)
        request._copkit_to_review = (
            selectors.review_count(user) if user is not None and is_km_advisor(user) else None)
    return request._copkit_to_review


def reviews(request) -> dict:
    return {"nav_reviewer": lambda: to_review_count(request) is not None,
            "nav_review_count": lambda: to_review_count(request) or 0}
