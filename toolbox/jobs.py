"""The toolbox's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in toolbox/exports.py."""

from toolbox import exports

EXPORTS = {"pdf": exports.build_pdf, "xlsx": exports.build_xlsx, "docx": exports.build_docx}
