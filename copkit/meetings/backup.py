"""Meetings in backups (copkit.core.backup): a community's meetings go into its archive with its
other rows (their agendas are questionnaire versions, taken along by the core); nothing to match
on restore (rows get new ids), and actions decided at a meeting point at it again
(copkit/actions/backup.py)."""
