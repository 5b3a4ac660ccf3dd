"""The compass's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in compass/exports.py."""

from compass import exports

EXPORTS = {"pdf": exports.build_pdf, "xlsx": exports.build_xlsx,
           "portfolio": exports.build_portfolio_xlsx}
