"""The compass in backups (copkit.core.backup): its rows go into archives as they are, a
community's through copkit.communities.privacy.community_querysets; nothing to match on restore
(rows get new ids)."""
