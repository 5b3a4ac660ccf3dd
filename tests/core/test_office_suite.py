"""A real office suite opens copkit's files (issue 21): LibreOffice converts one file of each
XLSX, CSV (both flavours) and DOCX download the app offers, built from the demo data.

One `soffice --headless --convert-to` run per target, with a private profile:
- every XLSX is saved again as XLSX by Calc: each number reads the same, and no cell becomes
  a formula;
- each CSV flavour is opened the way its reader's office opens it (the Excel flavour with `;`
  and a Belgian French locale, so a decimal comma; the standard one with `,` in English), saved
  as XLSX: every number copkit wrote is a number of the same value, and no field, hostile
  answers included, becomes a formula;
- every DOCX is converted to text, which holds its paragraphs.

scripts/test.sh installs LibreOffice in the background when missing (as root) and says where
its done-marker is (COPKIT_LIBREOFFICE_DONE): the test waits for it. In CI (CI=true) a missing
LibreOffice is a failure; elsewhere the test is skipped, saying why.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import resolve, reverse

from copkit.core import downloads
from copkit.questionnaires.models import Answer
from survey.models import Wave
from tests.core.test_download_urls import ALWAYS_QUEUED, DOWNLOADS
from tests.core.test_query_budgets import ANON, PAGES, _clients, _demo

# Whichever database held the data, LibreOffice reads the same files: once in CI, in the
# PostgreSQL run (it has room; the LibreOffice install goes on in the background meanwhile).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "x;=2*3", "-2+3", "@SUM(A1)", "b,=1+1"]
NUMBER = {"excel": re.compile(r"^-?\d+(,\d+)?$"), "standard": re.compile(r"^-?\d+(\.\d+)?$")}
# soffice's CSV filter: separator, quote, UTF-8 (76), from line 1, no column types, locale.
CSV_FILTERS = {"excel": "CSV:59,34,76,1,,2060", "standard": "CSV:44,34,76,1,,1033"}


def _soffice() -> str:
    marker = os.environ.get("COPKIT_LIBREOFFICE_DONE")
    deadline = time.monotonic() + 180
    while marker and not os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(2)  # scripts/test.sh is installing it
    found = shutil.which("soffice")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required in CI: scripts/test.sh installs "
                    "libreoffice-calc-nogui and libreoffice-writer-nogui when run as root")
    pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui "
                "libreoffice-writer-nogui; scripts/test.sh does it when run as root)")


def _convert(soffice: str, files: list[Path], target: str, outdir: Path, profile: Path,
             infilter: str = "") -> list[Path]:
    outdir.mkdir()
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--convert-to", target, "--outdir", str(outdir),
               *([f"--infilter={infilter}"] if infilter else []), *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=150)
    assert run.returncode == 0 and "Error" not in run.stdout + run.stderr, run.stdout + run.stderr
    extension = target.split(":")[0]
    outputs = [outdir / f"{f.stem}.{extension}" for f in files]
    missing = [o.name for o in outputs if not o.exists()]
    assert not missing, f"not converted: {missing}\n{run.stdout}{run.stderr}"
    return outputs


def _downloads(tmp: Path) -> dict[str, list[Path]]:
    """One file of each XLSX, CSV (each flavour) and DOCX download, from the demo data."""
    d = _demo()
    wave = Wave.objects.get(pk=d.closed_wave)
    answers = Answer.objects.filter(response__collection=wave.collection,
                                    question__type__in=("short_text", "long_text")
                                    ).exclude(text="").order_by("pk")
    for answer, text in zip(answers, HOSTILE, strict=False):  # what a member could type
        Answer.objects.filter(pk=answer.pk).update(text=text)
    clients = _clients()
    pages = {}
    for page in PAGES:
        if page.status == 200 or page.name in ALWAYS_QUEUED:
            pages.setdefault(page.name, page)
    files: dict[str, list[Path]] = {"xlsx": [], "excel": [], "standard": [], "docx": []}
    for name, kind in DOWNLOADS.items():
        if kind not in (downloads.XLSX, downloads.CSV, downloads.DOCX):
            continue
        page = pages[name]
        client = Client() if page.role == ANON else clients[page.role]
        if page.prime:
            page.prime(client, d)
        path = page.path(d)
        flavours = ("excel", "standard") if kind == downloads.CSV else ("",)
        for flavour in flavours:
            url = f"{path}{'&' if '?' in path else '?'}flavour={flavour}" if flavour else path
            response = client.get(url)
            if name in ALWAYS_QUEUED:  # the file of the job it queued (run at once here)
                assert response.status_code == 302 and "/exports/" in response["Location"], url
                job = resolve(response["Location"].split("?")[0]).kwargs["pk"]
                response = client.get(reverse("export_download", args=[job]))
            assert response.status_code == 200, url
            stem = name.replace(":", "-")
            group = flavour or ("docx" if kind == downloads.DOCX else "xlsx")
            file = tmp / group / f"{stem}.{'csv' if flavour else group}"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(b"".join(response.streaming_content) if response.streaming
                             else response.content)
            files[group].append(file)
    assert answers.filter(text__in=HOSTILE).count() == len(HOSTILE)
    return files


def _no_formula(path: Path, allowed: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Formula cells (an <f> element: openpyxl's data type "f") not in `allowed`. A text that
    starts with "=" and is stored as a string stays a text in every spreadsheet."""
    wb = openpyxl.load_workbook(path)
    return [f"{path.name} {ws.title}!{c.coordinate}: {c.value!r}" for ws in wb for row in
            ws.iter_rows() for c in row if c.data_type == "f"
            and (ws.title, c.coordinate) not in allowed]


def _numbers(path: Path) -> dict[tuple[str, str], float]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row
            if isinstance(c.value, int | float) and not isinstance(c.value, bool)}


def _formulas(path: Path) -> set[tuple[str, str]]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


def test_libreoffice_opens_every_xlsx_csv_and_docx_the_app_produces(tmp_path):
    soffice = _soffice()
    files = _downloads(tmp_path / "in")
    assert len(files["xlsx"]) >= 9 and len(files["excel"]) == len(files["standard"]) == 2
    assert files["docx"]
    built = time.monotonic()
    profile = tmp_path / "profile"
    out = tmp_path / "out"
    out.mkdir()

    # XLSX: saved again by Calc, every number the same, no new formula.
    converted = _convert(soffice, files["xlsx"], "xlsx:Calc MS Excel 2007 XML", out / "xlsx",
                         profile)
    compared = 0
    for original, copy in zip(files["xlsx"], converted, strict=True):
        numbers, again = _numbers(original), _numbers(copy)
        wrong = {cell: (value, again.get(cell)) for cell, value in numbers.items()
                 if again.get(cell) is None or abs(again[cell] - value) > 1e-9}
        assert not wrong, f"{original.name}: numbers changed {list(wrong.items())[:5]}"
        compared += len(numbers)
        assert not _no_formula(copy, _formulas(original))
    assert compared > 100

    # CSV: each flavour opened as its reader's office opens it.
    for flavour in ("excel", "standard"):
        converted = _convert(soffice, files[flavour], "xlsx:Calc MS Excel 2007 XML",
                             out / flavour, profile, CSV_FILTERS[flavour])
        checked = 0
        for original, copy in zip(files[flavour], converted, strict=True):
            assert not _no_formula(copy), f"{flavour}: a field became a formula"
            text = original.read_bytes().decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text),
                                   delimiter=";" if flavour == "excel" else ","))
            ws = openpyxl.load_workbook(copy, data_only=True).active
            for r, row in enumerate(rows, 1):
                for c, field in enumerate(row, 1):
                    if NUMBER[flavour].match(field):
                        value = ws.cell(row=r, column=c).value
                        assert value == pytest.approx(float(field.replace(",", "."))), (
                            f"{original.name} ({flavour}) row {r} column {c}: {field!r} "
                            f"read as {value!r}")
                        checked += 1
            if "export_rows" in original.name:
                values = {str(cell) for row in ws.iter_rows(values_only=True) for cell in row}
                for hostile in HOSTILE:  # kept as text (behind an apostrophe), never computed
                    assert any(v.endswith(hostile.split(";")[-1].split(",")[-1])
                               for v in values), hostile
        assert checked > 10, flavour

    # DOCX: converted to text, which holds the document's paragraphs.
    converted = _convert(soffice, files["docx"], "txt:Text (encoded):UTF8", out / "docx", profile)
    for original, copy in zip(files["docx"], converted, strict=True):
        text = copy.read_text(encoding="utf-8-sig")
        paragraphs = [p.text.strip() for p in docx.Document(str(original)).paragraphs
                      if p.text.strip()]
        assert len(paragraphs) > 5
        missing = [p for p in paragraphs if p not in text]
        assert not missing, f"{original.name}: {missing[:3]}"
    # Four soffice runs of a few seconds each; the demo data take most of the time.
    assert time.monotonic() - built < 120, f"LibreOffice took {time.monotonic() - built:.0f} s"
