from copkit.core.text import render_markdown


def test_markdown_renders_structure():
    html = render_markdown("### Titre\n\n- un\n- **deux**")
    assert "<h3>Titre</h3>" in html
    assert "<li><strong>deux</strong></li>" in html


def test_markdown_strips_scripts_and_event_handlers():
    html = render_markdown('<script>alert(1)</script><a href="javascript:x" onclick="y">z</a>')
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_markdown_drops_images_so_nothing_is_fetched_from_elsewhere():
    assert "<img" not in render_markdown("![x](https://evil.example/pixel.png)")
