"""The editor's quick widgets write what Django's widget templates write, and the editor's
read-only keys come from two small queries that agree with a full definition dump."""

from html.parser import HTMLParser

import pytest
from django import forms

from copkit.core.numbers import NumberInput
from copkit.questionnaires import selectors
from copkit.questionnaires.definitions import definition_dump
from copkit.questionnaires.editing import locked_keys
from copkit.questionnaires.editor_forms import (
    SectionEditForm,
    _CheckboxInput,
    _NumberInput,
    _Textarea,
    _TextInput,
)
from tests.questionnaires.conftest import load_fixture


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, sorted(attrs)))

    def handle_data(self, data):
        self.text += data


def _parsed(html: str):
    parser = _Tags()
    parser.feed(str(html))
    return parser.tags, parser.text


VALUES = ["", None, "Plain", 'Quote " & <b>ampersand</b> \'single\'', "Ligne 1\nLigne 2", 0]


@pytest.mark.parametrize("value", [*VALUES, True, False, 1.5])
@pytest.mark.parametrize(("quick", "django"), [(_TextInput, forms.TextInput),
                                               (_Textarea, forms.Textarea),
                                               (_NumberInput, NumberInput),
                                               (_CheckboxInput, forms.CheckboxInput)])
def test_quick_widgets_write_the_same_tag_attributes_and_text_as_the_templates(
        quick, django, value):
    attrs = {"lang": "nl", "class": "form-control form-control-sm", "rows": 2}
    extra = {"id": "id_q0-title-nl", "maxlength": "4000", "disabled": True,
             "aria-describedby": "id_q0-title-nl_helptext", "readonly": False}
    ours = quick(attrs=attrs).render("q0-title-nl", value, extra)
    theirs = django(attrs=attrs).render("q0-title-nl", value, extra)
    # (a value written unescaped would parse as a <b> tag here: the tags would differ)
    assert _parsed(ours) == _parsed(theirs)


@pytest.mark.django_db
def test_version_keys_are_the_keys_a_full_dump_locks(all_types_version):
    assert selectors.version_keys(all_types_version) == locked_keys(
        definition_dump(all_types_version))
    assert any(":choices:" in key for key in selectors.version_keys(all_types_version))


def test_a_bound_section_form_shows_what_was_typed_escaped():
    section = load_fixture()["sections"][0]
    data = {f"{name}": "" for name in SectionEditForm(section).fields}
    form = SectionEditForm(section, data={**data, "title-fr": 'Titre "<i>"'})
    html = str(form["title-fr"])
    assert 'value="Titre &quot;&lt;i&gt;&quot;"' in html and 'lang="fr"' in html
