"""The tool registry: every tool a community can use, under one name, wherever it is shown.

Each app adds its own tools from its AppConfig.ready() (`tool_register`); the guide's key
questions, the guide's tools page, the toolbox and the compass and survey pages read the names
from here, so a tool has one name everywhere. The foundation knows no app: it only keeps what
the apps register.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Tool:
    key: str
    label: Promise
    description: Promise
    icon: str  # Bootstrap Icons name
    url_name: str  # the tool's page in a community, reversed with its slug and `url_kwargs`
    url_kwargs: Mapping[str, str] = field(default_factory=dict)
    order: int = 100  # place in lists, smallest first

    def url(self, community_slug: str) -> str:
        """The tool's page in the community, or "" when it has none."""
        try:
            return reverse(self.url_name, kwargs={"slug": community_slug, **self.url_kwargs})
        except NoReverseMatch:
            return ""


_TOOLS: dict[str, Tool] = {}


def tool_register(*tools: Tool) -> None:
    """Add tools (in the order they are to be listed); registering a key again replaces it."""
    for tool in tools:
        _TOOLS[tool.key] = tool


def tool_get(key: str) -> Tool | None:
    return _TOOLS.get(key)


def tool_list() -> list[Tool]:
    """Every registered tool, by `order` (then in the order registered)."""
    return sorted(_TOOLS.values(), key=lambda tool: tool.order)
