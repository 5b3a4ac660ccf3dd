"""Where each tool named by a key question lives: the one mapping from tool key to URL.

Inside a community the links go to that community's toolbox, compass or survey. On the public
guide (no community chosen) they go to the guide's own short description of the tool.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tool:
    key: str
    label: Promise
    description: Promise
    url_name: str  # per-community URL name, takes the community slug (and the tool key)
    icon: str


TOOLS: dict[str, Tool] = {
    tool.key: tool
    for tool in [
        Tool("competencies", _("Coordinator competencies checklist"),
             _("A checklist to take stock of the coordinator's skills and decide what to "
               "develop or share with the core group."), "toolbox:tool", "person-check"),
        Tool("facilitation", _("Facilitation feedback checklist"),
             _("A checklist to look back on a meeting you facilitated and improve the next one."),
             "toolbox:tool", "chat-dots"),
        Tool("it-tools", _("IT tool comparison"),
             _("A grid to compare collaboration platforms against the needs of your members."),
             "toolbox:tool", "pc-display"),
        Tool("kickoff", _("Kick-off meeting scenario"),
             _("A template to prepare the first meeting of the community, step by step."),
             "toolbox:tool", "flag"),
        Tool("compass", _("CoP compass"),
             _("A self-assessment questionnaire showing how mature the community is, with "
               "advice per dimension."), "compass:index", "compass"),
        Tool("survey", _("Member survey"),
             _("A survey to ask members what the community brings them and what they expect."),
             "survey:index", "clipboard-data"),
        Tool("stories", _("Value-creation stories"),
             _("A link where members tell, anonymously if they wish, what the community brought "
               "them and what changed; the coordinator tags and publishes the stories."),
             "stories:index", "chat-quote"),
        Tool("value-matrix", _("Value-creation matrix"),
             _("The stories and the figures of meetings, survey and compass by cycle of value, "
               "and the dossier for the sponsor and management."), "stories:matrix",
             "grid-3x3"),
    ]
}


@dataclass(frozen=True)
class ToolLink:
    tool: Tool
    url: str
    in_community: bool


def tool_links(keys: list[str], community_slug: str | None = None) -> list[ToolLink]:
    """Links for the tool keys of a key question (unknown keys are skipped)."""
    links = []
    for key in keys or []:
        tool = TOOLS.get(key)
        if tool is None:
            continue
        url, in_community = "", False
        if community_slug:
            kwargs = {"slug": community_slug}
            if tool.url_name == "toolbox:tool":
                kwargs["tool"] = tool.key
            try:
                url = reverse(tool.url_name, kwargs=kwargs)
                in_community = True
            except NoReverseMatch:
                url = ""
        if not url:
            url = reverse("guide:tools") + f"#tool-{tool.key}"
        links.append(ToolLink(tool, url, in_community))
    return links
