"""The survey's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in survey/exports.py."""

from survey import exports

EXPORTS = {
    "xlsx": exports.build_xlsx,
    "pdf": exports.build_pdf,
    "csv": exports.build_csv,
}
