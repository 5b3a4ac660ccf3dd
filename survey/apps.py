from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = _("Survey")
    # Words that are pages of their own under /survey/: no community may be named so.
    reserved_slugs = ("r", "shared")
