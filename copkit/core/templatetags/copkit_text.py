from django import template
from django.utils import translation

from copkit.core.text import render_markdown, render_markdown_inline
from copkit.core.typography import for_language

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Markdown → sanitised HTML, for editable content."""
    return render_markdown(text)


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str):
    """Markdown → sanitised inline HTML, for a one-paragraph text inside the page's own <p>."""
    return render_markdown_inline(str(text or ""))


@register.filter(name="typeset")
def typeset_filter(text):
    """A plain text of the content (a questionnaire's title, a section, a statement) with the
    typography of the active language; still escaped by the template like any text."""
    return for_language(str(text or ""), translation.get_language(), markup=False)
