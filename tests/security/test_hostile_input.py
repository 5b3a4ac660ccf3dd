# Over 400 lines on purpose: every public and engine form against the same hostile inputs.
"""Hostile input (issue 8) on the public forms (survey link, sign-in, password reset, invitation
sign-up, language switch) and the engine forms (fill-in, definition editor, workbook import):
oversized bodies and fields, too many fields, wrong types, invalid UTF-8, NUL bytes, script and
HTML in every text shown later. Always a clear error in the user's language, or safe escaping;
never a 500; nothing already saved lost or half-written. Property-based tests (hypothesis) for
the survey's public pages and the engine's SectionForm.

Runs with the test settings' DEBUG=False, so Django's own error views render templates/4xx.html.
"""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from copkit.communities import services as community_services
from copkit.questionnaires.definitions import definition_load
from copkit.questionnaires.forms import SectionForm
from copkit.questionnaires.models import Answer, Response, Version
from copkit.questionnaires.structure import load_structure
from survey import content
from tests.conftest import join_km_team, rows_for_the_module
from tests.questionnaires.conftest import form_values, load_fixture
from tests.survey.conftest import make_wave

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
FORM = "application/x-www-form-urlencoded"
TRIED: dict[str, int] = {}  # category -> number of hostile inputs sent (printed with -s)


def tried(category: str, n: int = 1) -> None:
    TRIED[category] = TRIED.get(category, 0) + n


def no_500(response) -> None:
    assert response.status_code < 500, response.content[:1000]


def gettext_in(language: str, msgid: str) -> str:
    with translation.override(language):
        if "%(limit_value)d" in msgid:  # Django's plural message of max_length
            return translation.ngettext(msgid.replace("characters", "character"), msgid, 5000)
        return translation.gettext(msgid)


@pytest.fixture(autouse=True, scope="module")
def _report():
    yield
    print("\nhostile inputs tried by category:", dict(sorted(TRIED.items())),  # noqa: T201
          "total", sum(TRIED.values()))


def _load_definitions():
    content.load(stdout=io.StringIO())
    return definition_load(load_fixture(), app="tests")[0].pk


_definition_rows = rows_for_the_module(_load_definitions)  # written once for the module's tests


@pytest.fixture
def all_types_version(request, _definition_rows, db):
    return Version.objects.get(pk=_definition_rows.for_test(request))


@pytest.fixture
def instrument(request, _definition_rows, db):
    _definition_rows.for_test(request)


def snapshot(response: Response) -> list[tuple]:
    return sorted(Answer.objects.filter(response=response).values_list(
        "question__key", "row", "column", "choice__key", "number", "text"))


@pytest.fixture
def started(world, instrument):
    """A member half-way through the survey: two pages saved, the client still on the link."""
    wave = make_wave(world.community)
    client = Client(raise_request_exception=False)
    token = wave.public_token
    client.post(f"/fr/survey/r/{token}/", {"confirm": "on"})
    client.post(f"/fr/survey/r/{token}/s/motivation/", {
        "q-expectations-met": "4", "q-joined-why": ["learn", "share"], "_action": "next"})
    client.post(f"/fr/survey/r/{token}/s/content/", {
        "q-topics-relevant": "5", "q-future-topics": "Les marchés durables", "_action": "next"})
    response = Response.objects.get(collection=wave.collection)
    before = snapshot(response)
    assert len(before) == 5
    return client, wave, response, before


# --- Oversized bodies, too many fields: a friendly 400 page in the member's language ------------

@pytest.mark.parametrize("language", ["fr", "nl"])
def test_oversized_body_and_too_many_fields_get_the_400_page_and_keep_the_answers(started,
                                                                                   language):
    client, wave, response, before = started
    assert settings.DEBUG is False
    token = wave.public_token
    section = f"/{language}/survey/r/{token}/s/content/"
    start = f"/{language}/survey/r/{token}/"
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    attempts = [
        (section, {"q-future-topics": big, "_action": "next"}),
        (section, {"q-future-topics": "court", "pad": big, "_action": "submit"}),
        (section, {**{f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)},
                   "q-future-topics": "", "_action": "next"}),
        (start, {"confirm": "on", "pad": big}),
        (f"/{language}/accounts/login/", {"username": "a", "password": big}),
        (f"/{language}/accounts/login/",
         {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}),
    ]
    for url, data in attempts:
        tried("oversized body / too many fields")
        # The start page of someone with a draft does not read the body: a new visitor's does.
        page = (Client() if url == start else client).post(url, data)
        assert page.status_code == 400, (url, page.status_code)
        html = page.content.decode()
        assert f'<html lang="{language}">' in html
        assert gettext_in(language, "The request could not be read") in html
        assert "Bad Request (400)" not in html
    # Nothing changed, nothing submitted.
    assert snapshot(response) == before
    response.refresh_from_db()
    assert response.status == "draft"


def test_the_error_pages_are_friendly_and_the_500_page_needs_nothing(world, client,
                                                                      django_assert_num_queries):
    from django.views import defaults
    from django.views.csrf import csrf_failure

    tried("error pages", 5)
    page = client.get("/nl/survey/r/" + "a" * 30 + "/")
    assert page.status_code == 404
    html = page.content.decode()
    assert '<html lang="nl">' in html and gettext_in("nl", "Page not found") in html
    # A form kept open too long (CSRF): a page in the member's language, not Django's English.
    strict = Client(enforce_csrf_checks=True)
    page = strict.post("/fr/accounts/login/", {"username": "x", "password": "y"})
    assert page.status_code == 403
    assert gettext_in("fr", "This form has expired") in page.content.decode()
    # 400 and 500 are rendered by Django without request, context or database.
    request = RequestFactory().get("/fr/")
    with translation.override("nl"), django_assert_num_queries(0):
        error = defaults.server_error(request)
        bad = defaults.bad_request(request, Exception("x"))
        csrf = csrf_failure(request)
    assert error.status_code == 500 and bad.status_code == 400 and csrf.status_code == 403
    assert gettext_in("nl", "Something went wrong") in error.content.decode()
    assert "{%" not in render_to_string("500.html") and "static" not in render_to_string(
        "500.html")


# --- Wrong types, unknown keys, oversized fields, NUL bytes, invalid UTF-8 ----------------------

INVALID_CHOICE = "Select a valid choice. %(value)s is not one of the available choices."
BAD_SURVEY_POSTS = [
    ("unknown choice", {"q-topics-relevant": "99"}, INVALID_CHOICE),
    ("unknown choice", {"q-topics-relevant": "<script>"}, INVALID_CHOICE),
    ("unknown choice", {"q-topics-relevant": "4", "q-future-topics": "ok",
                        "q-topics-depth": "1.0"}, INVALID_CHOICE),
    ("field longer than max_length", {"q-future-topics": "é" * 5001},
     "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."),
    ("NUL byte", {"q-future-topics": "avant\x00après"}, "Null characters are not allowed."),
    ("NUL byte", {"q-topics-relevant": "4\x00"}, INVALID_CHOICE),
]


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize(("category", "data", "message"), BAD_SURVEY_POSTS)
def test_bad_values_on_a_survey_page_are_refused_in_the_members_language(
        started, language, category, data, message):
    client, wave, response, before = started
    tried(category)
    for action in ("next", "submit", "autosave"):
        page = client.post(f"/{language}/survey/r/{wave.public_token}/s/content/",
                           {**data, "_action": action})
        assert page.status_code == 400
        if action != "autosave":
            html = page.content.decode()
            assert f'<html lang="{language}">' in html
            expected = gettext_in(language, message).split("%")[0].replace("'", "&#x27;")
            assert expected in html, (expected, html[:200])
    assert snapshot(response) == before
    response.refresh_from_db()
    assert response.status == "draft"


def test_arrays_where_one_value_is_expected_store_one_value(started):
    client, wave, response, before = started
    tried("array for a scalar", 2)
    page = client.post(f"/fr/survey/r/{wave.public_token}/s/content/", {
        "q-topics-relevant": ["1", "2", "3"], "q-future-topics": ["a", "b"], "_action": "next"})
    no_500(page)
    stored = [a for a in snapshot(response) if a[0] in ("topics-relevant", "future-topics")]
    assert len(stored) == 2  # one answer each, never three


def test_invalid_utf8_and_nul_in_body_query_string_and_path(started, world):
    client, wave, response, before = started
    token = wave.public_token
    raw_bodies = [b"q-future-topics=\xff\xfe\xc0&_action=next",
                  b"q-future-topics=%FF%FE%C0%00&_action=next",
                  b"\xff\xff=\xff&_action=save",
                  b"q-topics-relevant=%C0%AF&_action=next"]
    for body in raw_bodies:
        tried("invalid UTF-8 / NUL in body")
        no_500(client.generic("POST", f"/fr/survey/r/{token}/s/content/", body,
                              content_type=FORM))
    for body in raw_bodies:
        for url in (f"/fr/survey/r/{token}/", "/fr/accounts/login/",
                    "/fr/accounts/password_reset/", "/i18n/setlang/"):
            tried("invalid UTF-8 / NUL in body")
            no_500(Client(raise_request_exception=False).generic("POST", url, body,
                                                                 content_type=FORM))
    for query in ("?add=%FF%00", "?check=%FF", "?add=q-%C0%AF&check=1", "?%FF=%FE",
                  "?next=%00javascript:alert(1)"):
        for url in (f"/fr/survey/r/{token}/", f"/fr/survey/r/{token}/s/grids/",
                    f"/fr/survey/r/{token}/s/content/", "/fr/accounts/login/",
                    f"/fr/survey/shared/{token}/"):
            tried("invalid UTF-8 / NUL in query string")
            no_500(client.get(url + query))
    for path in (f"/fr/survey/r/%FF{token}/", "/fr/survey/r/%00/", f"/fr/survey/r/{token}/s/%FF/",
                 "/fr/survey/shared/%C0%AF/", "/fr/communities/invitations/%FF%00/"):
        tried("invalid UTF-8 / NUL in path")
        no_500(client.get(path))
    # Malformed bodies of other kinds.
    for body, ctype in ((b"--x\r\nbroken", "multipart/form-data; boundary=x"),
                        (b"abc", "multipart/form-data"),
                        (b'{"q-topics-relevant": ["4"]}', "application/json")):
        tried("malformed body")
        no_500(client.generic("POST", f"/fr/survey/r/{token}/s/motivation/", body,
                              content_type=ctype))
    # Invalid bytes are decoded as U+FFFD (never stored as raw bytes); answers stay well formed.
    texts = Answer.objects.filter(response=response).values_list("text", flat=True)
    assert all("\x00" not in text for text in texts)
    assert Response.objects.filter(collection=wave.collection).count() == 1


def test_number_fields_refuse_letters_and_out_of_range_values(client, world, all_types_version):
    client.force_login(world.staff)  # the preview is the KM team's (staff hold every right)
    v = all_types_version
    base = reverse("questionnaires:preview_section",
                   kwargs={"key": v.questionnaire.key, "number": v.number, "section": "facts"})
    assert client.post(base, {"q-meetings-per-year": "12", "q-remarks": "ok",
                              "_action": "save"}).status_code == 302
    response = Response.objects.get()
    before = snapshot(response)
    cases = [("letters in a number", {"q-meetings-per-year": "douze"}, "Enter a number."),
             ("number out of bounds", {"q-meetings-per-year": "53"},
              "Ensure this value is less than or equal to %(limit_value)s."),
             ("number out of bounds", {"q-meetings-per-year": "-1"},
              "Ensure this value is greater than or equal to %(limit_value)s."),
             ("letters in a number", {"q-meetings-per-year": "1e400"},
              "Ensure that there are no more than %(max)s digits in total."),
             ("letters in a number", {"q-meetings-per-year": "NaN"}, "Enter a number."),
             ("wrong date", {"q-meeting-date": "2025-02-30"}, "Enter a valid date."),
             ("unknown choice", {"q-channels": ["mail", "fax"]}, INVALID_CHOICE),
             ("unknown choice", {"q-role": ["core", "boss"]}, INVALID_CHOICE)]
    for language in ("fr", "nl"):
        for category, data, message in cases:
            tried(category)
            page = client.post(base.replace("/fr/", f"/{language}/"),
                               {**data, "_action": "save"})
            assert page.status_code == 400, (data, page.status_code)
            with translation.override(language):
                expected = (translation.ngettext(message.replace("digits", "digit"), message, 12)
                            if "%(max)s" in message else translation.gettext(message))
            expected = expected.split("%")[0]
            assert expected.replace("'", "&#x27;") in page.content.decode(), (language, data)
    # Matrix cells and repeat rows out of bounds, and a silly row count.
    grids = base.replace("/facts/", "/grids/")
    for data in ({"q-tools-teams-sharing": "4"}, {"q-tools-wiki-cost": "x"},
                 {"q-agenda-rows": "2", "q-agenda-0-minutes": "abc"}):
        tried("letters in a number")
        assert client.post(grids, {**data, "_action": "save"}).status_code == 400
    for rows in ("-5", "999999999999", "abc", "4" * 400):
        tried("wrong row count")
        no_500(client.post(grids, {"q-agenda-rows": rows, "_action": "save"}))
        no_500(client.get(grids + f"?add=agenda&rows={rows}"))
    assert snapshot(response) == before


# --- Script and HTML in every text shown later ------------------------------------------------

def test_open_answers_with_html_are_escaped_on_the_results(world, instrument, client):
    wave = make_wave(world.community)
    # Five members (five browsers) write it: open answers show only from k answers to a question.
    for _ in range(5):
        member = Client()
        member.post(f"/fr/survey/r/{wave.public_token}/", {"confirm": "on"})
        assert member.post(f"/fr/survey/r/{wave.public_token}/s/content/",
                           {"q-future-topics": SCRIPT, "_action": "next"}).status_code == 302
        assert member.post(f"/fr/survey/r/{wave.public_token}/s/overall/",
                           {"_action": "submit"}).status_code == 302
    tried("script/HTML in displayed text")
    from survey import services
    services.wave_close(wave=wave)
    client.force_login(world.coordinator)
    html = client.get(reverse("survey:results", kwargs={"slug": world.community.slug,
                                                         "pk": wave.pk})).content.decode()
    assert ESCAPED in html and SCRIPT not in html


def test_community_and_user_names_with_html_are_escaped(world, instrument, client):
    tried("script/HTML in displayed text", 3)
    client.force_login(world.coordinator)
    page = client.post(reverse("communities:create"), {
        "name": SCRIPT, "domain": SCRIPT, "organisation": SCRIPT, "phase": "growth",
        "language": "fr"})
    assert page.status_code == 302, page.content[:2000]
    community = world.coordinator.memberships.get(community__name=SCRIPT).community
    assert "<" not in community.slug
    for url in (page["Location"], reverse("home")):
        html = client.get(url, follow=True).content.decode()
        assert SCRIPT not in html and "&lt;script&gt;" in html
    # The same name on the anonymous survey page.
    wave = make_wave(community)
    html = Client().get(f"/fr/survey/r/{wave.public_token}/").content.decode()
    assert SCRIPT not in html and "&lt;script&gt;" in html
    # A person's name, given when following an invitation, is shown escaped to them and others.
    _invitation, token = community_services.invitation_create(
        community=world.community, email="new@example.org", role="coordinator",
        invited_by=world.coordinator, accept_url_builder=lambda path: path)
    newcomer = Client()
    joined = newcomer.post(reverse("communities:invitation_accept", kwargs={"token": token}), {
        "username": "nouveau", "first_name": SCRIPT, "last_name": SCRIPT[:100],
        "password1": "a-Long-passw0rd!", "password2": "a-Long-passw0rd!"})
    assert joined.status_code == 302, joined.content[:2000]
    # Signed in for real (the session names a configured authentication backend).
    assert newcomer.get(reverse("home")).context["user"].is_authenticated
    for who, url in ((newcomer, reverse("home")),
                     (client, reverse("communities:people", kwargs={"slug": "juristes"}))):
        html = who.get(url, follow=True).content.decode()
        assert SCRIPT not in html and "&lt;script&gt;" in html, url
    # Too long and NUL-bearing names are refused with a message, nothing created.
    tried("field longer than max_length")
    tried("NUL byte")
    for name in ("x" * 1000, "nom\x00"):
        page = client.post(reverse("communities:create"), {
            "name": name, "domain": "d", "organisation": "o", "phase": "growth",
            "language": "fr"})
        assert page.status_code == 200 and 'class="invalid-feedback' in page.content.decode()


def test_question_titles_with_html_are_escaped_in_editor_preview_and_survey(
        client, world, all_types_version):
    tried("script/HTML in displayed text", 2)
    client.force_login(join_km_team(world.advisor))  # the editor: KM team
    v = all_types_version
    edit = reverse("questionnaires:edit_section",
                   kwargs={"key": v.questionnaire.key, "number": 1, "section": "opinions"})
    data = form_values(client.get(edit).content.decode())
    data["q0-title-fr"] = SCRIPT
    data["q0-help-fr"] = SCRIPT
    data["_action"] = "save"
    page = client.post(edit, data)
    assert page.status_code == 302, page.content[:3000]
    v2 = Version.objects.get(questionnaire=v.questionnaire, number=2)
    assert v2.questions.get(key="domain-clear").title["fr"] == SCRIPT
    for url in (edit.replace("/v1/", "/v2/"),
                reverse("questionnaires:preview", kwargs={"key": v.questionnaire.key,
                                                          "number": 2})):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "onerror=alert(1)>" not in html, url


def test_import_error_messages_quote_the_workbook_escaped(client, world, all_types_version):
    tried("script/HTML in displayed text", 3)
    client.force_login(join_km_team(world.advisor))  # the editor: KM team
    v = all_types_version
    download = reverse("questionnaires:download", kwargs={"key": v.questionnaire.key,
                                                          "number": 1})
    wb = openpyxl.load_workbook(io.BytesIO(client.get(download).content))
    wb["survey"]["A8"].value = SCRIPT  # type
    wb["survey"]["B3"].value = SCRIPT  # name (the question's key)
    wb["settings"]["B2"].value = SCRIPT  # form_id (the questionnaire's key)
    out = io.BytesIO()
    wb.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "<b>evil</b>.xlsx"
    versions = Version.objects.count()
    page = client.post(reverse("questionnaires:import", kwargs={"key": v.questionnaire.key,
                                                                "number": 1}), {"file": upload})
    assert page.status_code == 400
    html = page.content.decode()
    assert "<script>alert" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html
    assert Version.objects.count() == versions  # the refused workbook created nothing


# --- Property-based: arbitrary field names and values -----------------------------------------

FIELD_VALUES = st.one_of(
    st.text(max_size=40), st.sampled_from(["", "1", "4", "5", "na", "99", "-1", "52", "53",
                                           "1e9", "NaN", "Infinity", "2025-02-30", "2025-01-15",
                                           "yes", "member", "mail", "\x00", "0.005"]),
    st.integers(-10**15, 10**15).map(str), st.decimals(allow_nan=True).map(str),
    st.text(min_size=490, max_size=520))


def _names(version) -> list[str]:
    names = ["_action", "q-nothing", "q-agenda-rows", "q-agenda-99-step"]
    for section in load_structure(version).sections:
        form = SectionForm(section, language="fr", draft=True, repeat_rows={"agenda": 3})
        names += list(form.fields)
    return names


def _check_values_belong(section, values) -> None:
    specs = {s.key: s for s in section.questions}
    for value in values:
        spec = specs[value.question_key]
        q = spec.question
        if value.choice_key is not None:
            assert value.choice_key in {c.key for c in spec.options}
        if value.number is not None:
            config = q.config
            if q.type == "repeat":
                config = next(f.config for f in spec.fields if f.key == value.column)
            if "min" in config:
                assert Decimal(str(value.number)) >= Decimal(str(config["min"]))
            if "max" in config:
                assert Decimal(str(value.number)) <= Decimal(str(config["max"]))
        assert "\x00" not in value.text and len(value.text) <= 5000


@hsettings(max_examples=150, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_section_form_is_valid_within_bounds_or_invalid_with_errors(all_types_version, data):
    structure = load_structure(all_types_version)
    names = _names(all_types_version)
    section = data.draw(st.sampled_from(structure.sections))
    posted = data.draw(st.dictionaries(
        st.one_of(st.sampled_from(names), st.text(max_size=10)),
        st.one_of(FIELD_VALUES, st.lists(FIELD_VALUES, max_size=4)), max_size=12))
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, value in posted.items():
        qd.setlist(key, value if isinstance(value, list) else [value])
    for draft in (True, False):
        form = SectionForm(section, language=data.draw(st.sampled_from(["fr", "nl", "en"])),
                           draft=draft, data=qd)
        if form.is_valid():
            _check_values_belong(section, form.answer_values())
        else:
            assert form.errors


@hsettings(max_examples=40, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_survey_pages_take_any_post_without_a_500_and_store_only_valid_answers(started, data):
    client, wave, response, _before = started
    structure = load_structure(wave.collection.version)
    names = ["_action", "confirm"]
    for section in structure.sections:
        names += list(SectionForm(section, language="fr", draft=True).fields)
    section = data.draw(st.sampled_from(structure.sections))
    posted = data.draw(st.dictionaries(
        st.one_of(st.sampled_from(names), st.text(max_size=8)),
        st.one_of(FIELD_VALUES, st.lists(FIELD_VALUES, max_size=3),
                  st.sampled_from(["next", "save", "autosave", "previous", "goto:content",
                                   "row-up:x:1", "add-row:x"])), max_size=10))
    posted.pop("_action", None) if posted.get("_action") == "submit" else None
    tried("property-based random POST")
    before = snapshot(response)
    page = client.post(f"/fr/survey/r/{wave.public_token}/s/{section.key}/", posted)
    assert page.status_code in (200, 302, 400), page.status_code
    if page.status_code == 400:
        assert snapshot(response) == before  # refused: nothing changed
    by_key = {spec.key: spec for s in structure.sections for spec in s.questions}
    for answer in Answer.objects.filter(response=response).select_related("question", "choice"):
        spec = by_key[answer.question.key]
        if answer.choice_id:
            assert answer.choice.key in {c.key for c in spec.options}
        assert "\x00" not in answer.text and len(answer.text) <= 5000


# --- Hostile tokens on every link that needs no account -----------------------------------------

HOSTILE_TOKENS = ["%00", "abc%00def", "%FF%FE", "%C0%AF", "x" * 5000, "..%2F..%2Fetc%2Fpasswd",
                  "'%20OR%20'1'='1", "%3Cscript%3E", "%E2%80%AE", "0" * 40, "A" * 43]


def test_hostile_tokens_on_link_pages_are_a_404_never_a_500(world):
    client = Client(raise_request_exception=False)
    patterns = ["/fr/survey/r/{}/", "/fr/survey/r/{}/s/motivation/", "/fr/survey/r/{}/done/",
                "/fr/survey/shared/{}/", "/fr/compass/r/{}/", "/fr/compass/r/{}/fill/",
                "/fr/compass/r/{}/fill/shared-domain/", "/fr/compass/r/{}/done/",
                "/fr/toolbox/guest/{}/", "/fr/toolbox/guest/{}/done/",
                "/fr/toolbox/guest/{}/meeting/", "/fr/communities/invitations/{}/"]
    statuses = set()
    for token in HOSTILE_TOKENS:
        for pattern in patterns:
            url = pattern.format(token)
            for method in ("GET", "POST"):
                tried("hostile token on a link page")
                response = client.generic(method, url, b"_action=submit&confirm=on",
                                          content_type=FORM)
                no_500(response)
                statuses.add(response.status_code)
    # Refused, never served: unknown links are 404 (405 where a page takes no POST).
    assert 404 in statuses and statuses <= {404, 405}, statuses
