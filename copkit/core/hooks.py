"""Per-app hooks found by module name, the way Django finds admin.py.

An app ships its default content in `<app>/content.py` (a `load(*, stdout)` function) and its
demo data in `<app>/demo.py` (a `seed(*, stdout)` function). `load_content` and `seed_demo` call
them in INSTALLED_APPS order, so the core's data exists before the apps that build on it.

The same way, the foundation learns what it needs from the apps without importing them:
`<app>/backup.py` (its rows in backups, see copkit.core.backup), `<app>/smoke.py` (`setup(...)`
for the smoke test's data), `<app>/jobs.py` (background exports); the words of an app's own
pages are its AppConfig's `reserved_slugs`.
"""

from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> Iterator[tuple[str, ModuleType]]:
    """(app label, module) of every installed app that ships `<app>/<module_name>.py`."""
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is not None:
            yield config.label, import_module(dotted)


def app_hooks(module_name: str, function_name: str) -> Iterator[tuple[str, Callable]]:
    for label, module in app_modules(module_name):
        function = getattr(module, function_name, None)
        if callable(function):
            yield label, function
