from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolboxConfig(AppConfig):
    name = "toolbox"
    verbose_name = _("Toolbox")
    # Words that are pages of their own under /toolbox/: no community may be named so.
    reserved_slugs = ("guest",)

    def ready(self) -> None:
        from toolbox.catalog import register_tools

        register_tools()
