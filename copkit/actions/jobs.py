"""The action list's exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in copkit/actions/exports.py."""

from copkit.actions import exports

EXPORTS = {"xlsx": exports.build_xlsx}
