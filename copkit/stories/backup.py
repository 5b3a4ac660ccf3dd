"""Stories in backups (copkit.core.backup): a community's story link, stories and dossier note
go into its archive with its other rows (found by their key to the community); nothing to match
on restore (rows get new ids). A restored link keeps its address: the import is refused while
the community exists, so the address cannot be in use twice."""
