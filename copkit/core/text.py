"""Rendering editable Markdown content safely."""

import markdown
import nh3
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from copkit.core.typography import for_language

# What content editors may produce: structure, emphasis, lists, links. No scripts, no styles,
# no images (nothing fetched from elsewhere).
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "mark",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


# Inside a line (a summary in a lead paragraph, a card): emphasis and links, no blocks.
INLINE_TAGS = {"strong", "em", "b", "i", "code", "a", "mark", "br"}


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    # French content gets its typography here, once, for pages and the PDFs built from them.
    clean = for_language(clean, translation.get_language(), markup=True)
    return mark_safe(clean)  # sanitised by nh3 just above; typography only changes text


def render_markdown_inline(text: str) -> SafeString:
    """Markdown of a one-paragraph text (a summary) as inline HTML, to sit inside the page's own
    `<p>` or `<span>`: `**key**` shows bold instead of its asterisks. Paragraphs become line
    breaks; other blocks keep only their text. Sanitised like `render_markdown`."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    html = html.strip().replace("</p>\n<p>", "<br>")
    clean = nh3.clean(html, tags=INLINE_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    clean = for_language(clean, translation.get_language(), markup=True)
    return mark_safe(clean.strip())  # sanitised by nh3 just above; typography only changes text
