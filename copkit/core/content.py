"""The core's shipped content: the sections of the accessibility statement and the privacy notice
(copkit/core/data/public_texts.yaml), loaded by `manage.py load_content`.

Staff edit them afterwards in the admin; loading again adds the sections that are missing and
leaves every existing one as it is, so an edit is never overwritten.
"""

from pathlib import Path

from copkit.core import yamlfiles
from copkit.core.i18n import LANGUAGES
from copkit.core.models import PublicText

DATA = Path(__file__).resolve().parent / "data" / "public_texts.yaml"


def load(*, stdout=None) -> int:
    """Create the missing sections; returns how many were created."""
    created = 0
    for page, sections in yamlfiles.read(DATA).items():
        for order, section in enumerate(sections, start=1):
            defaults = {"order": order * 10}
            for lang in LANGUAGES:
                defaults[f"title_{lang}"] = section["title"][lang]
                defaults[f"body_{lang}"] = section["body"][lang]
            _text, made = PublicText.objects.get_or_create(page=page, key=section["key"],
                                                           defaults=defaults)
            created += made
    if stdout is not None and created:
        stdout.write(f"public texts: {created} sections added")
    return created
