"""Every page is self-contained (no CDN), accessible basics are present, health works."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pages(world):
    slug = world.community.slug
    return [
        reverse("home"),
        reverse("communities:create"),
        reverse("communities:detail", kwargs={"slug": slug}),
        reverse("communities:edit", kwargs={"slug": slug}),
        reverse("communities:people", kwargs={"slug": slug}),
        reverse("password_change"),
        reverse("guide:index"),
    ]


def test_no_page_loads_anything_from_outside(client, world):
    client.force_login(world.coordinator)
    for url in _pages(world):
        html = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', html)
        assert external == [], (url, external)


def test_pages_have_skip_link_landmarks_and_language(client, world):
    client.force_login(world.coordinator)
    for url in _pages(world):
        html = client.get(url).content.decode()
        assert 'href="#main"' in html, url
        assert '<main id="main"' in html, url
        assert re.search(r'<html lang="(fr|nl|en)">', html), url
        assert html.count("<h1") == 1, url


def test_security_headers(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script_src = response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in script_src
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_checks_the_database(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
