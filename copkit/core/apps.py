from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using="default", **kwargs) -> None:
    """`migrate` also creates the database cache's table when production uses one, so a deploy
    needs no extra step (createcachetable is idempotent and does nothing for other caches)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "copkit.core"
    label = "core"
    verbose_name = "copkit"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self,
                             dispatch_uid="copkit.core.create_cache_table")
        from django.contrib.auth.signals import user_logged_in

        from copkit.core.idle import on_sign_in

        # The idle clock (issue 19) starts at sign-in, whichever way the sign-in happens.
        user_logged_in.connect(on_sign_in, dispatch_uid="copkit.core.idle_clock")
