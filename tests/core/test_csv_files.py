"""copkit/core/csvfiles.py: a CSV a Belgian Excel opens in columns (excel flavour) and one any
other tool reads (standard flavour), neither carrying a formula, read back with Python's csv."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from copkit.core.csvfiles import (
    Flavour,
    csv_bytes,
    csv_links,
    default_flavour,
    filename,
    neutralised,
    requested_flavour,
)

HOSTILE = ["=HYPERLINK(\"https://evil.example\",\"clic\")", "-2+3", "+SUM(A1)", "@cmd", "\tx",
           "\rx", "＝1+1", "－1"]
# Harmless in the flavour written, a formula once a reader splits at the other separator.
SPLIT = ["x;=2*3", "x,=2*3", "a; -1", "b,@SUM(A1)"]


def _read(data: bytes, flavour: str) -> list[list[str]]:
    if flavour == "excel":
        assert data.startswith(b"\xef\xbb\xbf")
        text, delimiter = data[3:].decode("utf-8"), ";"
    else:
        assert not data.startswith(b"\xef\xbb\xbf")
        text, delimiter = data.decode("utf-8"), ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _rows(flavour: str) -> bytes:
    return csv_bytes(labels=["Réponse", "Score"], keys=["answer", "score"],
                     rows=[[value, i] for i, value in enumerate(HOSTILE + SPLIT)],
                     flavour=flavour)


@pytest.mark.parametrize(("flavour", "separator"), [("standard", b","), ("excel", b";")])
def test_each_flavour_has_its_separator_bom_and_crlf(flavour, separator):
    data = csv_bytes(labels=["Thème", "Moyenne"], keys=["theme", "mean"],
                     rows=[["Apprendre", 3.25], ["Réseau", None]], flavour=flavour)
    body = data.removeprefix(b"\xef\xbb\xbf")
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and not any(b"\n" in line for line in lines)  # CRLF, ending with one
    assert lines[0] == separator.join(["Thème".encode(), b"Moyenne"])
    assert lines[1] == separator.join([b"theme", b"mean"])
    assert (data != body) is (flavour == "excel")


@pytest.mark.parametrize("flavour", ["standard", "excel"])
def test_no_field_starts_a_formula_in_either_flavour_or_when_split_at_the_other(flavour):
    rows = _read(_rows(flavour), flavour)[2:]
    values = [row[0] for row in rows]
    for value, original in zip(values, HOSTILE + SPLIT, strict=True):
        # Read with either separator, no piece starts like a formula.
        for piece in value.replace(";", ",").split(","):
            assert not piece.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝",
                                                      "－")), (flavour, value)
        assert value.lstrip("'").replace("'", "") == original.replace("'", "")  # text kept
    assert values[0] == "'=HYPERLINK(\"https://evil.example\",\"clic\")"
    assert values[1] == "'-2+3"
    assert values[HOSTILE.index("\rx")] == "'\rx"
    assert values[len(HOSTILE)] == "x;'=2*3"


def test_a_field_holding_either_separator_is_quoted_in_both_flavours():
    for flavour in ("standard", "excel"):
        body = _rows(flavour).decode("utf-8-sig")
        assert '"x;\'=2*3"' in body and '"x,\'=2*3"' in body


@pytest.mark.parametrize(("flavour", "written"), [("standard", ["3.25", "-2", "12.5", "7"]),
                                                  ("excel", ["3,25", "-2", "12,5", "7"])])
def test_numbers_stay_numbers_in_the_flavours_decimal_notation(flavour, written):
    data = csv_bytes(labels=list("abcd"), keys=list("abcd"),
                     rows=[[3.25, -2, Decimal("12.5"), 7]], flavour=flavour)
    row = _read(data, flavour)[2]
    assert row == written  # no apostrophe before -2: a number, not text
    assert [float(v.replace(",", ".")) for v in row] == [3.25, -2, 12.5, 7]


def test_headers_are_neutralised_too():
    data = csv_bytes(labels=["=cmd"], keys=["k"], rows=[], flavour="standard")
    assert _read(data, "standard")[0] == ["'=cmd"]


def test_neutralising_is_one_rule_for_csv_and_xlsx():
    from copkit.questionnaires import exports

    assert exports.is_formula_like("=1") and not exports.is_formula_like("a=1")
    assert neutralised("plain, text; here") == "plain, text; here"


def test_french_and_dutch_readers_get_the_excel_flavour_by_default():
    assert [default_flavour(lang) for lang in ("fr", "nl", "en")] == [
        Flavour.EXCEL, Flavour.EXCEL, Flavour.STANDARD]
    request = RequestFactory().get("/", {"flavour": "standard"})
    with translation.override("nl"):
        assert requested_flavour(request) == Flavour.STANDARD
        assert requested_flavour(RequestFactory().get("/", {"flavour": "x"})) == Flavour.EXCEL
        links = csv_links("/nl/survey/c/w/1/results.csv")
    assert [link.url for link in links] == ["/nl/survey/c/w/1/results.csv?flavour=excel",
                                            "/nl/survey/c/w/1/results.csv?flavour=standard"]
    assert links[0].label == "CSV voor Excel (scheidingsteken ;)"
    with translation.override("en"):
        assert [link.flavour for link in csv_links("/x.csv")] == ["standard", "excel"]
    assert filename("survey", "excel") == "survey-excel.csv"
    assert filename("survey", "standard") == "survey.csv"
