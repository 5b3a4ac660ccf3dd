from django import template

from copkit.core.numbers import input_number

register = template.Library()


@register.filter(name="input_number")
def input_number_filter(value) -> str:
    """For `value="…"` of a hand-written `<input type=number>`: `61.5`, never `61,5`."""
    return input_number(value)
