from django import template

from copkit.core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Markdown → sanitised HTML, for editable content."""
    return render_markdown(text)
