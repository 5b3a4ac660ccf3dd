from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "copkit.stories"
    label = "stories"
    verbose_name = _("Value-creation stories")
    # Words that are pages of their own under /stories/: no community may be named so.
    reserved_slugs = ("t",)

    def ready(self) -> None:
        from copkit.core.tools import Tool, tool_register

        # The guide's key questions on value link to these two (guide/content/*.yaml).
        tool_register(
            Tool("stories", _("Value-creation stories"),
                 _("A link where members tell, anonymously if they wish, what the community "
                   "brought them and what changed; the coordinator tags and publishes the "
                   "stories."), "chat-quote", "stories:index", order=70),
            Tool("value-matrix", _("Value-creation matrix"),
                 _("The stories and the figures of meetings, survey and compass by cycle of "
                   "value, and the dossier for the sponsor and management."), "grid-3x3",
                 "stories:matrix", order=71))
