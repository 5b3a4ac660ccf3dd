"""The survey's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in survey/exports.py. What the survey produces ahead
of time (copkit/core/prebuild.py) is in PREBUILD: survey/prebuilt.py."""

from survey import exports, prebuilt

EXPORTS = {
    "xlsx": exports.build_xlsx,
    "pdf": exports.build_pdf,
    "csv": exports.build_csv,
}

PREBUILD = {
    "wave": prebuilt.build_wave,  # a release: every chart and file of the wave
    "charts": prebuilt.build_charts,
    "document": prebuilt.build_document,
    "breakdown": prebuilt.build_breakdown,
}
