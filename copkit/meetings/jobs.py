"""The meetings' exports, by name, for copkit/core/downloads.py and the background worker
(copkit/core/tasks.py). The builders live in copkit/meetings/exports.py."""

from copkit.meetings import exports

EXPORTS = {"xlsx": exports.build_xlsx}
