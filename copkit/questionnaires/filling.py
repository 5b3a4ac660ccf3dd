"""The fill-in flow shared by every questionnaire page: one section per screen, drafts saved
explicitly and automatically, rows added and moved, and a submission that happens once.

The apps check access and find the response; then they hand over to `fill_page`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from copkit.questionnaires import services
from copkit.questionnaires.forms import AnswerValue, SectionForm, initial_from_answers
from copkit.questionnaires.models import ONE_RESPONSE_ORDER, Answer, Response
from copkit.questionnaires.structure import SectionSpec, Structure
from copkit.questionnaires.texts import localized


@dataclass(frozen=True)
class FillUrls:
    section: Callable[[str], str]  # section key -> URL of that page
    done: str  # where to go once submitted
    # Other pages reached from the form ("see the result so far"): the button
    # `_action=leave:<name>` saves the draft, then goes to exits[name].
    exits: Mapping[str, str] = field(default_factory=dict)
    # The done page says thank you itself: no "thank you" message above it as well.
    done_thanks: bool = False


def _stored_answers(response: Response, section: SectionSpec) -> list[Answer]:
    ids = [spec.question.pk for spec in section.questions]
    # The model's ordering joins five tables (collection, questionnaire, version…) for one
    # response: this is the same order within a response, from two joins.
    return list(Answer.objects.filter(response=response, question_id__in=ids)
                .select_related("choice").order_by(*ONE_RESPONSE_ORDER))


def _move_row(values: list[AnswerValue], key: str, index: int, delta: int) -> list[AnswerValue]:
    """Swap row `index` of repeat question `key` with its neighbour (delta -1 up, +1 down)."""
    other = index + delta
    out = []
    for value in values:
        if value.question_key == key and value.row in (str(index), str(other)):
            row = str(other) if value.row == str(index) else str(index)
            value = AnswerValue(value.question_key, row=row, column=value.column,
                                choice_key=value.choice_key, number=value.number,
                                text=value.text)
        out.append(value)
    return out


def _drop_row(values: list[AnswerValue], key: str, index: int) -> list[AnswerValue]:
    out = []
    for value in values:
        if value.question_key == key and value.row.isdigit():
            row = int(value.row)
            if row == index:
                continue
            if row > index:
                value = AnswerValue(value.question_key, row=str(row - 1), column=value.column,
                                    choice_key=value.choice_key, number=value.number,
                                    text=value.text)
        out.append(value)
    return out


def _submitted_elsewhere(response: Response) -> None:
    """An earlier request submitted this response (double click, replayed POST): the caller's
    object says so too (one query, on this rare path only). Raises `services.ResponseGone` when
    there is no such response any more (a draft deleted meanwhile)."""
    stored = (Response.objects.filter(pk=response.pk, collection_id=response.collection_id,
                                      draft_key=response.draft_key)
              .order_by().values_list("status", flat=True))
    status = next(iter(stored), None)
    if status is None:
        raise services.ResponseGone
    response.status = status


def fill_page(request: HttpRequest, *, response: Response, structure: Structure,
              section_key: str | None, urls: FillUrls, context: dict | Callable[[], dict],
              template: str = "questionnaires/fill.html",
              on_submit: Callable[[Response], None] | None = None) -> HttpResponse:
    """`context` is added to the page's template context; a callable is called only when a
    page is rendered (a saved page redirects without it).

    `on_submit(response)` is called inside the transaction that submits the response (see
    `services.response_submit`); an exception it raises undoes the submission and leaves this
    function for the caller to handle. Afterwards `response.is_submitted` tells the caller
    whether the response is submitted (by this request or an earlier one)."""
    sections = structure.sections
    section = structure.section(section_key) if section_key else sections[0]
    if section is None:
        section = sections[0]
    index = sections.index(section)
    language = translation.get_language()
    if response.is_submitted:
        if request.method == "POST":
            messages.info(request, _("These answers were already submitted; nothing changed."))
        return redirect(urls.done)

    hidden = services.hidden_questions(response, structure, section)
    if request.method == "POST":
        # A posted page carries all its answers: the stored ones are not read. Hidden questions
        # are not on it; saving the page deletes their answers (all its keys are replaced).
        action = request.POST.get("_action", "save")
        form = SectionForm(section, language=language, draft=True, data=request.POST,
                           hidden=hidden)
        if not form.is_valid():
            if action == "autosave":
                return JsonResponse({"saved": False}, status=400)
            messages.error(request, _("Some answers need your attention. Nothing on this page "
                                      "was saved; your earlier answers are kept."))
            return _render(request, template, form, structure, section, index, urls, context,
                           status=400, unsaved=True)
        values = form.answer_values()
        anchor = ""
        if action.startswith(("row-up:", "row-down:", "row-remove:")):
            verb, key, row = (action.split(":") + ["", ""])[:3]
            if row.isdigit():
                if verb == "row-remove":
                    values = _drop_row(values, key, int(row))
                else:
                    values = _move_row(values, key, int(row), -1 if verb == "row-up" else 1)
                anchor = f"#q-{key}"
        try:
            services.response_save_answers(response=response, structure=structure,
                                           question_keys=[s.key for s in section.questions],
                                           values=values)
        except services.AlreadySubmitted:
            _submitted_elsewhere(response)
            messages.info(request, _("These answers were already submitted; nothing changed."))
            return redirect(urls.done)
        if action == "autosave":
            return JsonResponse({"saved": True})
        if action.startswith("add-row:"):
            return redirect(f"{urls.section(section.key)}?add={action.split(':', 1)[1]}"
                            f"#q-{action.split(':', 1)[1]}")
        if anchor:
            return redirect(urls.section(section.key) + anchor)
        if action == "next" and index + 1 < len(sections):
            return redirect(urls.section(sections[index + 1].key))
        if action == "previous" and index > 0:
            return redirect(urls.section(sections[index - 1].key))
        if action.startswith("goto:"):
            target = structure.section(action.split(":", 1)[1])
            if target is not None:
                return redirect(urls.section(target.key))
        if action.startswith("leave:") and action.split(":", 1)[1] in urls.exits:
            messages.success(request, _("Draft saved."))
            return redirect(urls.exits[action.split(":", 1)[1]])
        if action == "submit":
            try:
                services.response_submit(response=response, structure=structure,
                                         on_submit=on_submit)
            except services.AlreadySubmitted:
                _submitted_elsewhere(response)
                return redirect(urls.done)
            except ValidationError as exc:
                missing = exc.params["missing"] if exc.params else {}
                first = next(iter(missing), section.key)
                messages.error(request, _("Some required questions are not answered yet. They "
                                          "are marked below."))
                return redirect(f"{urls.section(first)}?check=1")
            if not urls.done_thanks:
                messages.success(request, _("Thank you, your answers are submitted."))
            return redirect(urls.done)
        messages.success(request, _("Draft saved."))
        return redirect(urls.section(section.key))

    stored = _stored_answers(response, section)
    initial, rows = initial_from_answers(section, stored)
    add = request.GET.get("add")
    if add in rows or (add and any(s.key == add for s in section.questions)):
        rows[add] = rows.get(add, 0) + 1
        initial[f"q-{add}-rows"] = rows[add]  # the hidden row count must include the new row

    if request.GET.get("check"):
        # Show what a submission would refuse, next to each question.
        data = dict(initial)
        form = SectionForm(section, language=language, draft=False, repeat_rows=rows,
                           data=_as_data(data), hidden=hidden)
        form.is_valid()
    else:
        form = SectionForm(section, language=language, initial=initial, repeat_rows=rows,
                           hidden=hidden)
    return _render(request, template, form, structure, section, index, urls, context)


def _as_data(initial: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in initial.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value if v is not None])
        elif value is not None:
            data[key] = str(value)
    return data


def _render(request, template, form, structure, section, index, urls, context, status=200,
            unsaved=False):
    sections = structure.sections
    if callable(context):
        context = context()
    steps = [{"key": s.key, "title": localized(s.section.title), "url": urls.section(s.key),
              "current": s is section} for s in sections]
    return render(request, template, {
        **context,
        "form": form,
        "section": section,
        "section_title": localized(section.section.title),
        "section_description": localized(section.section.description),
        "steps": steps,
        "step_number": index + 1,
        "step_count": len(sections),
        "progress_percent": round(100 * (index + 1) / len(sections)),
        "is_first": index == 0,
        "is_last": index == len(sections) - 1,
        "questionnaire_title": localized(structure.version.title),
        "unsaved": unsaved,  # the form shows values that are not stored
    }, status=status)
