"""Access proven for every URL, generated from the URLconf and the app itself.

A coordinator and an advisor of the demo communities crawl every page they can reach (links and
form targets). Every URL found that belongs to their communities is then replayed, GET and POST,
as outsiders: anonymous, a coordinator and an advisor of another community, and a member who
holds a survey link. The only acceptable answers are a redirect to the login page (anonymous) or
a refusal (403/404/405) — never the page.

Coverage is checked the other way round too: every URL pattern of the URLconf that takes an
argument must have been reached by the crawl, or be listed below as public with a reason. A new
view is therefore covered as soon as it is linked from a page, and a view nobody links fails here
until someone says why it is public.
"""

import io
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from copkit.communities.models import Community, Membership, Role
from tests.conftest import make_user, rows_for_the_module

pytestmark = pytest.mark.django_db

VICTIMS = ("marches-publics", "gestionnaires-connaissances")
MAX_PAGES = 1500
PER_VIEW = 8  # pages crawled per URL pattern (see crawl)

# URL patterns reachable without an account on purpose. Each has a reason.
PUBLIC = {
    "guide:index": "public guide content",
    "guide:introduction": "public guide content",
    "guide:contents": "public guide content",
    "guide:search": "public guide content",
    "guide:tools": "public guide content",
    "guide:glossary": "public guide content",
    "guide:pdf": "public guide content",
    "guide:pdf_phase": "public guide content",
    "guide:phase": "public guide content",
    "guide:question": "public guide content",
    "communities:invitation_accept": "the secret link is the credential; unknown token → 404",
    "password_reset_confirm": "Django's password reset link (signed token)",
    "survey:answer": "public survey link (token is the credential); no results shown",
    "survey:answer_section": "public survey link",
    "survey:answer_done": "public survey link",
    "survey:shared": "read-only results shared with members by the coordinator (aggregates)",
    "compass:respond": "compass invitation link for a core-group member",
    "compass:respond_fill": "compass invitation link",
    "compass:respond_section": "compass invitation link",
    "compass:respond_done": "compass invitation link",
    "toolbox:guest_fill": "observer link for one toolbox form",
    "toolbox:guest_fill_section": "observer link",
    "toolbox:guest_done": "observer link",
    "stories:tell": "story link (token is the credential): tests/stories/test_link.py",
    "stories:told": "story link, thank-you page",
}
# Pages that belong to one person rather than to a community, with their own access tests.
PUBLIC.update({
    "export_job": "a background export is visible only to whoever asked: tests/core/test_tasks.py",
    "export_status": "same: tests/core/test_tasks.py",
    "export_download": "same: tests/core/test_tasks.py",
})
# Namespaces not part of the app's own pages (Django's admin has its own permission system).
SKIP_NAMESPACES = ("admin",)
TOKEN_URL_NAMES = {name for name in PUBLIC if name.split(":")[0] in ("survey", "compass",
                                                                      "toolbox", "communities",
                                                                      "stories")}


def _patterns(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name,
                   prefix + str(entry.pattern))


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


HREF = re.compile(r'href="(/fr/[^"#]*)"')
FORM = re.compile(r'<form[^>]*>', re.I)
ACTION = re.compile(r'action="([^"]*)"')
GOTO = re.compile(r'value="goto:([\w-]+)"')
SECTION_PAGES = re.compile(r"/(fill|preview|edit)/$")
# Downloads are recorded and replayed by outsiders, but not rendered during the crawl (slow).
DOWNLOAD = re.compile(r"\.(pdf|xlsx|csv|eml|svg|json)$|/(export|download)")


def crawl(client: Client, start: list[str], within: tuple[str, ...] = ("/fr/",)
          ) -> tuple[set[str], set[str]]:
    """Every same-site page reachable from `start` (GET), and every form target (POST); of
    one URL pattern (one view), at most PER_VIEW pages: a view checks access the same way for
    each of its objects, and the 40th question page of a wave proves nothing the first did not
    (the crawl had grown to 3 minutes)."""
    seen, posts = set(start), set()
    per_view: Counter = Counter()
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if DOWNLOAD.search(urlsplit(path).path):
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found = []
        for tag in FORM.findall(html):
            action = ACTION.search(tag)
            target = (action.group(1) if action and action.group(1) else path).split("#")[0]
            if not target.startswith("/fr/") or target.startswith("/fr/accounts/"):
                continue  # signing out would end the outsider's session mid-test
            if 'method="post"' in tag.lower():
                posts.add(target)
            else:
                found.append(target.split("?")[0])
        if SECTION_PAGES.search(urlsplit(path).path):
            # One section per screen: the other sections are reached through "go to" buttons.
            found += [urlsplit(path).path + key + "/" for key in GOTO.findall(html)]
        found += [link.replace("&amp;", "&") for link in HREF.findall(html)]
        for link in found:
            if (link in seen or not link.startswith(within)
                    or link.startswith(("/fr/admin/", "/fr/accounts/"))
                    or (link.startswith("/fr/guide/") and not link.startswith(
                        ("/fr/guide/community/", "/fr/guide/staff/")))):
                continue  # public guide pages hold no community's data
            view = _url_name(urlsplit(link).path)
            if per_view[view] >= PER_VIEW:
                continue
            per_view[view] += 1
            seen.add(link)
            queue.append(link)
    return seen, posts


def _derive_unreached(urls: set[str]) -> set[str]:
    """URLs for patterns the crawl did not reach, built from the arguments of crawled URLs."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    known: dict[str, dict] = {}
    for url in urls:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        known.setdefault(match.view_name, match.kwargs)
    derived = set()
    with translation.override("fr"):
        for name, route in _patterns():
            if name in known or "<" not in route or name.split(":")[0] in SKIP_NAMESPACES:
                continue
            wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
            for kwargs in known.values():
                if set(kwargs) == wanted:
                    try:
                        derived.add(reverse(name, kwargs=kwargs))
                        break
                    except NoReverseMatch:
                        continue
    return derived


def _belongs_to_victims(path: str) -> bool:
    return any(f"/{slug}/" in path for slug in VICTIMS)


def _load_demo():
    call_command("load_content", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    outsider_advisor = make_user("outsider-advisor")
    Membership.objects.create(community=Community.objects.get(slug="onthaal-nieuwe-medewerkers"),
                              user=outsider_advisor, role=Role.ADVISOR)


_demo_rows = rows_for_the_module(_load_demo)  # written once for the module's tests


@pytest.fixture
def demo(request, _demo_rows, db):
    return _demo_rows.for_test(request)


def _client_for(username: str | None) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


# The longest test of the suite (a crawl of every page as two insiders, replayed as three
# outsiders): run once in CI, on SQLite, where it takes half the time (access is decided in
# Python, not by the database); the PostgreSQL run has the browser work to balance it.
@pytest.mark.once
def test_outsiders_never_reach_a_communitys_pages(demo):
    get_urls, post_urls = set(), set()
    start = ["/fr/"] + [f"/fr/communities/{slug}/" for slug in VICTIMS]
    for insider in ("demo-coordinator", "demo-advisor"):
        gets, posts = crawl(_client_for(insider), start)
        get_urls |= gets
        post_urls |= posts
    protected_get = sorted(u for u in get_urls if _belongs_to_victims(urlsplit(u).path))
    protected_post = sorted(u for u in post_urls if _belongs_to_victims(urlsplit(u).path))
    assert len(protected_get) > 50, "the crawl should reach the communities' pages"

    outsiders = {
        "anonymous": _client_for(None),
        "coordinator of another community": _client_for("demo-coordinator-2"),
        "advisor of another community": _client_for("outsider-advisor"),
    }
    leaks = []
    for who, client in outsiders.items():
        for method, urls in (("GET", protected_get), ("POST", protected_post)):
            for url in urls:
                response = client.get(url) if method == "GET" else client.post(url, {})
                status = response.status_code
                if who == "anonymous":
                    ok = status == 302 and "/accounts/login/" in response["Location"]
                else:
                    ok = status in (403, 404, 405)
                if not ok:
                    leaks.append(f"{who} {method} {url} → {status}")
    assert leaks == [], "\n".join(leaks[:30])

    # Patterns no page links to (e.g. "done" pages reached after a submission) are built from
    # the arguments of a crawled URL that takes the same arguments, and replayed too.
    derived = _derive_unreached(get_urls | post_urls)
    for url in derived:
        for who, client in outsiders.items():
            for method in ("GET", "POST"):
                response = client.get(url) if method == "GET" else client.post(url, {})
                status = response.status_code
                ok = (status == 302 and "/accounts/login/" in response["Location"]
                      if who == "anonymous" else status in (403, 404, 405))
                if not ok and _belongs_to_victims(url):
                    leaks.append(f"{who} {method} {url} → {status}")

    # Pages that belong to no community: the definition editor (staff and the KM team), the
    # guide's staff pages and the KM advisors page (staff).
    staff_only = ("/fr/questionnaires/", "/fr/guide/staff/", "/fr/communities/staff/")
    staff_gets, staff_posts = crawl(_client_for("demo-admin"), list(staff_only),
                                    within=staff_only)
    staff_gets |= _derive_unreached(staff_gets | staff_posts)
    editors_only = {
        "anonymous": _client_for(None),
        "coordinator who advises no community": _client_for("demo-coordinator-2"),
        "advisor outside the KM team": _client_for("outsider-advisor"),
    }
    for who, client in editors_only.items():
        for method, urls in (("GET", staff_gets), ("POST", staff_posts)):
            for url in sorted(urls):
                response = client.get(url) if method == "GET" else client.post(url, {})
                status = response.status_code
                ok = (status == 302 and "/accounts/login/" in response["Location"]
                      if who == "anonymous" else status in (403, 404, 405))
                if not ok:
                    leaks.append(f"{who} {method} {url} → {status}")
    assert leaks == [], "\n".join(leaks[:30])

    # Coverage: every pattern with arguments was reached, or is public for a stated reason.
    reached = {_url_name(urlsplit(u).path)
               for u in get_urls | post_urls | derived | staff_gets | staff_posts}
    missing = []
    for name, route in _patterns():
        if "<" not in route or name.split(":")[0] in SKIP_NAMESPACES or name in PUBLIC:
            continue
        if name not in reached:
            missing.append(f"{name} ({route})")
    assert missing == [], "not reached by the crawl (link it or list it as public): " + ", ".join(
        missing)


def test_public_token_pages_refuse_unknown_tokens(db):
    client = Client()
    for name, route in _patterns():
        if name not in TOKEN_URL_NAMES:
            continue
        path = re.sub(r"<str:token>", "not-a-real-token-0000", route)
        path = re.sub(r"<slug:\w+>", "x", path)
        response = client.get("/" + path)
        assert response.status_code == 404, (name, response.status_code)


def test_a_member_with_a_survey_link_never_reaches_results(demo):
    from django.urls import reverse

    from survey.models import Wave

    wave = Wave.objects.filter(community__slug="marches-publics", status="open").first()
    assert wave is not None, "the demo has an open wave"
    member = Client()
    public = member.get(reverse("survey:answer", kwargs={"token": wave.public_token}))
    assert public.status_code in (200, 302)  # the member opened their link: a session exists
    kwargs = {"slug": "marches-publics", "pk": wave.pk}
    for name in ("survey:index", "survey:wave", "survey:results", "survey:count",
                 "survey:export_xlsx", "survey:export_csv", "survey:export_pdf"):
        url = reverse(name, kwargs={"slug": "marches-publics"} if name == "survey:index"
                      else kwargs)
        response = member.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
