"""Numbers in `<input type="number">`: the one way every form and template writes them.

A browser reads an input's value only in its own format, a dot and no grouping (`61.5`),
whatever the page's language. Django's template engine localises numbers (`61,5` in French and
Dutch), and a number input given `61,5` shows nothing: the next save then writes NULL over it.
So input values are never localised; formatted numbers belong in text only.

- `input_number(value)`: `61` for 61.0, `61.5`, `0.0000001`; `""` for None or not-a-number.
- `NumberInput`: the widget every number field uses (the engine's questions, matrix cells,
  repeat rows, the editors, survey and compass forms).
- `UnlocalizedNumbersMixin`: a form mixin that swaps Django's NumberInput for it (ModelForms
  whose number fields come from the model); every form deriving from copkit.core.forms has it.
- Template filter `{% load copkit_numbers %}{{ field.value|input_number }}` for hand-written
  inputs.

Numbers in text are the other way round: `text_number(value, decimals)` and the filter
`{{ mean|number }}` / `{{ share|number:0 }}` write them in the page's language, at most
`decimals` decimals and never a trailing `.0`: `61` for 61.0, `61,5` in French and Dutch,
`61.5` in English.
"""

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.template.defaultfilters import floatformat


def input_number(value) -> str:
    """`value` as an `<input type=number>` reads it, in every language."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        # Bound data: what the browser posted is already in its format.
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        value = Decimal(repr(value))
    elif not isinstance(value, Decimal):
        try:
            value = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            return ""
    if not value.is_finite():
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def text_number(value, decimals: int = 1) -> str:
    """`value` for reading, in the active language: `61`, `61,5` (fr, nl), `61.5` (en); `""`
    for None, an empty string or not-a-number."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not number.is_finite():
        return ""
    decimals = abs(int(decimals))
    # Rounded first, so that 3.9999 reads `4`, not `4,0`; then floatformat's negative argument
    # drops the decimals of a whole number and localises the rest.
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return floatformat(number, -decimals)


class NumberInput(forms.NumberInput):
    """Django's NumberInput whose value is never localised and never ends in `.0`."""

    def format_value(self, value):
        text = input_number(value)
        return text or None


def _unlocalise(field: forms.Field) -> None:
    widget = field.widget
    if isinstance(widget, forms.NumberInput) and not isinstance(widget, NumberInput):
        field.widget = NumberInput(attrs=widget.attrs)
    elif (field.localize and isinstance(field, forms.IntegerField)  # Float and Decimal too
          and type(widget) is forms.TextInput):
        # Django draws a localised number field as text (`61,5`): a number input instead.
        number = NumberInput(attrs=widget.attrs)
        number.attrs.update(field.widget_attrs(number))
        field.widget = number
    field.localize = False


class UnlocalizedNumbersMixin:
    """Give every number field of the form `NumberInput` (keeping its min/max/step), including
    fields a form adds in its own __init__ (swapped when the field is first rendered).
    copkit.core.forms.Form and ModelForm include it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _unlocalise(field)

    def __getitem__(self, name):
        field = self.fields.get(name)
        if field is not None:
            _unlocalise(field)
        return super().__getitem__(name)
