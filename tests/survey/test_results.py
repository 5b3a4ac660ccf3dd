"""Results: the anonymity threshold on every output, SQL aggregates with bounded queries,
exports, trend across waves, shared page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from survey.feeds import member_scores
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db


def url(name, wave):
    return reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})


@pytest.mark.parametrize(("responses", "visible"), [(4, False), (5, True)])
def test_anonymity_threshold_applies_to_every_output(world, instrument, client, responses,
                                                     visible):
    wave = make_wave(world.community, responses=responses)
    close(wave)
    client.force_login(world.coordinator)
    page = client.get(url("results", wave)).content.decode()
    assert ("<svg" in page) is visible
    assert ('id="themes-table"' in page) is visible
    assert ('id="below-threshold"' in page) is not visible
    if not visible:
        assert "Texte" not in page  # no open answers below the threshold
    for name, magic in (("export_xlsx", b"PK"), ("export_csv", "\ufeffThème".encode()),
                        ("export_pdf", b"%PDF")):
        response = client.get(url(name, wave))
        assert (response.status_code == 200) is visible, name
        assert response.content.startswith(magic) is visible, name
        if not visible:
            assert response.status_code == 403
            assert "Pas encore assez de réponses" in response.content.decode()
    feed = member_scores(world.community)
    assert (feed is not None) is visible
    wave.share_results = True
    wave.save()
    shared = client.get(reverse("survey:shared", kwargs={"token": wave.share_token}))
    assert ("<svg" in shared.content.decode()) is visible


def test_results_show_means_distributions_and_charts(world, instrument, client):
    wave = make_wave(world.community, responses=30, seed=3)
    client.force_login(world.coordinator)
    response = client.get(url("results", wave))
    results = response.context["results"]
    assert results.counts.responses == 30
    overall = next(q for s in results.sections for q in s.questions
                   if q.key == "overall-satisfied")
    assert overall.answered + overall.not_applicable == 30
    assert sum(o.count for o in overall.options) == 30
    assert 1 <= overall.mean <= 5 and 0 <= overall.index <= 100
    scored = [o for o in overall.options if not o.is_na]
    assert round(sum(o.percent for o in scored)) == 100
    assert {k for k, _t, _v in results.themes} >= {"meetings", "community-trust", "overall"}
    html = response.content.decode()
    assert html.count("<svg") >= 10  # themes + one per part + choice questions
    assert "Votre participation" in html
    # Open answers: coordinators see them; the advisor does not.
    assert "open-answers" in html
    client.force_login(world.advisor)
    advisor_page = client.get(url("results", wave)).content.decode()
    assert "open-answers" not in advisor_page
    assert ("Les réponses ouvertes ne sont visibles que par la coordination de la communauté."
            in advisor_page)


@pytest.mark.parametrize("role", ["coordinator", "advisor"])
def test_results_page_runs_the_same_queries_for_10_and_200_responses(
        world, instrument, client, django_assert_max_num_queries, role):
    small = make_wave(world.community, title="Petite", responses=10, seed=1)
    big = make_wave(world.community, title="Grande", responses=200, seed=2)
    client.force_login(getattr(world, role))
    client.get(url("results", small))  # warm the chart cache and the session
    client.get(url("results", big))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q_small:
        client.get(url("results", small))
    with CaptureQueriesContext(connection) as q_big:
        client.get(url("results", big))
    assert len(q_small) == len(q_big)
    with django_assert_max_num_queries(len(q_small)):
        client.get(url("results", big))


def test_xlsx_has_summary_codebook_and_open_answers_but_no_row_per_response(
        world, instrument, client):
    wave = make_wave(world.community, responses=30, seed=3)
    close(wave)
    client.force_login(world.coordinator)
    book = load_workbook(io.BytesIO(client.get(url("export_xlsx", wave)).content))
    assert book.sheetnames == ["Résumé", "Questions", "Livre de codes", "Ventilations",
                               "Réponses ouvertes", "À propos"]
    summary, questions, codebook, breakdowns, texts, about = book.worksheets
    # Breakdowns: no count from 1 to 4 is shown (hidden cells read "—").
    cells = [v for row in breakdowns.iter_rows(values_only=True) for v in row[1:]]
    assert "—" in cells and any(isinstance(v, int) and v >= 5 for v in cells)
    assert not [v for v in cells if isinstance(v, int) and 0 < v < 5]
    assert [c.value for c in summary[1]][:2] == ["Thème", "Indice de satisfaction (0–100)"]
    assert codebook.max_row > 40
    overall = next(r for r in questions.iter_rows(values_only=True) if r[1] ==
                   "overall-satisfied")
    assert overall[3] + overall[4] == 30  # answers + no opinion: the 30 released responses
    # Open answers: one list per question (key, question, text), nothing per respondent.
    rows = list(texts.iter_rows(values_only=True))
    assert rows[0] == ("Clé", "Question", "Réponse")
    assert len(rows) > 10 and all(len(r) == 3 for r in rows)
    assert {r[0] for r in rows[1:]} <= {"future-topics", "contribute-how",
                                        "appreciate-most", "improve"}
    facts = {r[0]: r[1] for r in about.iter_rows(values_only=True)}
    assert facts["Réponses affichées"] == 30 and facts["Seuil d’anonymat"] == 5
    # The native chart is in the file.
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(client.get(url("export_xlsx", wave)).content)).namelist()
    assert any(name.startswith("xl/charts/chart") for name in names)


def test_csv_is_per_question_distributions(world, instrument, client):
    wave = make_wave(world.community, responses=8)
    for user in (world.advisor, world.coordinator):
        client.force_login(user)
        text = client.get(url("export_csv", wave)).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))  # French: Excel's flavour
        assert rows[0][:3] == ["Thème", "Clé", "Question"]
        assert rows[1][:3] == ["theme", "key", "question"]
        keys = {r[1] for r in rows[2:]}
        assert "overall-satisfied" in keys and "improve" not in keys  # no open answers
        overall = [r for r in rows[2:] if r[1] == "overall-satisfied"]
        assert sum(int(r[8]) for r in overall) == 8  # one row per option: counts, not people


def test_advisor_exports_leave_out_open_answers(world, instrument, client):
    wave = make_wave(world.community, responses=30, seed=3)
    client.force_login(world.advisor)
    book = load_workbook(io.BytesIO(client.get(url("export_xlsx", wave)).content))
    assert "Réponses ouvertes" not in book.sheetnames
    client.force_login(world.coordinator)
    book = load_workbook(io.BytesIO(client.get(url("export_xlsx", wave)).content))
    assert "Réponses ouvertes" in book.sheetnames


def test_pdf_report_has_the_numbers(world, instrument, client):
    wave = make_wave(world.community, responses=9)
    client.force_login(world.advisor)
    pdf = PdfReader(io.BytesIO(client.get(url("export_pdf", wave)).content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "9 responses" in text or "9 réponses" in text
    assert "Satisfaction index per theme" in text or "Indice" in text


def test_trend_compares_waves_on_shared_questions(world, instrument, client):
    from survey import questions, services

    first = make_wave(world.community, title="2024", responses=6, seed=4)
    close(first)
    second = make_wave(world.community, title="2025", open_days=None)
    questions.wave_customise(wave=second,
                             edits=[questions.QuestionEdit("learned", False, 1, {})])
    services.wave_open(wave=second, closes_at=first.closes_at.replace(year=2100))
    from survey.demo import fill_responses

    fill_responses(second, 6, seed=5)
    client.force_login(world.coordinator)
    results = client.get(url("results", second)).context["results"]
    assert [w.title for w in results.trend.waves] == ["2024", "2025"]
    total = sum(len(s.questions) for s in results.structure.sections)
    # "learned" was dropped from the second wave: it is not compared.
    assert results.trend.shared_questions < total
    assert all(len(row.values) == 2 for row in results.trend.rows)


def test_shared_page_is_aggregates_only_unless_open_answers_opted_in(world, instrument,
                                                                      client):
    wave = make_wave(world.community, responses=30, seed=3)
    shared = reverse("survey:shared", kwargs={"token": wave.share_token})
    assert client.get(shared).status_code == 404  # not shared yet
    wave.share_results = True
    wave.save()
    page = client.get(shared).content.decode()
    assert "themes-table" in page and "open-answers" not in page
    wave.share_open_answers = True
    wave.save()
    assert "open-answers" in client.get(shared).content.decode()


def test_live_count_endpoint(world, instrument, client):
    wave = make_wave(world.community, responses=3)
    client.force_login(world.advisor)
    data = client.get(url("count", wave)).json()
    assert data["responses"] == 3 and data["threshold_reached"] is False
    assert data["status"] == "open"


def test_a_reverse_item_says_so_wherever_its_mean_is_shown(world, instrument, client):
    """A reverse item's 1–5 mean reads the other way round: the page and the workbook say it in
    words, on its row only; its index is already turned round."""
    wave = make_wave(world.community, responses=5)
    client.force_login(world.coordinator)
    page = client.get(url("results", wave)).content.decode()
    reverse_keys = {"same-voices", "info-scattered", "ideas-ignored"}
    assert page.count("Score inversé") == len(reverse_keys)
    row = page[page.index("<tr><td>Ce sont toujours les mêmes personnes"):].split("</tr>")[0]
    assert "Score inversé" in row and "une moyenne élevée (1–5) est un mauvais résultat" in row
    book = load_workbook(io.BytesIO(client.get(url("export_xlsx", wave)).content))
    marked = {r[1] for r in book["Questions"].iter_rows(values_only=True)
              if "score inversé" in str(r[2])}
    assert marked == reverse_keys
