from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompassConfig(AppConfig):
    name = "compass"
    verbose_name = _("Compass")
    # Words that are pages of their own under /compass/: no community may be named so.
    reserved_slugs = ("portfolio", "review", "r")

    def ready(self) -> None:
        from copkit.core.tools import Tool, tool_register

        tool_register(Tool(
            "compass", _("Compass"),
            _("A self-assessment questionnaire showing how mature the community is, with "
              "advice per dimension."), "compass", "compass:index", order=50))
