"""Exports re-open with the right values and never carry a formula from user input (CSV:
tests/core/test_csv_files.py)."""

import io

import pytest
from openpyxl import load_workbook

from copkit.questionnaires.exports import (
    ChartSpec,
    RefusedURL,
    Sheet,
    static_only_url_fetcher,
    xlsx_bytes,
)

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "＝1+1", "＋1", "－1", "＠x"]


def test_xlsx_keeps_formula_like_text_as_text():
    data = xlsx_bytes([Sheet("Réponses", ["=header", "score"],
                             [[value, i] for i, value in enumerate(HOSTILE)])])
    ws = load_workbook(io.BytesIO(data))["Réponses"]
    assert ws["A1"].value == "=header" and ws["A1"].data_type == "s"
    for i, value in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.value == value  # the text comes back as typed, even a lone CR
        assert cell.data_type == "s", value
    assert ws.cell(row=2, column=2).value == 0


def test_xlsx_carries_a_native_chart():
    data = xlsx_bytes([Sheet("Scores", ["Dimension", "Score"], [["A", 50], ["B", 75]],
                             charts=[ChartSpec("radar", "Radar", 1, [2])])])
    ws = load_workbook(io.BytesIO(data))["Scores"]
    assert list(ws.iter_rows(values_only=True)) == [("Dimension", "Score"),
                                                                ("A", 50), ("B", 75)]
    assert len(ws._charts) == 1


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://169.254.169.254/latest/meta-data",
    "https://evil.example/x.css", "https://copkit.invalid/media/secret",
    "https://copkit.invalid/static/../copkit/settings/base.py",
    "data:text/css,body{}",
])
def test_pdf_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(RefusedURL):
        static_only_url_fetcher(url)


def test_pdf_fetcher_serves_static_files():
    result = static_only_url_fetcher("https://copkit.invalid/static/css/copkit.css")
    assert b"copkit" in result["string"]
    assert result["mime_type"] == "text/css"
