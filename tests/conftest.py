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

# Screenshots the browser tests write to /tmp are for a person's eyes, and no test reads one back;
# a full-page one takes seconds (11 s for a long page on a phone's screen, 3 s at 1280 px). In CI
# nobody looks at them, so they are not taken there (COPKIT_SCREENSHOTS=1 takes them anyway).
SCREENSHOTS = os.environ.get("COPKIT_SCREENSHOTS", "0" if IN_CI else "1") == "1"

# Browser assertions wait for what a person would wait for; on a loaded 2-core CI machine a page
# that renders charts can take longer than Playwright's default 5 s.
try:
    from playwright.sync_api import ElementHandle, Locator, Page
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=20_000)
    if not SCREENSHOTS:
        for _cls in (Page, Locator, ElementHandle):
            _cls.screenshot = lambda self, *args, **kwargs: b""
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


def rows_for_the_module(write, *, unless_a_test_commits: bool = False):
    """A module-scoped fixture: the rows `write()` creates are written once and every database
    test of the module starts from them, as with Django's TestCase.setUpTestData. They live in a
    transaction kept open while the module runs; each test runs in a savepoint of it and is rolled
    back to them, so no test sees another's changes. Loading the content or the demo data once
    instead of before every test saves seconds per test, more on PostgreSQL.

    Only for modules whose tests use `db` (a test that commits, with transactional_db or
    live_server, fails loudly), and whose other database tests do not mind the rows being there:
    the transaction stays open until pytest leaves the module. The function-scoped fixture that
    hands the rows to a test must request `db` itself, so that pytest-django creates the test
    database (it looks at the fixtures each test asks for). Returns what `write()` returns;
    return primary keys rather than model instances, which a test could change in memory.

    `unless_a_test_commits=True`: in a module where a test commits, the fixture writes nothing
    and gives None; the function-scoped fixture then writes the rows for each test itself."""

    @pytest.fixture(scope="module")
    def fixture(request, django_db_setup, django_db_blocker):
        from django.db import transaction

        if unless_a_test_commits and module_commits(request):
            yield None
            return
        with django_db_blocker.unblock():
            from django.db import connection

            # Never the developer's database: only the one pytest-django created for the tests.
            name = str(connection.settings_dict["NAME"])
            assert (name == connection.settings_dict["TEST"].get("NAME")
                    or name.startswith("test_")), (
                "rows_for_the_module: no test database (the fixture using it must request db)")
            atomic = transaction.atomic()
            atomic._from_testcase = True  # as TestCase.setUpClass's: durable blocks nest inside
            atomic.__enter__()
            try:
                value = write()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        yield _ModuleRows(value)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    return fixture


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction")
                               or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def module_commits(request) -> bool:
    """True when a test of the requesting fixture's module commits (transactional_db,
    live_server): such a module cannot keep rows in an open transaction."""
    module = request.module
    return any(_commits(item) for item in request.session.items
               if getattr(item, "module", None) is module)


class _ModuleRows:
    def __init__(self, value):
        self.value = value

    def for_test(self, request):
        """The value for one test, which runs in a savepoint (the `db` fixture)."""
        if _commits(request.node):
            pytest.fail("rows_for_the_module: a test that commits cannot use rows kept in an "
                        "open transaction; load them in a function-scoped fixture instead")
        if "db" not in request.fixturenames:
            pytest.fail("rows_for_the_module: the fixture handing the rows must request db")
        return self.value


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


# --- One suite, two databases ------------------------------------------------------------------
# scripts/test.sh runs the suite on SQLite and on PostgreSQL side by side and sets
# COPKIT_BOTH_DATABASES=1 for both runs. A test that cannot touch the database (pytest-django
# refuses it any query without a db fixture or mark) gives the same result on both, and a test
# marked `once` checks something the database cannot change (see pyproject.toml): the SQLite run
# covers them, the PostgreSQL run (the slower one) leaves them out and says so. A test marked
# `slow` (expensive: the concurrency races of hundreds of submissions, long documents) runs once
# too, on PostgreSQL, the database of production: the SQLite run leaves it out and says so.
# Browser tests count as `once` too: what the browser does with a page does not depend on the
# database, which the rest of the suite tests on both; one journey marked `both_databases` runs
# on PostgreSQL as well, end to end on the database of production.
# Without that variable (a developer's run on one database) every test runs.
# The PostgreSQL run takes what differs between the databases: the engine's and the survey's
# aggregate SQL, hostile input (NUL bytes, oversized values), locks and concurrency, backups and
# sequences, cascades, the guide's search (`contains` is case-sensitive there only) and the
# row-locking writes, plus everything marked `slow` and the journey marked `both_databases`.
# The rest goes through the ORM the same way on both and runs on SQLite.
POSTGRESQL_SCOPE = ("tests/questionnaires/", "tests/security/", "tests/survey/test_submission.py",
                    "tests/survey/test_anonymity.py", "tests/survey/test_results.py",
                    "tests/survey/test_retention.py",
                    "tests/core/test_backup.py", "tests/core/test_tasks.py",
                    "tests/communities/test_privacy.py", "tests/guide/test_search.py",
                    "tests/guide/test_textsearch.py", "tests/guide/test_progress.py",
                    "tests/stories/test_link.py")
ONCE_REASON = ("run by the SQLite run of scripts/test.sh only: they do not touch the database, "
               "are marked `once` (the database cannot change their result), drive a browser "
               "or only go through the ORM (outside POSTGRESQL_SCOPE)")
SLOW_REASON = ("marked `slow`, run by the PostgreSQL run of scripts/test.sh only (the "
               "database of production)")


_LEFT_OUT = pytest.StashKey[tuple[int, str]]()


def _uses_database(item) -> bool:
    # db, transactional_db, live_server, django_user_model, admin_client… all request this one.
    return (item.get_closest_marker("django_db") is not None
            or "_django_db_helper" in getattr(item, "fixturenames", ()))


def _the_other_run(vendor: str) -> bool:
    """True when scripts/test.sh runs the suite on the other database too."""
    from django.db import connection

    return os.environ.get("COPKIT_BOTH_DATABASES") == "1" and connection.vendor == vendor


def pytest_collection_modifyitems(config, items):
    if _the_other_run("postgresql"):
        reason = ONCE_REASON
        covered_elsewhere = [item for item in items
                             if item.get_closest_marker("slow") is None and (
                                 not _uses_database(item) or item.get_closest_marker("once")
                                 or (item.get_closest_marker("browser")
                                     and not item.get_closest_marker("both_databases"))
                                 or (not item.nodeid.startswith(POSTGRESQL_SCOPE)
                                     and not item.get_closest_marker("both_databases")
                                     and not item.get_closest_marker("postgres")))]
    elif _the_other_run("sqlite"):
        reason = SLOW_REASON
        covered_elsewhere = [item for item in items if item.get_closest_marker("slow")]
    else:
        return
    if covered_elsewhere:
        left_out = set(covered_elsewhere)
        items[:] = [item for item in items if item not in left_out]
        config.hook.pytest_deselected(items=covered_elsewhere)
    config.stash[_LEFT_OUT] = (len(covered_elsewhere), reason)
    if hasattr(config, "workeroutput"):  # an xdist worker: tell the controller
        config.workeroutput["copkit_left_out"] = config.stash[_LEFT_OUT]


def pytest_sessionstart(session):
    # A run split over pytest-xdist workers (scripts/test.sh, SQLite): the workers collect and
    # deselect; the controller sums what they report (pytest_testnodedown) for the summary line.
    session.config.stash.setdefault(_LEFT_OUT, (0, ""))


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent from plain runs
def pytest_testnodedown(node, error):
    left_out = getattr(node, "workeroutput", {}).get("copkit_left_out")
    if left_out:
        count, reason = node.config.stash.get(_LEFT_OUT, (0, ""))
        # Each worker collects the whole suite, so each reports the same deselection.
        node.config.stash[_LEFT_OUT] = (max(count, left_out[0]), left_out[1])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    count, reason = config.stash.get(_LEFT_OUT, (0, ""))
    if count:
        terminalreporter.write_line(f"{count} tests deselected, {reason}")


def pytest_sessionfinish(session, exitstatus):
    # `scripts/test.sh tests/compass/test_scoring.py`: nothing left for one database is a success.
    deselected = session.config.stash.get(_LEFT_OUT, (0, ""))[0]
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and deselected:
        session.exitstatus = pytest.ExitCode.OK
