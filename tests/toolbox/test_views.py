"""Toolbox pages: who may see what, what the pages show, and bounded queries."""

import re
from datetime import date

import pytest
from django.urls import reverse

from copkit.questionnaires import services as engine
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Response
from tests.toolbox.conftest import structure_of
from toolbox import services
from toolbox.models import GuestLink, Instance

pytestmark = pytest.mark.django_db

VIEW_PAGES = ["result", "export_xlsx"]
EDIT_PAGES = ["fill"]
EDIT_POSTS = ["reopen", "link_create"]


def url(name, instance, **extra):
    return reverse(f"toolbox:{name}", kwargs={"slug": instance.community.slug,
                                              "tool": instance.tool, "pk": instance.pk, **extra})


def answer(instance, values, *, submit=True, response=None):
    structure = structure_of(instance)
    response = response or instance.main_response
    engine.response_save_answers(response=response, structure=structure,
                                 question_keys=sorted({v.question_key for v in values}),
                                 values=values)
    if submit:
        engine.response_submit(response=response, structure=structure)


@pytest.fixture
def all_tools(make_instance):
    return {tool: make_instance(tool, title=f"Mon {tool}") for tool in
            ("competencies", "facilitation", "it-tools", "kickoff", "charter")}


# --- Access matrix -----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["coordinator", "advisor", "other_coordinator", "other_advisor",
                                 "anonymous"])
def test_access_matrix_for_every_toolbox_page(client, world, all_tools, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    inside = who in ("coordinator", "advisor")
    slug = world.community.slug

    def check(path, *, edit=False, method="get"):
        response = getattr(client, method)(path)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        elif not inside or (edit and who == "advisor"):
            assert response.status_code == 404, (who, path)
        else:
            assert response.status_code in (200, 302, 400), (who, path, response.status_code)
            if method == "get":
                assert response.status_code == 200, path

    check(reverse("toolbox:index", args=[slug]))
    for tool, instance in all_tools.items():
        check(reverse("toolbox:tool", args=[slug, tool]))
        for name in VIEW_PAGES:
            check(url(name, instance))
        for name in EDIT_PAGES:
            check(url(name, instance), edit=True)
        check(url("fill_section", instance, section=structure_of(instance).sections[-1].key),
              edit=True)
        check(reverse("toolbox:new", args=[slug, tool]), edit=True, method="post")
        check(url("reopen", instance), edit=True, method="post")
        if tool in ("competencies", "facilitation"):
            check(url("link_create", instance), edit=True, method="post")
    check(url("export_docx", all_tools["charter"]))
    kickoff = all_tools["kickoff"]
    check(url("run_sheet", kickoff))
    check(url("invitation", kickoff))
    check(reverse("toolbox:compare", args=[slug, "kickoff"])
          + f"?a={kickoff.pk}&b={kickoff.pk}")


def test_pdf_export_is_for_members_only(client, world, all_tools):
    instance = all_tools["competencies"]
    client.force_login(world.advisor)
    response = client.get(url("export_pdf", instance))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(world.other_coordinator)
    assert client.get(url("export_pdf", instance)).status_code == 404
    client.logout()
    assert client.get(url("export_pdf", instance)).status_code == 302


def test_instance_of_another_community_is_404_even_for_a_coordinator(client, world, tools,
                                                                     make_instance):
    theirs = make_instance("kickoff", community=world.other, user=world.other_coordinator)
    client.force_login(world.coordinator)
    path = reverse("toolbox:result", kwargs={"slug": world.community.slug, "tool": "kickoff",
                                             "pk": theirs.pk})
    assert client.get(path).status_code == 404
    # and the wrong tool in the URL does not find it either
    path = reverse("toolbox:result", kwargs={"slug": world.other.slug, "tool": "it-tools",
                                             "pk": theirs.pk})
    client.force_login(world.other_coordinator)
    assert client.get(path).status_code == 404


def test_advisor_sees_results_without_edit_buttons(client, world, all_tools):
    client.force_login(world.advisor)
    page = client.get(url("result", all_tools["facilitation"])).content.decode()
    assert "Mon facilitation" in page
    assert url("fill", all_tools["facilitation"]) not in page
    assert 'id="guests"' not in page
    tool_page = client.get(reverse("toolbox:tool", args=[world.community.slug, "kickoff"]))
    assert 'data-testid="new-form"' not in tool_page.content.decode()


def test_unknown_tool_is_404(client, world, tools):
    client.force_login(world.coordinator)
    assert client.get(f"/fr/toolbox/{world.community.slug}/compass/").status_code == 404


# --- Guests ------------------------------------------------------------------------------------

def test_observer_link_shows_only_its_form_and_submits_once(client, world, all_tools):
    instance = all_tools["facilitation"]
    link = services.guest_link_create(instance=instance, name="Marc", created_by=world.coordinator)
    path = reverse("toolbox:guest_fill", kwargs={"token": link.token})
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Le matériel était préparé." in html and "Marc" in html
    assert url("result", instance) not in html and "toolbox/juristes/" not in html
    # the guest cannot open the result page, the history or another instance
    assert client.get(url("result", instance)).status_code == 302
    assert client.get(reverse("toolbox:tool", args=[world.community.slug, "facilitation"])
                      ).status_code == 302
    # fill the first section and submit from the last one
    structure = structure_of(instance)
    first, last = structure.sections[0], structure.sections[-1]
    data = {f"q-{spec.key}": "yes" for spec in first.questions}
    data["_action"] = "next"
    response = client.post(reverse("toolbox:guest_fill_section",
                                   kwargs={"token": link.token, "section": first.key}), data)
    assert response.status_code == 302
    response = client.post(reverse("toolbox:guest_fill_section",
                                   kwargs={"token": link.token, "section": last.key}),
                           {"_action": "submit"})
    assert response["Location"] == reverse("toolbox:guest_done", kwargs={"token": link.token})
    link.response.refresh_from_db()
    assert link.response.is_submitted
    assert link.response.answers.count() == len(first.questions)
    assert instance.main_response.answers.count() == 0  # the coordinator's answers untouched


def test_disabled_or_unknown_link_is_404(client, world, all_tools):
    link = services.guest_link_create(instance=all_tools["competencies"], name="Y",
                                      created_by=world.coordinator)
    services.guest_link_close(link=link)
    assert client.get(reverse("toolbox:guest_fill", kwargs={"token": link.token})
                      ).status_code == 404
    assert client.get(reverse("toolbox:guest_fill", kwargs={"token": "x" * 32})
                      ).status_code == 404


def test_coordinator_creates_and_closes_a_link_from_the_result_page(client, world, all_tools):
    instance = all_tools["competencies"]
    client.force_login(world.coordinator)
    response = client.post(url("link_create", instance), {"name": "Youssef"})
    assert response.status_code == 302
    link = GuestLink.objects.get(instance=instance)
    page = client.get(url("result", instance)).content.decode()
    assert "Youssef" in page and link.token in page
    client.post(url("link_close", instance, link=link.pk))
    link.refresh_from_db()
    assert not link.active


# --- Creating and filling ----------------------------------------------------------------------

def test_coordinator_starts_a_facilitation_checklist_for_a_meeting(client, world, tools):
    client.force_login(world.coordinator)
    path = reverse("toolbox:new", args=[world.community.slug, "facilitation"])
    refused = client.post(path, {"title": "Rencontre"})
    assert refused.status_code == 400 and not Instance.objects.exists()
    response = client.post(path, {"title": "Rencontre", "meeting_date": "2025-04-01"})
    instance = Instance.objects.get()
    assert response["Location"] == url("fill", instance)
    assert instance.meeting_date == date(2025, 4, 1)
    assert instance.created_by == world.coordinator


def test_draft_is_saved_and_resumed_then_submitted(client, world, all_tools):
    instance = all_tools["competencies"]
    client.force_login(world.coordinator)
    section = structure_of(instance).sections[0]
    path = url("fill_section", instance, section=section.key)
    client.post(path, {"q-domain-knowledge": "develop", "q-domain-knowledge-comment": "À lire",
                       "_action": "save"})
    page = client.get(path).content.decode()
    assert re.search(r'<input[^>]*value="develop"[^>]*checked', page)
    assert "À lire" in page
    result = client.get(url("result", instance)).content.decode()
    assert "Draft" in result or "Brouillon" in result
    last = structure_of(instance).sections[-1].key
    client.post(url("fill_section", instance, section=last), {"_action": "submit"})
    instance.main_response.refresh_from_db()
    assert instance.main_response.is_submitted
    result = client.get(url("result", instance)).content.decode()
    # the competency to develop comes with its tip and guide links
    assert "Sans devoir être la personne la plus experte" in result
    assert reverse("guide:phase", kwargs={"phase": "preparation"}) in result


# --- Result pages show the right figures -------------------------------------------------------

def test_competencies_result_compares_self_and_co_coordinator(client, world, all_tools):
    instance = all_tools["competencies"]
    answer(instance, [AnswerValue("domain-knowledge", choice_key="strength"),
                      AnswerValue("networking", choice_key="develop")])
    link = services.guest_link_create(instance=instance, name="Youssef",
                                      created_by=world.coordinator)
    answer(instance, [AnswerValue("domain-knowledge", choice_key="adequate"),
                      AnswerValue("networking", choice_key="adequate")], response=link.response)
    client.force_login(world.coordinator)
    response = client.get(url("result", instance))
    report = response.context["report"]
    domain = next(a for a in report.areas if a.key == "domain")
    assert domain.labels == ["50", "50"]
    assert [c.key for c in report.to_develop] == ["networking"]
    assert "Youssef (Co-coordination)" in response.content.decode()


def test_facilitation_result_and_trend_over_meetings(client, world, make_instance):
    first = make_instance("facilitation", title="Janvier", meeting_date=date(2025, 1, 10))
    answer(first, [AnswerValue("prep-objective", choice_key="no"),
                   AnswerValue("open-welcome", choice_key="partly")])
    client.force_login(world.coordinator)
    page = client.get(reverse("toolbox:tool", args=[world.community.slug, "facilitation"]))
    trend = page.context["trend"]
    assert trend.trend.meetings == 1 and not trend.trend.has_trend
    second = make_instance("facilitation", title="Mars", meeting_date=date(2025, 3, 10))
    answer(second, [AnswerValue("prep-objective", choice_key="yes"),
                    AnswerValue("prep-room", choice_key="na"),
                    AnswerValue("open-welcome", choice_key="yes")])
    draft = make_instance("facilitation", title="Mai", meeting_date=date(2025, 5, 10))
    answer(draft, [AnswerValue("prep-objective", choice_key="no")], submit=False)
    page = client.get(reverse("toolbox:tool", args=[world.community.slug, "facilitation"]))
    trend = page.context["trend"]
    assert trend.trend.labels == ["10/01/2025", "10/03/2025"]  # drafts are not in the trend
    preparation = trend.trend.moments[0]
    assert preparation.values == [0.0, 100.0] and preparation.change == 100.0
    assert "+100" in page.content.decode()
    result = client.get(url("result", second)).context["report"]
    assert [m.combined for m in result.moments][:2] == ["100", "100"]


def test_it_tools_result_ranks_the_default_tools(client, world, all_tools):
    instance = all_tools["it-tools"]
    values = [AnswerValue("scores", row="0", column="tool", text="Liste e-mail"),
              AnswerValue("scores", row="0", column="sharing", number=1.0),
              AnswerValue("scores", row="1", column="tool", text="Teams"),
              AnswerValue("scores", row="1", column="sharing", number=3.0),
              AnswerValue("scores", row="1", column="external", number=0.0)]
    answer(instance, values, submit=False)
    client.force_login(world.coordinator)
    response = client.get(url("result", instance))
    comparison = response.context["report"].comparison
    assert [(r.tool.name, r.rank) for r in comparison.ranking] == [("Teams", 1),
                                                                    ("Liste e-mail", 2)]
    assert round(comparison.ranking[0].score) == 50  # sharing 3/3 and external 0/3, same weight
    assert "Accès externe" in [c.label for c in comparison.weak["t1"]]
    assert 'data-testid="weak"' in response.content.decode()


def test_kickoff_run_sheet_shows_the_clock_and_the_overrun(client, world, all_tools):
    instance = all_tools["kickoff"]
    answer(instance, [AnswerValue("duration", number=120.0)], submit=False)
    client.force_login(world.coordinator)
    page = client.get(url("run_sheet", instance)).content.decode()
    assert "09:30–09:40" in page and "11:55" in page  # 145 minutes from 09:30
    assert 'data-testid="overrun"' in page and "25" in page
    invitation = client.get(url("invitation", instance)).content.decode()
    assert "Présentations" in invitation and "Badges" not in invitation


def test_compare_two_instances_side_by_side(client, world, make_instance):
    a = make_instance("competencies", title="2024")
    answer(a, [AnswerValue("trust", choice_key="develop")])
    b = make_instance("competencies", title="2025")
    answer(b, [AnswerValue("trust", choice_key="strength")])
    client.force_login(world.coordinator)
    response = client.get(reverse("toolbox:compare", args=[world.community.slug, "competencies"])
                          + f"?a={a.pk}&b={b.pk}")
    comparison = response.context["comparison"]
    personal = next(line for line in comparison.scores if line.label == "Qualités personnelles")
    assert personal.values == ["0", "100"]
    trust = next(row for row in comparison.answers if row.key == "trust")
    assert trust.values == ["À développer", "Point fort"]
    bad = client.get(reverse("toolbox:compare", args=[world.community.slug, "competencies"])
                     + "?a=x")
    assert bad.status_code == 302


# --- Bounded queries ---------------------------------------------------------------------------

def _grow(make_instance, world, n):
    for i in range(n):
        instance = make_instance("facilitation", title=f"R{i}", meeting_date=date(2025, 1, 1 + i))
        answer(instance, [AnswerValue("prep-objective", choice_key="yes")])
        link = services.guest_link_create(instance=instance, name=f"O{i}",
                                          created_by=world.coordinator)
        answer(instance, [AnswerValue("open-welcome", choice_key="no")], response=link.response)


@pytest.mark.parametrize("size", [1, 6])
def test_history_and_result_pages_run_a_bounded_number_of_queries(
        client, world, make_instance, django_assert_max_num_queries, size):
    _grow(make_instance, world, size)
    client.force_login(world.coordinator)
    instance = Instance.objects.filter(tool="facilitation").first()
    tool_page = reverse("toolbox:tool", args=[world.community.slug, "facilitation"])
    # The first visits ask the worker for their charts (run at once here): measured after.
    client.get(tool_page), client.get(url("result", instance))
    with django_assert_max_num_queries(16):
        assert client.get(tool_page).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("result", instance)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("toolbox:index", args=[world.community.slug])
                          ).status_code == 200
    assert Response.objects.count() == 2 * size


@pytest.mark.parametrize(("language", "text"), [("fr", "Préparation"), ("nl", "Voorbereiding"),
                                                ("en", "Preparation")])
def test_result_and_fill_pages_show_content_in_the_readers_language(client, world, all_tools,
                                                                   language, text):
    from django.utils import translation

    client.force_login(world.coordinator)
    instance = all_tools["facilitation"]
    with translation.override(language):
        result, fill = url("result", instance), url("fill", instance)
    assert result.startswith(f"/{language}/")
    assert text in client.get(result).content.decode()
    assert text in client.get(fill).content.decode()


def test_an_added_repeat_row_is_kept_when_saved(client, world, all_tools):
    """Regression: the hidden row count must include the row just added (engine fix)."""
    instance = all_tools["kickoff"]
    client.force_login(world.coordinator)
    path = url("fill_section", instance, section="agenda")
    page = client.get(path + "?add=agenda")
    form = page.context["form"]
    assert form["q-agenda-rows"].value() == 11
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"q-agenda-10-step": "Photo de groupe", "q-agenda-10-minutes": "5",
                 "_action": "save"})
    client.post(path, data)
    report = client.get(url("result", instance)).context["report"]
    assert report.rows[-1].step == "Photo de groupe" and report.clock.total == 150
