"""Shared fixtures: tiny factories and the people of the access matrix."""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from copkit.communities.models import Community, Membership, Phase, Role

# Playwright's sync API runs an event loop in the test thread; Django's ORM is used from the
# same thread only, so the async-safety guard does not apply to tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"

# Browser assertions wait for what a person would wait for; on a loaded 2-core CI machine a page
# that renders charts can take longer than Playwright's default 5 s.
try:
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=20_000)
except ImportError:  # playwright is a dev dependency
    pass
CHROMIUM = os.environ.get("COPKIT_CHROMIUM", "/usr/bin/chromium")


def make_user(username: str, *, staff: bool = False, password: str = "pw-" + "x" * 12, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=password, email=extra.pop("email", f"{username}@example.org"),
        is_staff=staff, **extra,
    )
    return user


def make_community(name: str = "Réseau test", *, slug: str | None = None,
                   phase: str = Phase.GROWTH, coordinators=(), advisors=()) -> Community:
    community = Community.objects.create(
        name=name, slug=slug or name.lower().replace(" ", "-").replace("é", "e"),
        domain="Un domaine partagé.", organisation="SPF Test", phase=phase,
    )
    for user in coordinators:
        Membership.objects.create(community=community, user=user, role=Role.COORDINATOR)
    for user in advisors:
        Membership.objects.create(community=community, user=user, role=Role.ADVISOR)
    return community


def join_km_team(user):
    """Put `user` in the "KM team" group: the right to edit the shared instruments."""
    from copkit.communities.services import km_team_group

    user.groups.add(km_team_group())
    return user


@dataclass
class World:
    """Two communities and everyone the access matrix needs."""

    community: Community
    other: Community
    coordinator: object
    advisor: object
    other_coordinator: object
    other_advisor: object
    staff: object


@pytest.fixture
def world(db) -> World:
    coordinator = make_user("coord", first_name="Claire", last_name="Dubois")
    advisor = make_user("advisor", first_name="Pieter", last_name="Janssens")
    other_coordinator = make_user("other-coord")
    other_advisor = make_user("other-advisor")
    staff = make_user("staff", staff=True)
    community = make_community("Juristes marchés", slug="juristes", coordinators=[coordinator],
                               advisors=[advisor])
    other = make_community("Autre réseau", slug="autre", coordinators=[other_coordinator],
                           advisors=[other_advisor])
    return World(community, other, coordinator, advisor, other_coordinator, other_advisor, staff)


# --- Browser tests -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French (the source language), whatever a previous request activated."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached results are keyed by database ids, which repeat from one test to the next."""
    from django.core.cache import cache

    from copkit.questionnaires.structure import clear_structure_cache

    cache.clear()
    clear_structure_cache()
    yield
    cache.clear()
    clear_structure_cache()
