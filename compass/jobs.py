"""The compass's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in compass/exports.py. What the compass produces ahead
of time (copkit/core/prebuild.py) is in PREBUILD: compass/prebuilt.py."""

from compass import exports, prebuilt

EXPORTS = {"pdf": exports.build_pdf, "xlsx": exports.build_xlsx,
           "portfolio": exports.build_portfolio_xlsx}

PREBUILD = {
    "assessment": prebuilt.build_assessment,  # closed or reviewed: every chart and file
    "charts": prebuilt.build_charts,
    "document": prebuilt.build_document,
}
