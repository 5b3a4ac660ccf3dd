"""The survey in backups (copkit.core.backup): its rows go into archives as they are, a
community's through copkit.communities.privacy.community_querysets; nothing to match on restore
(rows get new ids). The running totals of the waves (survey/totals.py) are recomputed from the
restored answers: their choice counts are keyed by option ids, which a restore changes."""

from survey import releases, totals
from survey.models import Wave


def restore_references(*, objects: list[dict], pk_map: dict[str, dict]) -> None:
    """Rebuild the running totals of every restored wave from its restored answers."""
    for wave in Wave.objects.filter(pk__in=list(pk_map.get("survey.wave", {}).values())):
        if wave.is_purged:  # its answers are gone: nothing to total
            totals.totals_delete(wave=wave)
            continue
        state = releases.release_state(wave)
        totals.totals_rebuild(wave=wave, release=state.release, step=wave.anonymity_threshold,
                              responses=state.shown)
