"""The tool registry (copkit/core/tools.py) and the breadcrumbs (copkit/core/breadcrumbs.py)."""

from django.urls import reverse
from django.utils import translation

from copkit.core.breadcrumbs import Crumb, community_crumbs, crumbs
from copkit.core.tools import tool_get, tool_list
from toolbox.catalog import TOOLS as TOOLBOX_TOOLS


def test_every_app_registers_its_tools_once_under_one_name():
    keys = [tool.key for tool in tool_list()]
    assert set(keys) >= {"competencies", "facilitation", "it-tools", "kickoff", "compass",
                         "survey"}
    assert len(keys) == len(set(keys))
    with translation.override("en"):
        for key, info in TOOLBOX_TOOLS.items():
            assert str(tool_get(key).label) == str(info.label)  # the toolbox's own name
        assert str(tool_get("compass").label) == "Compass"
        assert str(tool_get("survey").label) == "Member survey"
    assert tool_get("no-such-tool") is None


def test_a_tool_links_to_its_page_in_a_community():
    assert tool_get("kickoff").url("reseau") == reverse(
        "toolbox:tool", kwargs={"slug": "reseau", "tool": "kickoff"})
    assert tool_get("compass").url("reseau") == reverse("compass:index",
                                                        kwargs={"slug": "reseau"})
    assert tool_get("survey").url("reseau") == reverse("survey:index", kwargs={"slug": "reseau"})


def test_crumbs_are_label_url_pairs_the_last_one_the_page(world):
    assert crumbs(("Guide", "/fr/guide/"), ("Tools",)) == [Crumb("Guide", "/fr/guide/"),
                                                         Crumb("Tools", "")]
    trail = community_crumbs(world.community, ("Compass",))
    assert [c.url for c in trail] == [reverse("home"), world.community.get_absolute_url(), ""]
    assert trail[1].label == world.community.name


def test_a_page_shows_one_trail_with_the_page_last(client, world):
    client.force_login(world.coordinator)
    with translation.override("en"):
        page = client.get(reverse("toolbox:tool", kwargs={"slug": world.community.slug,
                                                          "tool": "kickoff"})).content.decode()
        toolbox = reverse("toolbox:index", kwargs={"slug": world.community.slug})
    assert page.count('class="breadcrumb"') == 1
    assert f'<a href="{toolbox}">' in page
    assert 'aria-current="page">Kick-off meeting scenario</li>' in page
