"""Each app's README is true to its code: its URL table names every URL of the app's urls.py,
and every `module.function` it names exists (a rename that forgets the README fails here)."""

import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver

APPS = ["copkit/core", "copkit/communities", "copkit/questionnaires", "copkit/actions",
        "copkit/meetings", "copkit/reminders", "copkit/stories", "guide", "toolbox", "compass",
        "survey"]
PACKAGES = ("copkit", "guide", "toolbox", "compass", "survey")
# `selectors.engagement(community)`, `copkit.core.i18n.in_language`, `scoring.Rules.from_settings`
DOTTED = re.compile(r"`((?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*)(?:\([^`]*\))?`")
FILE = re.compile(r"\.(py|html|yaml|yml|md|json|js|css|svg|xlsx|csv|pdf|eml|ics|txt|docx|po)$")


def _readme(app: str) -> str:
    return (Path(settings.BASE_DIR) / app / "README.md").read_text(encoding="utf-8")


def _url_names(patterns, prefix: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += _url_names(pattern.url_patterns,
                                prefix + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif pattern.name:
            names.append(prefix + pattern.name)
    return names


def _module(name: str):
    try:
        return importlib.import_module(name) if importlib.util.find_spec(name) else None
    except ModuleNotFoundError:
        return None


def _exists(package: str, dotted: str) -> bool | None:
    """Whether `dotted` names something real: a path from a top-level package, or from one of the
    app's modules (`selectors.x`); None when its first word is neither (a hook's protocol, a
    variable in prose), which is not checked."""
    parts = dotted.split(".")
    base = [] if parts[0] in PACKAGES else package.split(".")
    if not _module(".".join(base + parts[:1])):
        return None
    for cut in range(len(parts), 0, -1):  # the longest module path, then attributes
        found = _module(".".join(base + parts[:cut]))
        if found is None:
            continue
        for owner in (found, _module(f"{found.__name__}.models")):  # `toolbox.Instance`
            try:
                for attr in parts[cut:]:
                    owner = getattr(owner, attr)
                return True
            except AttributeError:
                continue
        return False
    return False


@pytest.mark.parametrize("app", [a for a in APPS
                                 if (Path(settings.BASE_DIR) / a / "urls.py").exists()])
def test_the_readme_url_table_names_every_url_of_the_app(app):
    urls = importlib.import_module(app.replace("/", ".") + ".urls")
    namespace = getattr(urls, "app_name", "")
    table = _readme(app).split("## URLs", 1)[-1].split("\n## ", 1)[0]
    missing = [name for name in _url_names(urls.urlpatterns)
               if f"{namespace}:{name}" not in table and f"`{name}`" not in table]
    assert missing == [], f"{app}/README.md, section URLs, does not name {missing}"


@pytest.mark.parametrize("app", APPS)
def test_every_function_the_readme_names_exists(app):
    named = {m.group(1) for m in DOTTED.finditer(_readme(app)) if not FILE.search(m.group(1))}
    missing = sorted(name for name in named if _exists(app.replace("/", "."), name) is False)
    assert missing == [], f"{app}/README.md names what the code does not have: {missing}"


@pytest.mark.parametrize("app", APPS)
def test_every_readme_has_the_same_sections(app):
    headings = [line.split(" (")[0] for line in _readme(app).splitlines()
                if line.startswith("## ")]
    wanted = ["## What it does", "## Models", "## Flow", "## URLs", "## Extension points"]
    assert [h for h in headings if h in wanted] == wanted
