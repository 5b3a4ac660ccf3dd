"""The stories' exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in copkit/stories/exports.py. What the worker makes
ahead (copkit/core/prebuild.py) is in PREBUILD: copkit/stories/prebuilt.py."""

from copkit.stories import exports, prebuilt

EXPORTS = {"matrix": exports.build_matrix, "dossier_pdf": exports.build_dossier_pdf,
           "dossier_docx": exports.build_dossier_docx}

PREBUILD = {"matrix": prebuilt.build_matrix}
