"""The community charter as a document: every part of the definition, in order, with its guidance
and each field's filled text, in the reader's language. The result page, the PDF and the Word
document show this one report. Built from loaded data, no query here."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from copkit.core.typography import for_language
from copkit.questionnaires.texts import localized
from toolbox.report_rows import respondents
from toolbox.selectors import InstanceData


@dataclass
class CharterField:
    key: str
    label: str
    value: str  # "" when not filled yet


@dataclass
class CharterPart:
    key: str
    title: str
    guidance: str
    fields: list[CharterField]


@dataclass
class CharterReport:
    parts: list[CharterPart]

    @property
    def filled(self) -> int:
        return sum(1 for part in self.parts for f in part.fields if f.value)

    @property
    def total(self) -> int:
        return sum(len(part.fields) for part in self.parts)

    @property
    def progress(self) -> str:
        return _("%(filled)s of %(total)s fields filled") % {"filled": self.filled,
                                                             "total": self.total}


def charter_report(data: InstanceData, *, chart=None) -> CharterReport:  # no chart
    view = respondents(data)[0].view
    language = translation.get_language()

    def text(texts) -> str:
        """A text of the definition, with French typography (what was typed stays as typed)."""
        return for_language(localized(texts), language, markup=False)

    parts = []
    for section in data.structure.sections:
        fields = [CharterField(spec.key, text(spec.question.title), view.display(spec).strip())
                  for spec in section.questions]
        parts.append(CharterPart(section.key, text(section.section.title),
                                 text(section.section.description), fields))
    return CharterReport(parts)
