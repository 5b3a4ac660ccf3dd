"""The home page lists a coordinator's communities a page at a time: the 503rd is reached by
the page links, and a page shows what waits only in its own communities."""

import re

import pytest
from django.urls import reverse

from copkit.communities.models import Community, Membership, Role
from copkit.communities.selectors import DASHBOARD_PAGE_SIZE, dashboard_get

pytestmark = pytest.mark.django_db


def test_the_503rd_community_is_on_the_last_page(client, world):
    many = Community.objects.bulk_create(
        Community(name=f"Réseau {i:03d}", slug=f"reseau-{i:03d}", domain="d",
                  organisation="SPF Test") for i in range(1, 503))
    Membership.objects.bulk_create(Membership(community=c, user=world.coordinator,
                                              role=Role.COORDINATOR) for c in many)
    client.force_login(world.coordinator)
    first = client.get(reverse("home"))
    # 503 by name: "Juristes marchés" (the world's), then the 502 above.
    assert len(first.context["dashboard"].coordinated) == DASHBOARD_PAGE_SIZE
    html = first.content.decode()
    assert "Juristes marchés" in html and "Réseau 049" in html and "Réseau 050" not in html
    assert re.search(r'rel="next" href="([^"]+)"', html).group(1) == "?coordinated=2"
    last = -(-503 // DASHBOARD_PAGE_SIZE)
    link = f"?coordinated={last}"
    assert f'href="{link}"' in html  # the last page is linked from the first

    end = client.get(reverse("home") + link + "&advised=2")
    shown = end.context["dashboard"].coordinated
    assert [c.name for c in shown][-1] == "Réseau 502"  # the 503rd
    assert len(shown) == 503 - (last - 1) * DASHBOARD_PAGE_SIZE
    html = end.content.decode()
    assert "Réseau 502" in html and "Réseau 049" not in html
    assert 'href="?coordinated=1&amp;advised=2"' in html  # the other list keeps its place
    # A number past the last page shows the last.
    assert dashboard_get(world.coordinator, pages={"coordinated": "999"}).coordinated == shown


def test_a_short_list_has_no_page_links(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Juristes marchés" in html and 'class="pagination' not in html
