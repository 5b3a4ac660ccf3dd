"""The toolbox's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in toolbox/exports.py. What the toolbox produces ahead
of time (copkit/core/prebuild.py) is in PREBUILD: toolbox/prebuilt.py."""

from toolbox import exports, prebuilt

EXPORTS = {"pdf": exports.build_pdf, "xlsx": exports.build_xlsx, "docx": exports.build_docx}

PREBUILD = {
    "instance": prebuilt.build_instance,  # saved: every file of the instance
    "document": prebuilt.build_document,
}
