"""The site icon answers at /favicon.ico, and the admin loads copkit's icon and its axe fixes."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_copkit_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response["Cache-Control"]


def test_admin_pages_load_the_icon_and_underline_links_in_text(client, world):
    client.force_login(world.staff)
    world.staff.is_superuser = True
    world.staff.save()
    html = client.get("/fr/admin/").content.decode()
    assert "css/admin.css" in html and "img/favicon.svg" in html
    css = open(finders.find("css/admin.css")).read()
    assert "div.breadcrumbs a" in css and "text-decoration: underline" in css
