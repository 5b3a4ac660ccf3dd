from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from copkit.questionnaires.definitions import definition_load

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str = "all_types.yaml") -> dict:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def all_types_version(db):
    version, _ = definition_load(load_fixture(), app="tests")
    return version


class _FormParser(HTMLParser):
    """The values a browser would submit for one form (no button pressed)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self._select = self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((a["name"], a.get("value", "on")))
            else:
                self.values.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = [a.get("name"), None, None]
        elif tag == "option" and self._select:
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            name, chosen, first = self._select
            self.values.append((name, chosen if chosen is not None else first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_values(html: str, form_id: str = "editor-form") -> dict:
    """The fields of a form as a test client POST dict (what the browser would send)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    out: dict = {}
    for name, value in parser.values:
        out.setdefault(name, []).append(value)
    return {k: v if len(v) > 1 else v[0] for k, v in out.items()}
