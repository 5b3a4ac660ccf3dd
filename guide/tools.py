"""Where each tool named by a key question lives (the tools themselves are registered by their
apps in copkit/core/tools.py).

Inside a community the links go to that community's toolbox, compass or survey. On the public
guide (no community chosen) they go to the guide's own short description of the tool.
"""

from dataclasses import dataclass

from django.urls import reverse

from copkit.core.tools import Tool, tool_get


@dataclass(frozen=True)
class ToolLink:
    tool: Tool
    url: str
    in_community: bool


def tool_links(keys: list[str], community_slug: str | None = None) -> list[ToolLink]:
    """Links for the tool keys of a key question (unknown keys are skipped)."""
    links = []
    for key in keys or []:
        tool = tool_get(key)
        if tool is None:
            continue
        url = tool.url(community_slug) if community_slug else ""
        in_community = bool(url)
        if not url:
            url = reverse("guide:tools") + f"#tool-{tool.key}"
        links.append(ToolLink(tool, url, in_community))
    return links
