from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = _("Survey")
    # Words that are pages of their own under /survey/: no community may be named so.
    reserved_slugs = ("r", "shared")

    def ready(self) -> None:
        from copkit.core.tools import Tool, tool_register

        tool_register(Tool(
            "survey", _("Member survey"),
            _("A survey to ask members what the community brings them and what they expect."),
            "clipboard-data", "survey:index", order=60))
