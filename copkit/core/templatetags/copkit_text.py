from django import template

from copkit.core.text import render_markdown, render_markdown_inline

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Markdown → sanitised HTML, for editable content."""
    return render_markdown(text)


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str):
    """Markdown → sanitised inline HTML, for a one-paragraph text inside the page's own <p>."""
    return render_markdown_inline(str(text or ""))
