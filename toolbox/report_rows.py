"""What every toolbox report shares: the respondents with their answers, one row per question
(answers and comments side by side), the way a percent is shown. No query here."""

from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from copkit.core import prebuild
from copkit.questionnaires.answers import ResponseView
from copkit.questionnaires.structure import Structure
from copkit.questionnaires.texts import localized
from toolbox.selectors import InstanceData


def fmt_percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


# How a report gets its chart, `chart(function, labels, data, **options)` as in
# copkit/core/prebuild.py (`data`: values, or (name, values[, style]) per series). Safe: drawn by
# the chart helper, which escapes the texts it writes.

def page_chart(function: str, labels, data, **options) -> str:
    """A page's: drawn by the worker from its figures; "being prepared" until then."""
    return mark_safe(prebuild.chart(function, labels, data, **options))


def document_chart(function: str, labels, data, **options) -> str:
    """A PDF's, built by the worker: drawn here."""
    return mark_safe(prebuild.draw(function, labels, data, **options))


def no_chart(function: str, labels, data, **options) -> str:
    """None (the workbook draws its own, a comparison shows none)."""
    return ""


@dataclass
class Respondent:
    name: str
    submitted: bool
    is_main: bool
    view: ResponseView


@dataclass
class AnswerRow:
    section: str
    question: str
    key: str
    values: list[str]  # one per respondent (or per instance in a comparison)
    comments: list[str]

    @property
    def cells(self) -> list[tuple[str, str]]:
        return list(zip(self.values, self.comments, strict=True))


def respondents(data: InstanceData) -> list[Respondent]:
    return [Respondent(r.label or _("Respondent"), r.is_submitted,
                       r.pk == data.instance.main_response_id,
                       ResponseView(r, data.answers.get(r.pk, []), data.structure))
            for r in data.responses]


def answer_rows(structure: Structure, views: list[ResponseView]) -> list[AnswerRow]:
    rows = []
    for section in structure.sections:
        for spec in section.questions:
            rows.append(AnswerRow(localized(section.section.title), localized(spec.question.title),
                                  spec.key, [v.display(spec) for v in views],
                                  [v.comment(spec.key) for v in views]))
    return rows
