"""Numbers in `<input type=number>`: one way to write them, read by the browser in every
language (copkit/core/numbers.py)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from copkit.core.forms import Form as CopkitForm
from copkit.core.numbers import NumberInput, UnlocalizedNumbersMixin, input_number

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["copkit", "guide", "toolbox", "compass", "survey"]


@pytest.mark.parametrize(("value", "expected"), [
    (61.0, "61"), (61.5, "61.5"), (Decimal("61.50"), "61.5"), (Decimal("100"), "100"),
    (3, "3"), (0, "0"), (-2.5, "-2.5"), (1e-7, "0.0000001"), (None, ""), ("", ""),
    (float("nan"), ""), (float("inf"), ""), ("61,5", "61,5"), (True, ""),
])
def test_input_number_is_what_a_browser_reads(value, expected):
    assert input_number(value) == expected


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_template_filter_never_localises(language):
    template = Template('{% load copkit_numbers %}'
                        '<input type="number" value="{{ v|input_number }}"><p>{{ v }}</p>')
    with translation.override(language):
        html = template.render(Context({"v": 61.5}))
    assert 'value="61.5"' in html
    # Text elsewhere is still formatted for the reader.
    assert ("<p>61,5</p>" if language in ("fr", "nl") else "<p>61.5</p>") in html


class _Form(UnlocalizedNumbersMixin, forms.Form):
    score = forms.FloatField(localize=True)
    count = forms.IntegerField()
    amount = forms.DecimalField(widget=NumberInput(attrs={"step": "0.5"}))


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_number_fields_render_a_dot_even_when_localised(language):
    with translation.override(language):
        html = str(_Form(initial={"score": 61.5, "count": 4, "amount": Decimal("2.50")}))
    assert re.search(r'name="score" value="61.5"', html)
    assert re.search(r'name="count" value="4"', html)
    assert re.search(r'step="0.5"[^>]*name="amount" value="2.5"|name="amount" '
                     r'value="2.5"[^>]*step="0.5"', html), html
    assert isinstance(_Form().fields["count"].widget, NumberInput)


def _sources(suffix: str):
    for directory in [*APP_DIRS, "templates"]:
        yield from (ROOT / directory).rglob(f"*{suffix}")


def test_every_hand_written_number_input_uses_the_filter():
    """A template that writes `value="{{ x }}"` into a number input localises it: `61,0`."""
    offenders = []
    for path in _sources(".html"):
        for tag in re.findall(r'<input[^>]*type="number"[^>]*>', path.read_text("utf-8"), re.S):
            if "value=" in tag and "|input_number" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: {tag[:120]}")
    assert offenders == []


def test_number_widgets_come_from_core():
    offenders = [str(path.relative_to(ROOT)) for path in _sources(".py")
                 if "forms.NumberInput(" in path.read_text("utf-8")
                 and path.name != "numbers.py" and "migrations" not in path.parts]
    assert offenders == []


def test_no_form_field_localises_its_input():
    """`localize=True` would give Django's own widgets `61,5`; NumberInput ignores it anyway."""
    offenders = [str(path.relative_to(ROOT)) for path in _sources(".py")
                 if re.search(r"\blocalize\s*=\s*True", path.read_text("utf-8"))
                 and "migrations" not in path.parts]
    assert offenders == []


class _Dynamic(CopkitForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added"] = forms.FloatField(localize=True)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_copkit_form_writes_numbers_unlocalised_even_fields_added_later(language):
    with translation.override(language):
        html = str(_Dynamic(initial={"added": 61.0}))
    assert 'name="added" value="61"' in html
