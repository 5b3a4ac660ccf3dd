"""Per-app hooks found by module name, the way Django finds admin.py.

An app ships its default content in `<app>/content.py` (a `load(*, stdout)` function) and its
demo data in `<app>/demo.py` (a `seed(*, stdout)` function). `load_content` and `seed_demo` call
them in INSTALLED_APPS order, so the core's data exists before the apps that build on it.
"""

from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_hooks(module_name: str, function_name: str) -> Iterator[tuple[str, Callable]]:
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        if find_spec(dotted) is None:
            continue
        module = import_module(dotted)
        function = getattr(module, function_name, None)
        if callable(function):
            yield config.label, function
