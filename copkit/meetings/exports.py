"""The meetings workbook (the data: selectors.meeting_list and selectors.engagement). The builder
serves copkit/core/downloads.py now for a normal community and the background worker if it ever
grows large: the same file either way. Registered by name in jobs.py."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.core.downloads import XLSX
from copkit.core.tasks import ExportFile
from copkit.meetings import selectors
from copkit.questionnaires.exports import ChartSpec, Sheet, xlsx_bytes


def build_xlsx(job, progress) -> ExportFile:
    community = job.community
    meetings = list(selectors.meeting_list(community).order_by("starts_at", "id"))
    progress(30)
    rows = [(timezone.localtime(m.starts_at), m.title, m.get_kind_display(), m.duration,
             m.place, m.present, m.newcomers, len(m.agenda), m.decisions) for m in meetings]
    sheets = [Sheet(_("Meetings"), [
        _("Date and time"), _("Title"), _("Type"), _("Duration (minutes)"),
        _("Place or online link"), _("Present"), _("Newcomers"), _("Agenda blocks"),
        _("Decisions")], rows, widths=(18, 40, 22, 12, 40, 10, 12, 12, 60))]
    points = selectors.engagement(community)
    sheets.append(Sheet(
        _("Engagement"), [_("Date"), _("Present"), _("Newcomers")],
        [(p.day, p.present, p.newcomers) for p in points], widths=(14, 10, 12),
        charts=[ChartSpec("bar", _("Attendance and newcomers per meeting"), 1, [2, 3],
                          anchor="E2")]))
    progress(80)
    name = slugify(f"{community.slug}-{_('meetings')}") + ".xlsx"
    return ExportFile(xlsx_bytes(sheets), name, XLSX)
