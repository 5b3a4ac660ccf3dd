"""Nobody waits for a tool's chart or file: the pages show their tables while the worker draws
the charts, and the downloads serve the files the worker made when the tool was saved, never
typeset in the request and never an older version (toolbox/prebuilt.py, report_rows.py)."""

from datetime import date

import pytest
from django.urls import reverse

from copkit.core import prebuild
from copkit.questionnaires.forms import AnswerValue
from tests.prebuild_helpers import NO_WORKER, PENDING, refuse_drawing, run_queue
from tests.toolbox.test_views import answer, url
from toolbox import exports, prebuilt, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(make_instance):
    competencies = make_instance("competencies", title="Profil")
    answer(competencies, [AnswerValue("domain-knowledge", choice_key="strength")], submit=False)
    facilitation = make_instance("facilitation", title="Rencontre", meeting_date=date(2025, 3, 1))
    answer(facilitation, [AnswerValue("prep-objective", choice_key="yes")])
    return {"competencies": competencies, "facilitation": facilitation,
            "it-tools": make_instance("it-tools", title="Outils")}


def test_result_and_tool_pages_show_their_tables_until_the_worker_drew_the_charts(
        client, world, filled, monkeypatch):
    pages = {**{tool: (url("result", instance), table)
                for (tool, instance), table in zip(filled.items(),
                                                   ("areas", "moments", "ranking"), strict=True)},
             "trend": (reverse("toolbox:tool", args=[world.community.slug, "facilitation"]),
                       "trend-table")}
    client.force_login(world.advisor)
    refuse_drawing(monkeypatch)
    with NO_WORKER:
        for name, (path, table) in pages.items():
            html = client.get(path).content.decode()
            assert PENDING in html and f'data-testid="{table}"' in html, name
            assert "<svg" not in html, name
        monkeypatch.undo()
        assert run_queue() == len(pages)  # the worker draws one chart per page
        refuse_drawing(monkeypatch)
        for name, (path, _table) in pages.items():
            html = client.get(path).content.decode()
            assert "<svg" in html and PENDING not in html, name


def test_a_saved_tool_queues_its_files(client, world, filled,
                                       django_capture_on_commit_callbacks):
    instance = filled["competencies"]  # a draft: its pages save
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks() as callbacks, NO_WORKER:
        client.post(url("fill", instance), {"_action": "save"})
    assert [c.__qualname__ for c in callbacks] == ["changed.<locals>.<lambda>"]
    # The background autosave (every few seconds of typing) queues nothing: a download then
    # finds the files stale by their key and waits for its own build.
    with django_capture_on_commit_callbacks() as callbacks, NO_WORKER:
        assert client.post(url("fill", instance), {"_action": "autosave"}).json() == {
            "saved": True}
    assert callbacks == []


def test_the_pdf_made_by_the_worker_draws_its_chart(filled, monkeypatch):
    shown = {}
    monkeypatch.setattr("copkit.questionnaires.exports.pdf_bytes",
                        lambda template, context: shown.update(context) or b"%PDF")
    exports.pdf(selectors.instance_data_get(filled["facilitation"]))
    assert shown["report"].chart.startswith("<svg")  # not the "being prepared" note


def test_a_download_serves_the_file_made_for_the_tool_as_it_is(client, world, filled,
                                                               monkeypatch):
    instance = filled["competencies"]  # a draft: its answers change
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **kw: b"%PDF-1.7 before")
    prebuild.build_now("toolbox.document", instance=instance.pk, name="pdf", language="fr")
    refuse_drawing(monkeypatch)
    client.force_login(world.advisor)
    with NO_WORKER:
        served = client.get(url("export_pdf", instance))
        assert served.content == b"%PDF-1.7 before" and served["Content-Type"] == "application/pdf"
        answer(instance, [AnswerValue("networking", choice_key="develop")], submit=False)
        again = client.get(url("export_pdf", instance))  # changed: never the old file
    assert again.status_code == 302 and "/exports/" in again["Location"]
    # Another community's coordinator: 404, whatever was made ahead.
    client.force_login(world.other_coordinator)
    assert client.get(url("export_pdf", instance)).status_code == 404
    other = reverse("toolbox:export_pdf", kwargs={"slug": world.other.slug,
                                                  "tool": instance.tool, "pk": instance.pk})
    assert client.get(other).status_code == 404


def test_the_worker_makes_each_file_of_a_tool_in_the_communitys_languages(filled, monkeypatch):
    made = []
    monkeypatch.setattr(prebuilt, "build_document", lambda **params: made.append(params))
    prebuild.build_now("toolbox.instance", instance=filled["competencies"].pk)
    languages = filled["competencies"].community.language.split("+")
    assert sorted((m["name"], m["language"]) for m in made) == sorted(
        (name, lang) for name in ("pdf", "xlsx") for lang in languages)
