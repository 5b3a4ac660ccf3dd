"""Single-line fields hold one line, in every form of the project (copkit/core/forms.py).

The walk below finds every form class the project defines and checks, field by field, that each
one-line text input refuses a line break with the same clear message in the user's language. A
new form that does not derive from copkit.core.forms fails here; a new form whose constructor
needs arguments needs a line in FACTORIES.
"""

import importlib
import inspect
import pkgutil
from types import SimpleNamespace

import pytest
from django import forms
from django.utils import translation

from copkit.core.forms import (
    Form,
    SingleLineMixin,
    is_single_line,
    is_single_line_field,
    single_line,
    validate_single_line,
)

PACKAGES = ("copkit", "guide", "toolbox", "compass", "survey")
SKIP_MODULES = ("copkit.settings", "copkit.wsgi", "copkit.asgi")
BREAKS = ["Réseau\nfinances", "Réseau\r\nfinances", "Réseau\rfinances", "Réseau\u2028finances",
          "Réseau\u2029finances", "Réseau\x85finances", "Réseau\x0bfinances",
          "Réseau\tfinances", "Réseau\x1bfinances", "Réseau\u202efinances"]


def _project_form_classes() -> list[type]:
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" in info.name or info.name.startswith(SKIP_MODULES) \
                    or ".management." in info.name:
                continue
            importlib.import_module(info.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in PACKAGES and sub.__module__ != "copkit.core.forms":
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORM_CLASSES = _project_form_classes()


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_the_walk_finds_the_forms():
    names = {_name(c) for c in FORM_CLASSES}
    assert {"copkit.communities.forms.CommunityForm", "survey.forms.WaveSettingsForm",
            "survey.forms.EmailTemplateForm", "toolbox.forms.InstanceForm",
            "copkit.questionnaires.forms.SectionForm", "copkit.core.two_factor.CodeForm"} <= names


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=_name)
def test_every_project_form_checks_single_line_fields(cls):
    assert issubclass(cls, SingleLineMixin), (
        f"{_name(cls)}: derive from copkit.core.forms.Form / ModelForm (or SingleLineMixin)")


# --- Every one-line field of every form refuses a line break ---------------------------------

@pytest.fixture
def context(db):
    from copkit.questionnaires.definitions import definition_load
    from copkit.questionnaires.structure import load_structure
    from tests.conftest import make_community, make_user
    from tests.questionnaires.conftest import load_fixture

    definition = load_fixture()
    version, _ = definition_load(load_fixture(), app="tests")
    structure = load_structure(version)
    user = make_user("claire")
    return SimpleNamespace(
        definition=definition, structure=structure, user=user,
        community=make_community(coordinators=[user]),
        wave=SimpleNamespace(**{name: {"fr": "Sujet"} for name in (
            "email_subject", "email_body", "reminder_subject", "reminder_body",
            "email_signature")}))


FACTORIES = {
    "copkit.communities.forms.InvitationSignupForm":
        lambda c, **kw: c.form(email="new@example.org", **kw),
    "copkit.communities.forms.AccountDeleteForm": lambda c, **kw: c.form(user=c.user, **kw),
    "copkit.communities.forms.CommunityDeleteForm":
        lambda c, **kw: c.form(community=c.community, **kw),
    "survey.forms.EmailTemplateForm": lambda c, **kw: c.form(wave=c.wave, **kw),
    "survey.forms.QuestionAddForm":
        lambda c, **kw: c.form(sections=[("part", "Partie")], languages=("fr", "nl"), **kw),
    "survey.forms.QuestionEditForm": lambda c, **kw: c.form(question={
        "key": "q", "type": "single", "title": {"fr": "Q"},
        "choices": [{"key": "a", "label": {"fr": "A"}}, {"key": "b", "label": {"fr": "B"}}]},
        languages=("fr",), **kw),
    "toolbox.forms.InstanceForm": lambda c, **kw: c.form(tool="facilitation", **kw),
    "compass.forms.ReviewForm":
        lambda c, **kw: c.form(dimensions=[SimpleNamespace(key="vision", title="Vision")], **kw),
    "compass.forms.ActionForm":
        lambda c, **kw: c.form(dimensions=[SimpleNamespace(key="vision", title="Vision")], **kw),
    "copkit.questionnaires.forms.SectionForm":
        lambda c, **kw: c.form(next(
            s for s in c.structure.sections
            if any(q.question.type == "short_text" for q in s.questions)), language="fr", **kw),
    "copkit.questionnaires.editor_forms.DefinitionEditForm":
        lambda c, **kw: c.form(c.definition, **kw),
    "copkit.questionnaires.editor_forms.SectionEditForm":
        lambda c, **kw: c.form(c.definition["sections"][0], **kw),
    "copkit.communities.forms.TimelineFilterForm":
        lambda c, **kw: c.form(kinds=[("meeting", "Réunion")], **kw),
    "copkit.reminders.forms.PreferencesForm":
        lambda c, **kw: c.form(kinds=[("survey_wave", "Vague")], **kw),
    "survey.follow_up_views.FollowUpForm": lambda c, **kw: c.form(themes=[], actions=[], **kw),
}


WITHOUT_ONE_LINE_FIELD = {
    "compass.forms.ActionStatusForm", "compass.forms.CloseForm", "compass.forms.ReviewForm",
    "copkit.actions.forms.ActionDeleteForm", "copkit.actions.forms.ActionFilterForm",
    "copkit.actions.forms.ActionStatusForm",
    "copkit.communities.forms.AccountDeleteForm", "copkit.communities.forms.TimelineFilterForm",
    "copkit.meetings.forms.MeetingDeleteForm", "copkit.reminders.forms.PreferencesForm",
    "survey.follow_up_views.FollowUpForm",
    "copkit.questionnaires.editor_forms.DefinitionUploadForm", "guide.forms.ProgressForm",
    "survey.forms.ClosingDateForm", "survey.forms.InviteForm", "survey.forms.StartForm",
    "toolbox.forms.CompareForm",
}


def _build(cls, context, **kwargs):
    factory = FACTORIES.get(_name(cls))
    if factory is not None:
        return factory(SimpleNamespace(**vars(context), form=cls), **kwargs)
    try:
        return cls(**kwargs)
    except TypeError as exc:
        pytest.fail(f"{_name(cls)} needs arguments ({exc}): add it to FACTORIES in this file")


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=_name)
def test_every_one_line_field_refuses_a_line_break_in_the_users_language(cls, context):
    empty = _build(cls, context)
    one_line = [name for name, field in empty.fields.items()
                if is_single_line_field(field) and not field.disabled]
    if not one_line:
        # Known to hold only text areas, choices, numbers, dates, files or passwords: a form
        # that loses its one-line fields by mistake (a widget change) fails here instead.
        assert _name(cls) in WITHOUT_ONE_LINE_FIELD, f"{_name(cls)}: no one-line field found"
        return
    data = dict.fromkeys(one_line, "Réseau\nfinances")
    with translation.override("nl"):
        form = _build(cls, context, data=data)
        form.is_valid()
        for name in one_line:
            assert form.has_error(name, "single_line"), (_name(cls), name, form.errors.get(name))
            assert "op één regel" in " ".join(form.errors[name])


@pytest.mark.parametrize("text", BREAKS)
def test_breaks_tabs_controls_and_direction_overrides_are_refused(text):
    class Sample(Form):
        name = forms.CharField()

    with translation.override("en"):
        form = Sample(data={"name": text})
        assert not form.is_valid()
        assert form.errors["name"] == [
            "Write this on one line, without line breaks, tabs or other control characters."]


def test_text_areas_passwords_and_ordinary_text_are_left_alone():
    class Sample(Form):
        name = forms.CharField()
        body = forms.CharField(widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput)

    form = Sample(data={"name": "Réseau « finances » – 2025 🙂 عربي",
                        "body": "Ligne un\nLigne deux", "secret": "a\tb"})
    assert form.is_valid(), form.errors


def test_the_french_message():
    class Sample(Form):
        name = forms.CharField()

    with translation.override("fr"):
        form = Sample(data={"name": "a\nb"})
        assert "sur une seule ligne" in form.errors["name"][0]


def test_single_line_makes_any_text_safe_for_a_header():
    assert single_line("Réseau\r\nfinances\u2028 2025\x00") == "Réseau finances 2025"
    assert is_single_line(single_line("a\u202eb\tc"))
    with pytest.raises(forms.ValidationError):
        validate_single_line("a\nb")


def test_fields_added_in_init_are_covered_and_the_class_is_untouched():
    class Dynamic(Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["title"] = forms.CharField()

    assert not Dynamic(data={"title": "a\nb"}).is_valid()
    assert inspect.isclass(Dynamic) and "title" not in Dynamic.base_fields
