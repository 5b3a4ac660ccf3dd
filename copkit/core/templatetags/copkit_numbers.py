from django import template

from copkit.core.numbers import input_number, text_number

register = template.Library()


@register.filter(name="input_number")
def input_number_filter(value) -> str:
    """For `value="…"` of a hand-written `<input type=number>`: `61.5`, never `61,5`."""
    return input_number(value)


@register.filter(name="number")
def number_filter(value, decimals=1) -> str:
    """For text: `{{ mean|number }}` gives `61` for 61.0, `61,5` in French and Dutch, `61.5` in
    English (at most `decimals` decimals, 1 by default)."""
    return text_number(value, decimals)
