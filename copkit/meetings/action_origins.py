"""Actions decided at a meeting link back to it (see copkit/actions/origins.py)."""

from django.urls import reverse


def origin_urls():
    return {"meeting": lambda slug, pk: reverse("meetings:detail", args=[slug, pk])}
