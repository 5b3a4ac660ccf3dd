"""The action list in backups (copkit.core.backup): actions go into a community's archive with
its other rows. An action names what it came from by (origin, id), not by a foreign key, so
on restore the id is set again to the new id of that row once every row is loaded; an action
whose origin the archive does not hold stays, as added by hand."""

from copkit.actions.models import Action, Origin

# The rows each origin's id refers to (app_label.model), read by label: no app is imported.
ORIGIN_MODELS = {Origin.COMPASS: "compass.assessment", Origin.MEETING: "meetings.meeting",
                 Origin.SURVEY: "survey.wave"}


def restore_references(*, objects: list[dict], pk_map: dict[str, dict]) -> None:
    restored = pk_map.get("actions.action", {})
    for obj in objects:
        if obj["model"] != "actions.action" or obj["pk"] not in restored:
            continue
        old = obj["fields"].get("origin_id")
        target = ORIGIN_MODELS.get(obj["fields"].get("origin"))
        if old is None or target is None:
            continue
        new = pk_map.get(target, {}).get(old)
        # What it came from is not in the archive: the action stays, as added by hand.
        changes = {"origin_id": new} if new is not None else {"origin": Origin.MANUAL,
                                                                "origin_id": None}
        Action.objects.filter(pk=restored[obj["pk"]]).update(**changes)
