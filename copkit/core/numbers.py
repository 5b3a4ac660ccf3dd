"""Numbers in `<input type="number">`: the one way every form and template writes them.

A browser reads an input's value only in its own format, a dot and no grouping (`61.5`),
whatever the page's language. Django's template engine localises numbers (`61,5` in French and
Dutch), and a number input given `61,5` shows nothing: the next save then writes NULL over it.
So input values are never localised; formatted numbers belong in text only.

- `input_number(value)`: `61` for 61.0, `61.5`, `0.0000001`; `""` for None or not-a-number.
- `NumberInput`: the widget every number field uses (the engine's questions, matrix cells,
  repeat rows, the editors, survey and compass forms).
- `UnlocalizedNumbersMixin`: a form mixin that swaps Django's NumberInput for it in
  `__init__` (ModelForms whose number fields come from the model).
- Template filter `{% load copkit_numbers %}{{ field.value|input_number }}` for hand-written
  inputs.
"""

import math
from decimal import Decimal, InvalidOperation

from django import forms


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


class NumberInput(forms.NumberInput):
    """Django's NumberInput whose value is never localised and never ends in `.0`."""

    def format_value(self, value):
        text = input_number(value)
        return text or None


class UnlocalizedNumbersMixin:
    """Give every number field of the form `NumberInput` (keeping its min/max/step)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.NumberInput) and not isinstance(widget, NumberInput):
                field.widget = NumberInput(attrs=widget.attrs)
                field.localize = False
