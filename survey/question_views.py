"""The coordinator's questions of a wave: an overview, one question per page, a member's preview.

Every page needs EDIT on the community (coordinators; advisors and outsiders get 404). Changes
are accepted only while the wave is a draft without answers (`questions.wave_set_definition`
refuses on the locked row). Each save changes one question and stores the wave's new version.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from copkit.communities.access import Capability, CommunityAccess, community_access_or_404
from copkit.core.errors import add_error_message
from copkit.core.i18n import LANGUAGE_CHOICES, LANGUAGES
from copkit.questionnaires import conditions
from copkit.questionnaires.definitions import InvalidDefinition, definition_dump
from copkit.questionnaires.editing import find_question
from copkit.questionnaires.forms import SectionForm
from copkit.questionnaires.structure import load_structure
from copkit.questionnaires.texts import localized
from survey import questions, services
from survey.crumbs import survey_crumbs
from survey.forms import (
    CHOICE_TYPES,
    EDITABLE_OPTIONS,
    QuestionAddForm,
    QuestionEditForm,
    type_name,
)
from survey.models import Wave, WaveStatus


def _wave(access: CommunityAccess, pk: int) -> Wave:
    return get_object_or_404(Wave.objects.select_related("collection__version", "community"),
                             pk=pk, community=access.community)


def _questions_url(wave: Wave, anchor: str = "") -> str:
    url = reverse("survey:questions", kwargs={"slug": wave.community.slug, "pk": wave.pk})
    return f"{url}#{anchor}" if anchor else url


def _refused(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, InvalidDefinition):
        # The forms check what a person can get wrong; this is a safety net in plain words.
        messages.error(request, _("The question could not be saved: a text or an option is "
                                  "missing."))
    else:
        add_error_message(request, exc)


def _overview(structure) -> list[dict]:
    """Parts and their questions in plain words (text, kind of answer): no keys, no types."""
    parts, number, seen = [], 0, {}
    for section in structure.sections:
        rows = []
        for position, spec in enumerate(section.questions):
            number += 1
            q = spec.question
            seen[q.key] = (number, {c.key: localized(c.label) for c in spec.options})
            condition = conditions.condition_of(q.config)
            shown_when = ""
            if condition and condition[0] in seen:
                source, labels = seen[condition[0]]
                shown_when = _("Shown only to members who answered “%(answer)s” to question "
                               "%(n)s.") % {"answer": labels.get(condition[1], ""), "n": source}
            rows.append({"key": q.key, "number": number, "title": localized(q.title),
                         "kind": type_name(q.type), "required": q.required,
                         "options": [localized(c.label) for c in spec.options]
                         if q.type in EDITABLE_OPTIONS else [],
                         "shown_when": shown_when, "first": position == 0,
                         "last": position == len(section.questions) - 1})
        parts.append({"key": section.key, "title": localized(section.section.title),
                      "questions": rows})
    return parts


@login_required
@require_http_methods(["GET", "POST"])
def wave_questions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The list of questions: move one up or down, open one to edit it, add one."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    structure = load_structure(wave.collection.version)
    editable = wave.status == WaveStatus.DRAFT
    languages = questions.community_languages(wave.community)
    sections = [(s.key, localized(s.section.title)) for s in structure.sections]
    add_form = QuestionAddForm(sections=sections, languages=languages)
    status = 200
    if request.method == "POST":
        if not editable:
            messages.error(request, _("The questions can only be changed before the wave "
                                      "opens."))
            return redirect(_questions_url(wave))
        action = request.POST.get("_action", "")
        verb, _sep, key = action.partition(":")
        try:
            if verb in ("up", "down"):
                questions.wave_question_move(wave=wave, key=key, delta=-1 if verb == "up" else 1,
                                            user=request.user)
                return redirect(_questions_url(wave, f"question-{key}"))
            if verb == "remove":
                questions.wave_question_remove(wave=wave, key=key, user=request.user)
                messages.success(request, _("Question removed."))
                return redirect(_questions_url(wave))
            if verb == "add":
                add_form = QuestionAddForm(request.POST, sections=sections, languages=languages)
                if add_form.is_valid():
                    data = add_form.cleaned_data
                    _version, new_key = questions.wave_question_add(
                        wave=wave, section_key=data["section"], qtype=data["type"],
                        title=add_form.title(), options=add_form.options, user=request.user)
                    messages.success(request, _("Question added. You can now explain it or "
                                                "change its options."))
                    return redirect("survey:question", slug=slug, pk=pk, key=new_key)
                status = 400
            else:
                status = 400
        except (services.WaveError, InvalidDefinition) as exc:
            _refused(request, exc)
            return redirect(_questions_url(wave))
    return render(request, "survey/questions.html", {
        "access": access, "community": access.community, "wave": wave,
        "crumbs": survey_crumbs(access.community, wave, (_("Questions"),)),
        "editable": editable, "parts": _overview(structure), "add_form": add_form,
        "languages": [name for code, name in LANGUAGE_CHOICES if code in languages],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def wave_question(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    """One question: its texts in the community's languages (others optional), whether an
    answer is required, and its options."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    structure = load_structure(wave.collection.version)
    spec = next((s for s in structure.questions() if s.key == key), None)
    if spec is None:
        raise Http404
    editable = wave.status == WaveStatus.DRAFT
    languages = questions.community_languages(wave.community)
    question = _question_data(wave, key)
    form = QuestionEditForm(request.POST if request.method == "POST" else None,
                            question=question, languages=languages,
                            conditions=_condition_choices(structure, spec))
    if request.method == "POST":
        if not editable:
            messages.error(request, _("The questions can only be changed before the wave "
                                      "opens."))
            return redirect(_questions_url(wave))
        if form.is_valid():
            action = request.POST.get("_action", "save")
            try:
                questions.wave_question_update(wave=wave, question=form.updated(action),
                                              user=request.user)
            except (services.WaveError, InvalidDefinition) as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("Question saved."))
                if action.startswith("option-") or form.cleaned_data.get("new-option-"
                                                                         + languages[0]):
                    return redirect(reverse("survey:question", kwargs={
                        "slug": slug, "pk": pk, "key": key}) + "#options")
                return redirect(_questions_url(wave, f"question-{key}"))
    number = next(n for n, s in enumerate(structure.questions(), 1) if s.key == key)
    return render(request, "survey/question.html", {
        "access": access, "community": access.community, "wave": wave, "form": form,
        "crumbs": survey_crumbs(access.community, wave, (_("Questions"), _questions_url(wave)),
                                (_("Question %(n)s") % {"n": number},)),
        "editable": editable, "number": number, "kind": type_name(spec.question.type),
        "part": localized(spec.question.section.title),
        "title": localized(spec.question.title),
    }, status=400 if request.method == "POST" else 200)


def _condition_choices(structure, spec) -> list:
    """The answers a question can depend on: options of the choice questions of earlier parts
    (conditions are decided when a page is shown, from saved answers: no JavaScript)."""
    groups, number = [], 0
    for section in structure.sections:
        if section.section.pk == spec.question.section_id:
            break
        for other in section.questions:
            number += 1
            if other.question.type in CHOICE_TYPES and other.options:
                label = _("Question %(n)s: %(text)s") % {
                    "n": number, "text": localized(other.question.title)}
                groups.append((label, [(f"{other.key}|{c.key}", localized(c.label))
                                       for c in other.options]))
    return groups


def _question_data(wave: Wave, key: str) -> dict:
    data = definition_dump(wave.collection.version)
    s, i = find_question(data, key)
    return data["sections"][s]["questions"][i]


@login_required
@require_GET
def wave_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The wave's questionnaire as a member sees it, one part per screen, in one of the
    community's languages. Nothing is stored: there is no form to send, only links."""
    access = community_access_or_404(request.user, slug, Capability.EDIT)
    wave = _wave(access, pk)
    structure = load_structure(wave.collection.version)
    languages = questions.community_languages(wave.community)
    language = request.GET.get("lang")
    if language not in LANGUAGES:
        language = languages[0]
    sections = structure.sections
    section = structure.section(request.GET.get("part", "")) or sections[0]
    index = sections.index(section)
    form = SectionForm(section, language=language, auto_id=f"preview-{section.key}-%s")
    base = reverse("survey:preview", kwargs={"slug": slug, "pk": pk})
    # Every question is shown; those with a show-if condition say to whom members see them.
    notes = {row["key"]: row["shown_when"] for part in _overview(structure)
             for row in part["questions"] if row["shown_when"]}

    def url(part: str, lang: str = language) -> str:
        return f"{base}?part={part}&lang={lang}"

    return render(request, "survey/preview.html", {
        "access": access, "community": access.community, "wave": wave, "form": form,
        "crumbs": survey_crumbs(access.community, wave, (_("Questions"), _questions_url(wave)),
                                (_("Preview as a member"),)),
        "language": language,
        "blocks": [(block, notes.get(block.spec.key, "")) for block in form.blocks],
        "languages": [{"code": code, "name": name, "url": url(section.key, code),
                       "current": code == language} for code, name in LANGUAGE_CHOICES],
        "questionnaire_title": localized(structure.version.title, language),
        "section_title": localized(section.section.title, language),
        "section_description": localized(section.section.description, language),
        "steps": [{"title": localized(s.section.title, language), "url": url(s.key),
                   "current": s is section} for s in sections],
        "step_number": index + 1, "step_count": len(sections),
        "previous_url": url(sections[index - 1].key) if index > 0 else "",
        "next_url": url(sections[index + 1].key) if index + 1 < len(sections) else "",
    })
