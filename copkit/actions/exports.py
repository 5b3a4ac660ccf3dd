"""The action list as a workbook (the data: selectors.action_list). The builder serves
copkit/core/downloads.py now for a normal community and the background worker if the list ever
grows large: the same file either way. Registered by name in jobs.py."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copkit.actions import selectors
from copkit.core.downloads import XLSX
from copkit.core.tasks import ExportFile
from copkit.questionnaires.exports import Sheet, xlsx_bytes


def build_xlsx(job, progress) -> ExportFile:
    """Every action of the community, filtered as the list was (`params`: status, origin,
    owner); dates are real dates."""
    community = job.community
    params = {k: v for k, v in (job.params or {}).items() if k in ("status", "origin", "owner")}
    actions = list(selectors.action_list(community, **params))
    progress(40)
    rows = [(a.title, a.owner, a.due_date, a.get_status_display(),
             timezone.localtime(a.done_at) if a.done_at else None, a.get_origin_display(),
             a.origin_label, a.dimension, timezone.localtime(a.created_at)) for a in actions]
    sheet = Sheet(_("Actions"), [_("Action"), _("Owner"), _("Due date"), _("Status"),
                                 _("Done on"), _("Origin"), _("From"), _("Compass dimension"),
                                 _("Added on")],
                  rows, widths=(60, 24, 12, 14, 16, 20, 30, 20, 16))
    name = slugify(f"{community.slug}-{_('actions')}") + ".xlsx"
    return ExportFile(xlsx_bytes([sheet]), name, XLSX)
