from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "copkit.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")
