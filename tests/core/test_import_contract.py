"""The import contract, read from the source (AST, no import is run):

* the foundation (`copkit/`: core, communities, questionnaires) imports no app (`guide`,
  `toolbox`, `compass`, `survey`): it learns what it needs from them through hooks
  (copkit/core/hooks.py: `content.py`, `demo.py`, `jobs.py`, `backup.py`, `smoke.py`, the
  AppConfig's `reserved_slugs`);
* an app imports another app only through a declared interface, listed in INTERFACES below
  (the one place where they are declared).

Relative imports stay inside their package and are not checked; so are tests and scripts.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("guide", "toolbox", "compass", "survey")

# Modules of an app that other apps may import, and why. Nothing in copkit/ may import them.
INTERFACES = {
    # The members' figures per compass dimension (released responses only, from k): the
    # compass shows them as one group figure beside the core group's answers.
    "survey.feeds": "compass",
    # The member survey's benchmark across communities (theme indices, k = 5): the advisors'
    # network view shows it beside the compass's.
    "survey.benchmark": "compass",
}


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every absolute import; `from a import b` gives `a.b` (b may be a
    module), and a literal `import_module("a.b")` counts too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                node.func, "attr", None)) == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


def _app_of(name: str) -> str | None:
    top = name.split(".", 1)[0]
    return top if top in APPS else None


def _interface(name: str) -> str | None:
    return next((i for i in INTERFACES if name == i or name.startswith(i + ".")), None)


def violations(owner: str, source: str) -> list[str]:
    """What `source`, a module of `owner` ("copkit" or an app), imports against the contract."""
    out = []
    for line, name in imported_modules(source):
        target = _app_of(name)
        if target is None or target == owner:
            continue
        interface = _interface(name)
        if owner == "copkit":
            out.append(f"{line}: the foundation imports {name}")
        elif interface is None:
            out.append(f"{line}: {owner} imports {name}, not a declared interface of {target}")
        elif owner not in INTERFACES[interface].split():
            out.append(f"{line}: {owner} imports {name}, an interface declared for "
                       f"{INTERFACES[interface]}")
    return out


def _modules():
    for path in sorted((ROOT / "copkit").rglob("*.py")):
        yield "copkit", path
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


def test_the_foundation_imports_no_app_and_apps_import_each_other_only_through_interfaces():
    problems = [f"{path.relative_to(ROOT)}:{problem}"
                for owner, path in _modules()
                for problem in violations(owner, path.read_text(encoding="utf-8"))]
    assert problems == []


def test_every_declared_interface_exists_and_is_used():
    for interface, users in INTERFACES.items():
        assert (ROOT / (interface.replace(".", "/") + ".py")).exists(), interface
        for user in users.split():
            sources = "\n".join(p.read_text(encoding="utf-8")
                                for p in (ROOT / user).rglob("*.py"))
            assert interface in sources, f"{interface} is declared for {user}, which never uses it"


@pytest.mark.parametrize(("owner", "source", "expected"), [
    ("copkit", "from guide.models import Node", "the foundation imports guide.models.Node"),
    ("copkit", "import survey.services", "the foundation imports survey.services"),
    ("copkit", "def f():\n    from toolbox import catalog", "the foundation imports toolbox"),
    ("copkit", "import_module('compass.smoke')", "the foundation imports compass.smoke"),
    ("compass", "from survey import services", "not a declared interface of survey"),
    ("guide", "from survey.feeds import member_scores", "an interface declared for compass"),
])
def test_the_check_sees_each_kind_of_forbidden_import(owner, source, expected):
    [problem] = violations(owner, source)
    assert expected in problem


@pytest.mark.parametrize(("owner", "source"), [
    ("compass", "from survey.feeds import member_scores"),
    ("compass", "from survey import feeds"),
    ("survey", "from survey import services\nfrom . import models"),
    ("copkit", "from copkit.core import hooks\nimport django"),
])
def test_the_check_allows_the_contract(owner, source):
    assert violations(owner, source) == []
