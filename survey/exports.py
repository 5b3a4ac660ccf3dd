"""A wave's results as files: the XLSX, CSV and PDF of the aggregates, and the staff-only CSV of
one row per response (each CSV in both flavours of copkit/core/csvfiles.py), and the invitation
or reminder as an .eml draft (its text from `emails`). The bytes are made from `reports` (rows,
charts); the data is read by `selectors.export_results`, which refuses a wave below its anonymity
threshold.

The builders at the end are what `jobs.py` registers: the same function makes the file in the
request (small waves) and in the background worker (large ones), see copkit/core/downloads.py.
"""

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.core import csvfiles, downloads
from copkit.core.tasks import ExportFile
from copkit.questionnaires import exports
from survey import reports, selectors
from survey.emails import email_compose
from survey.models import Wave
from survey.selectors import WaveResults


def filename(wave: Wave, ext: str) -> str:
    return f"{slugify(wave.title) or 'survey'}.{ext}"


def xlsx(results: WaveResults, *, with_texts: bool) -> bytes:
    """Aggregates only; the open answers (shuffled per question, only from k answers) when
    `with_texts` (coordinators)."""
    summary = exports.Sheet(
        _("Summary"), [_("Theme"), _("Satisfaction index (0–100)")],
        reports.summary_rows(results), widths=[45, 22],
        charts=[exports.ChartSpec("bar", _("Satisfaction index per theme"), 1, [2], "D2")])
    questions = exports.Sheet(
        _("Questions"), [_("Theme"), _("Key"), _("Question"), _("Answers"), _("No opinion"),
                         _("Mean"), _("Index (0–100)"), _("Distribution")],
        reports.question_rows(results), widths=[28, 20, 60, 10, 10, 8, 12, 60])
    codebook = exports.Sheet(
        _("Codebook"), [_("Key"), _("Theme"), _("Type"), _("Question"), _("Answer codes"),
                        _("Compass dimension")], reports.codebook_rows(results),
        widths=[20, 28, 12, 60, 80, 22])
    about = exports.Sheet(_("About"), [_("What"), _("Value")], reports.about_rows(results),
                          widths=[36, 90])
    sheets = [summary, questions, codebook]
    breakdown = reports.breakdown_rows(results)
    if breakdown:
        sheets.append(exports.Sheet(_("Breakdowns"), [_("Group"), _("Answers")], breakdown,
                                    widths=[40, 18, 18, 18, 18, 18, 18, 18]))
    if with_texts:
        sheets.append(exports.Sheet(_("Open answers"), [_("Key"), _("Question"), _("Answer")],
                                    reports.open_answer_rows(results), widths=[20, 60, 100]))
    return exports.xlsx_bytes([*sheets, about])


def csv(results: WaveResults, *, flavour: str) -> bytes:
    """Per-question distributions, means and indexes (no row per respondent)."""
    return csvfiles.csv_bytes(labels=reports.distribution_headers(),
                              keys=reports.DISTRIBUTION_KEYS,
                              rows=reports.distribution_rows(results), flavour=flavour)


def rows_csv(results: WaveResults, *, flavour: str, with_texts: bool = True) -> bytes:
    """One row per released response (staff only, closed waves: the view checks)."""
    structure = results.structure
    return csvfiles.csv_bytes(labels=reports.raw_labels(structure, with_texts=with_texts),
                              keys=reports.raw_headers(structure, with_texts=with_texts),
                              rows=selectors.raw_rows(results, with_texts=with_texts),
                              flavour=flavour)


def csv_filename(wave: Wave, flavour: str) -> str:
    return csvfiles.filename(filename(wave, "csv").removesuffix(".csv"), flavour)


def pdf(results: WaveResults, *, community) -> bytes:
    return exports.pdf_bytes("survey/pdf/report.html", {
        "results": results, "community": community, "wave": results.wave,
        "themes_svg": reports.themes_svg(results, numbered=True),
        "section_charts": reports.section_charts(results, for_print=True),
        "trend_svg": reports.trend_svg(results),
        "generated": formats.date_format(timezone.localtime(), "DATE_FORMAT"),
    })


def eml(wave: Wave, *, language: str, link: str, kind: str = "invitation") -> bytes:
    """The e-mail as an .eml file to open in the coordinator's own mail client (no recipient)."""
    subject, body = email_compose(wave, kind=kind, language=language, link=link)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.DEFAULT_FROM_EMAIL
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="copkit.local")
    message["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft
    message.set_content(body)
    return bytes(message)


# --- Builders (registered in jobs.py; params: {"wave": pk, "with_texts": bool}) ----------------

def _wave(job) -> Wave:
    return (Wave.objects.select_related("collection__version", "community")
            .get(pk=job.params["wave"], community=job.community))


def build_xlsx(job, progress) -> ExportFile:
    wave = _wave(job)
    progress(10)
    with_texts = bool(job.params.get("with_texts"))
    data = selectors.export_results(wave, with_open_answers=with_texts, with_trend=False)
    progress(40)
    return ExportFile(xlsx(data, with_texts=with_texts), filename(wave, "xlsx"), downloads.XLSX)


def build_pdf(job, progress) -> ExportFile:
    wave = _wave(job)
    progress(10)
    data = selectors.export_results(wave, with_open_answers=False, with_trend=True)
    progress(50)
    return ExportFile(pdf(data, community=job.community), filename(wave, "pdf"), downloads.PDF)


def build_csv(job, progress) -> ExportFile:
    """params also hold "flavour" (copkit/core/csvfiles.py), else the job language's default."""
    wave = _wave(job)
    data = selectors.export_results(wave, with_open_answers=False, with_trend=False)
    flavour = job.params.get("flavour") or csvfiles.default_flavour(job.language)
    return ExportFile(csv(data, flavour=flavour), csv_filename(wave, flavour), downloads.CSV)

