from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "copkit.communities"
    label = "communities"
    verbose_name = _("Communities")
    # Words that are pages of their own under /communities/: no community may be named so.
    reserved_slugs = ("new", "invitations", "account", "staff")
