"""French guide texts are typeset at render time: on the page and in the PDF built from it."""

import io

import pytest
from pypdf import PdfReader

from copkit.core.typography import NNBSP as N

pytestmark = pytest.mark.django_db


def test_the_french_guide_page_and_pdf_show_it(client, guide_content):
    from guide.models import Text
    from guide.pdf import build_guide_pdf

    Text.objects.filter(part__key="start", node__isnull=True, field="body",
                        language="fr").update(value="L'élan du groupe : « tenir » ?")
    page = client.get("/fr/guide/start/").content.decode()
    assert f"L’élan du groupe{N}: «{N}tenir{N}»{N}?" in page
    reader = PdfReader(io.BytesIO(build_guide_pdf(language="fr", part_key="start")))
    text = " ".join(p.extract_text() for p in reader.pages)
    # pypdf may put a space between a letter and ’ (glyph positions): look at each sign.
    assert f"élan du groupe{N}: «{N}tenir{N}»{N}?" in text
    assert "’élan" in text and "'élan" not in text
