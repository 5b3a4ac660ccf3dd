"""The plan's actions link back to their assessment's results (copkit/actions/origins.py)."""

from django.urls import reverse


def origin_urls():
    return {"compass": lambda slug, pk: reverse("compass:results", args=[slug, pk]) + "#plan"}
