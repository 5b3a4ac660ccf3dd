"""The base of every copkit form: single-line fields hold one line.

A name, a title or a subject typed into a one-line input cannot hold a line break, but a crafted
request can, and a line break in a community's name once made every invitation e-mail of that
community fail (a header cannot span lines). Every form of the project derives from `Form` or
`ModelForm` below, or mixes in `SingleLineMixin` (tests/core/test_forms.py walks them all), so
each text field drawn as a one-line input refuses line breaks, tabs and other control or
direction-changing characters with one clear message, whatever field or form it is.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

from copkit.core.jsonvalues import JsonRefused, loads_bounded
from copkit.core.numbers import UnlocalizedNumbersMixin

# Line and paragraph separators (U+2028/9), and the bidi embeddings, overrides and isolates that
# make text display in another order than it is stored.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
_NOT_ONE_LINE = (forms.PasswordInput, forms.FileInput, forms.CheckboxInput)


def is_single_line(text: str) -> bool:
    return not any(unicodedata.category(ch) in _REFUSED_CATEGORIES or ch in _BIDI for ch in text)


def validate_single_line(value) -> None:
    if isinstance(value, str) and not is_single_line(value):
        raise ValidationError(
            _("Write this on one line, without line breaks, tabs or other control characters."),
            code="single_line")


def single_line(text: str) -> str:
    """`text` made safe for one line (an e-mail subject): every break or control becomes a space.

    For text that did not come through a form (stored before this rule, imported, or assembled
    from several parts), at the place where one line is required.
    """
    cleaned = "".join(" " if not is_single_line(ch) else ch for ch in text or "")
    # Runs of spaces become one; no-break spaces stay (French typography: "avis\u202f: x").
    return re.sub(r"[^\S\u00a0\u202f]+", " ", cleaned).strip()


def is_single_line_field(field: forms.Field) -> bool:
    return (isinstance(field, forms.CharField) and isinstance(field.widget, Input)
            and not isinstance(field.widget, _NOT_ONE_LINE))


class SingleLineMixin:
    """Adds `validate_single_line` to every one-line text field, including fields a form adds
    in its own __init__ (the validators are attached when the form is cleaned)."""

    def full_clean(self):
        for field in self.fields.values():
            if is_single_line_field(field) and validate_single_line not in field.validators:
                field.validators.append(validate_single_line)
        super().full_clean()


# Number inputs never localised (copkit/core/numbers.py): `61.5`, never `61,5`.
class Form(UnlocalizedNumbersMixin, SingleLineMixin, forms.Form):
    pass


class ModelForm(UnlocalizedNumbersMixin, SingleLineMixin, forms.ModelForm):
    pass


class BoundedJSONField(forms.JSONField):
    """Django's JSON form field, refusing what `loads_bounded` refuses (deeply nested or huge
    JSON) with Django's own "Enter a valid JSON." instead of a RecursionError (500)."""

    def _refused(self, value) -> bool:
        if not isinstance(value, str):
            return False
        try:
            loads_bounded(value)
        except JsonRefused as exc:
            return not str(exc).startswith("invalid JSON")  # Django reports those itself
        return False

    def to_python(self, value):
        if self._refused(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"value": value[:100]})
        return super().to_python(value)

    def bound_data(self, data, initial):
        if self._refused(data):
            return forms.fields.InvalidJSONInput(data)
        return super().bound_data(data, initial)
