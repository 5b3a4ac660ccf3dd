"""The four tools: which definition each uses and what it offers (one place, used everywhere)."""

from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from toolbox.models import ToolKey

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


@dataclass(frozen=True)
class ToolInfo:
    key: str
    definition_key: str  # questionnaire key in the engine
    filename: str
    icon: str
    guests: bool  # can invite others by link to fill the same form
    guest_role: Promise  # what a guest is called
    owner_role: Promise  # what the coordinator's own response is called
    default_title: Promise
    guide_phases: tuple[str, ...]  # where the guide recommends it

    @property
    def label(self) -> str:
        return ToolKey(self.key).label

    @property
    def path(self) -> Path:
        return DEFINITIONS_DIR / self.filename


TOOLS: dict[str, ToolInfo] = {
    info.key: info for info in [
        ToolInfo(ToolKey.COMPETENCIES, "toolbox-competencies", "competencies.yaml",
                 "person-check", True, _("Co-coordinator"), _("Self-assessment"),
                 _("Competencies self-assessment"), ("preparation",)),
        ToolInfo(ToolKey.FACILITATION, "toolbox-facilitation", "facilitation.yaml",
                 "chat-dots", True, _("Observer"), _("Facilitator"),
                 _("Community meeting"), ("start", "growth")),
        ToolInfo(ToolKey.IT_TOOLS, "toolbox-it-tools", "it-tools.yaml", "pc-display", False,
                 _("Guest"), _("Coordinator"), _("Choice of a collaboration tool"),
                 ("preparation",)),
        ToolInfo(ToolKey.KICKOFF, "toolbox-kickoff", "kickoff.yaml", "flag", False,
                 _("Guest"), _("Coordinator"), _("Kick-off meeting"), ("start",)),
    ]
}


def tool_or_none(key: str) -> ToolInfo | None:
    return TOOLS.get(key)
