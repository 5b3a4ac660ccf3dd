from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "copkit.core"
    label = "core"
    verbose_name = "copkit"
