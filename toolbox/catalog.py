"""The toolbox's tools: which definition each uses and what it offers (one place, used
everywhere)."""

from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from copkit.core.tools import Tool, tool_register
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
    description: Promise  # one sentence, on the guide's tools page
    docx: bool = False  # also a Word document (the charter, to be edited and approved)

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
                 _("Competencies self-assessment"),
                 _("A checklist to take stock of the coordinator's skills and decide what to "
                   "develop or share with the core group.")),
        ToolInfo(ToolKey.FACILITATION, "toolbox-facilitation", "facilitation.yaml",
                 "chat-dots", True, _("Observer"), _("Facilitator"),
                 _("Community meeting"),
                 _("A checklist to look back on a meeting you facilitated and improve the next "
                   "one.")),
        ToolInfo(ToolKey.IT_TOOLS, "toolbox-it-tools", "it-tools.yaml", "pc-display", False,
                 _("Guest"), _("Coordinator"), _("Choice of a collaboration tool"),
                 _("A grid to compare collaboration platforms against the needs of your "
                   "members.")),
        ToolInfo(ToolKey.KICKOFF, "toolbox-kickoff", "kickoff.yaml", "flag", False,
                 _("Guest"), _("Coordinator"), _("Kick-off meeting"),
                 _("A template to prepare the first meeting of the community, step by step.")),
        ToolInfo(ToolKey.CHARTER, "toolbox-charter", "charter.yaml", "file-earmark-text", False,
                 _("Guest"), _("Coordinator"), _("Community charter"),
                 _("A template to write down with the members what the community is for, who "
                   "takes part and the rules it agrees, as a PDF and a Word document."),
                 docx=True),
    ]
}


def register_tools() -> None:
    """The toolbox's tools in the registry of copkit/core/tools.py (from ToolboxConfig.ready)."""
    tool_register(*(Tool(info.key, info.label, info.description, info.icon, "toolbox:tool",
                         {"tool": info.key}, order=10 * n)
                    for n, info in enumerate(TOOLS.values(), 1)))
