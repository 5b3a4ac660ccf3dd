"""Writes of the toolbox: starting a filled tool, inviting a guest, reopening."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copkit.questionnaires import services as engine
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.models import Collection, Version
from copkit.questionnaires.structure import Structure, load_structure
from copkit.questionnaires.texts import localized
from toolbox import prebuilt
from toolbox.catalog import TOOLS
from toolbox.models import GuestLink, Instance, ToolKey


class ToolNotLoaded(Exception):
    """The tool's definition is not in the database yet (run `manage.py load_content`)."""


def _latest_version(tool: str) -> Version:
    version = (Version.objects.filter(questionnaire__key=TOOLS[tool].definition_key,
                                      community__isnull=True).order_by("-number").first())
    if version is None:
        raise ToolNotLoaded(tool)
    return version


def default_answers(tool: str, structure: Structure, language: str) -> list[AnswerValue]:
    """What a new instance starts with: the suggested tools and weights, the default agenda."""
    settings = structure.version.settings
    values: list[AnswerValue] = []
    if tool == ToolKey.IT_TOOLS:
        weights = structure.section("criteria").questions[0]
        custom = settings.get("custom_criteria") or {}
        for row in weights.rows:
            weight = 0 if row.key in custom else settings.get("default_weight", 2)
            values.append(AnswerValue("weights", row=row.key, column="weight",
                                      number=float(weight)))
        for n, label in enumerate(settings.get("default_tools") or []):
            values.append(AnswerValue("scores", row=str(n), column="tool",
                                      text=localized(label, language)))
    elif tool == ToolKey.KICKOFF:
        if settings.get("default_start"):
            values.append(AnswerValue("start-time", text=str(settings["default_start"])))
        if settings.get("default_duration"):
            values.append(AnswerValue("duration", number=float(settings["default_duration"])))
        for n, block in enumerate(settings.get("default_agenda") or []):
            values.append(AnswerValue("agenda", row=str(n), column="minutes",
                                      number=float(block.get("minutes") or 0)))
            for field in ("step", "objective", "method", "who", "material"):
                text = localized(block.get(field), language)
                if text:
                    values.append(AnswerValue("agenda", row=str(n), column=field, text=text))
    return values


@transaction.atomic
def instance_create(*, community, tool: str, title: str, created_by, language: str,
                    meeting_date: date | None = None, meeting=None) -> Instance:
    """A new filled tool with the coordinator's response, pre-filled with the tool's defaults.
    A facilitation checklist may give feedback on a logged meeting (copkit.meetings) of the
    same community: its date is then the meeting's."""
    if meeting is not None:
        if tool != ToolKey.FACILITATION or meeting.community_id != community.pk:
            raise ValidationError({"meeting": _("Choose a meeting of this community.")})
        meeting_date = meeting_date or timezone.localdate(meeting.starts_at)
    if tool == ToolKey.FACILITATION and meeting_date is None:
        raise ValidationError({"meeting_date": _("Give the date of the meeting.")})
    version = _latest_version(tool)
    collection = Collection(version=version, community=community, purpose=f"toolbox:{tool}",
                            title=title[:200], created_by=created_by)
    collection.full_clean()
    collection.save()
    owner = TOOLS[tool].owner_role
    name = (created_by.get_full_name() or created_by.get_username()) if created_by else ""
    response = engine.response_start(collection=collection, respondent=created_by,
                                     label=f"{name} ({owner})" if name else str(owner))
    instance = Instance(community=community, tool=tool, collection=collection,
                        main_response=response, title=title, meeting_date=meeting_date,
                        meeting=meeting, created_by=created_by)
    instance.full_clean()
    instance.save()
    if tool in (ToolKey.IT_TOOLS, ToolKey.KICKOFF):
        structure = load_structure(version)
        values = default_answers(tool, structure, language)
        engine.response_save_answers(
            response=response, structure=structure,
            question_keys=sorted({v.question_key for v in values}), values=values)
    prebuilt.changed(instance=instance)  # its files, by the worker
    return instance


@transaction.atomic
def guest_link_create(*, instance: Instance, name: str, created_by) -> GuestLink:
    """A link for one more respondent (observer, co-coordinator) with its own response."""
    if not TOOLS[instance.tool].guests:
        raise ValidationError(_("This tool is filled by the coordinator only."))
    role = TOOLS[instance.tool].guest_role
    response = engine.response_start(collection=instance.collection,
                                     label=f"{name} ({role})")
    link = GuestLink(instance=instance, response=response, name=name, created_by=created_by)
    link.full_clean()
    link.save()
    prebuilt.changed(instance=instance)  # one more respondent in its files
    return link


@transaction.atomic
def guest_link_close(*, link: GuestLink) -> GuestLink:
    link.active = False
    link.save(update_fields=["active", "updated_at"])
    return link


@transaction.atomic
def instance_reopen(*, instance: Instance) -> Instance:
    """Let the coordinator correct a submitted tool (it becomes a draft again)."""
    engine.response_reopen(response=instance.main_response)
    prebuilt.changed(instance=instance)
    return instance
