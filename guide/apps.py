from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Guide")
    # Words that are pages of their own under /guide/ (and the phases' pages, /guide/<phase>/):
    # no community may be named so (copkit.communities.services.reserved_slugs).
    reserved_slugs = ("introduction", "contents", "search", "tools", "pdf", "staff", "community",
                      "glossary",
                      "preparation", "start", "growth", "reorientation")
