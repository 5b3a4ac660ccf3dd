"""The community charter: a coordinator fills every part, nothing typed is lost, and the PDF and
the Word document list every part with the filled texts in the reader's language."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from copkit.questionnaires import services as engine
from copkit.questionnaires.forms import AnswerValue
from copkit.questionnaires.texts import localized
from tests.toolbox.conftest import structure_of
from toolbox.models import Instance

pytestmark = pytest.mark.django_db


def url(name, instance, language="fr", **extra):
    with translation.override(language):
        return reverse(f"toolbox:{name}", kwargs={
            "slug": instance.community.slug, "tool": instance.tool, "pk": instance.pk, **extra})


def typed_values(instance) -> dict[str, dict[str, str]]:
    """What a coordinator types in each part: a distinct text per text field (one on two
    lines), the last option of each choice, by part key then field name."""
    out = {}
    for section in structure_of(instance).sections:
        values = {}
        for n, spec in enumerate(section.questions):
            if spec.question.type == "single":
                values[f"q-{spec.key}"] = spec.options[-1].key
            elif n == 0 and section.key == "purpose":
                values[f"q-{spec.key}"] = "Échanger nos pratiques d’achat\nLigne deux « citée »"
            else:
                values[f"q-{spec.key}"] = f"Texte {section.key} {spec.key} : accord n°{n}"
        out[section.key] = values
    return out


def fill_main(instance, values):
    structure = structure_of(instance)
    engine.response_save_answers(response=instance.main_response, structure=structure,
                                 question_keys=sorted({v.question_key for v in values}),
                                 values=values)


@pytest.fixture
def charter(make_instance):
    return make_instance("charter", title="Charte des acheteurs")


def test_the_charter_has_the_six_parts_each_with_guidance_a_text_and_choices(charter):
    structure = structure_of(charter)
    assert [s.key for s in structure.sections] == [
        "purpose", "members", "ways-of-working", "ground-rules", "sharing", "review"]
    for section in structure.sections:
        assert section.section.description["fr"] and section.section.description["nl"]
        texts = [s for s in section.questions if s.question.type in ("short_text", "long_text")]
        assert texts, section.key
        for spec in texts:  # an example in each empty box, in the three languages
            assert set(spec.question.config["placeholder"]) == {"fr", "nl", "en"}, spec.key
    choices = {s.key: [o.key for o in s.options] for s in structure.questions()
               if s.question.type == "single"}
    assert "chatham-house" in choices["confidentiality"]
    assert set(choices) == {"rhythm", "confidentiality", "review-when"}


def test_a_coordinator_fills_every_part_and_finds_every_value_after_reopening(
        client, world, tools):
    client.force_login(world.coordinator)
    response = client.post(reverse("toolbox:new", args=[world.community.slug, "charter"]),
                           {"title": "Notre charte"})
    instance = Instance.objects.get(tool="charter")
    assert response["Location"] == url("fill", instance)
    typed = typed_values(instance)
    first = client.get(url("fill_section", instance, section="purpose")).content.decode()
    assert 'placeholder="Par exemple : permettre aux juristes' in first
    for key, values in typed.items():
        response = client.post(url("fill_section", instance, section=key),
                               {**values, "_action": "save"})
        assert response.status_code == 302, (key, response.status_code)
    last = structure_of(instance).sections[-1].key  # submitting saves its page again
    client.post(url("fill_section", instance, section=last), {**typed[last], "_action": "submit"})
    instance.main_response.refresh_from_db()
    assert instance.main_response.is_submitted

    # The result page shows every text, in its part.
    result = client.get(url("result", instance))
    report = result.context["report"]
    shown = {f"q-{f.key}": f.value for part in report.parts for f in part.fields}
    texts = {name: value for values in typed.values() for name, value in values.items()
             if not name.endswith(("rhythm", "confidentiality", "review-when"))}
    assert {name: shown[name] for name in texts} == texts
    assert report.filled == report.total == 15
    assert url("export_docx", instance) in result.content.decode()

    # Reopened: every field of every part holds what was typed.
    client.post(url("reopen", instance))
    for key, values in typed.items():
        form = client.get(url("fill_section", instance, section=key)).context["form"]
        assert {name: form[name].value() for name in values} == values, key


def test_the_placeholder_is_in_the_readers_language_and_never_stored(client, world, charter):
    client.force_login(world.coordinator)
    path = url("fill_section", charter, "nl", section="ground-rules")
    page = client.get(path).content.decode()
    assert 'placeholder="Bijvoorbeeld: we luisteren zonder te oordelen' in page
    client.post(path, {"q-confidentiality": "chatham-house", "q-rules": "", "_action": "save"})
    keys = set(charter.main_response.answers.values_list("question__key", flat=True))
    assert keys == {"confidentiality"}


def _filled(charter):
    fill_main(charter, [
        AnswerValue("purpose", text="Zeldzame praktijk delen"),
        AnswerValue("hybrid", text="Hybrid rule seven"),
        AnswerValue("confidentiality", choice_key="chatham-house"),
        AnswerValue("review-when", choice_key="yearly"),
    ])
    return charter


@pytest.mark.parametrize(("language", "part", "choice"), [
    ("nl", "Spelregels", "Chatham House-regel"),
    ("en", "Ground rules", "Chatham House rule"),
])
def test_the_pdf_lists_every_part_with_the_filled_texts_in_the_readers_language(
        client, world, charter, language, part, choice):
    _filled(charter)
    client.force_login(world.advisor)  # an advisor reads and downloads, like other tools
    response = client.get(url("export_pdf", charter, language))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.trailer["/Root"]["/Lang"] == language
    assert "Charte des acheteurs" in reader.metadata["/Title"]
    assert "Zeldzame praktijk delen" in text and "Hybrid rule seven" in text
    assert part in text and choice in text
    sections = structure_of(charter).sections
    titles = [localized(s.section.title, language) for s in sections]
    assert all(title in text for title in titles), titles


def test_the_word_document_lists_every_part_with_the_filled_texts(client, world, charter):
    _filled(charter)
    client.force_login(world.coordinator)
    response = client.get(url("export_docx", charter, "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == ("application/vnd.openxmlformats-officedocument."
                                        "wordprocessingml.document")
    assert re.search(r'filename="?charter-charte-des-acheteurs\.docx', response[
        "Content-Disposition"])
    doc = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings == ["Purpose and domain", "Members and roles", "Ways of working",
                        "Ground rules", "Sharing and data", "Decisions and review of the charter"]
    for value in ("Zeldzame praktijk delen", "Hybrid rule seven",
                  "Chatham House rule: what is said may be used, without saying who said it",
                  "Every year"):
        assert value in paragraphs, value
    assert doc.core_properties.language == "en"
    assert "Charte des acheteurs" in doc.core_properties.title


def test_the_word_document_is_only_for_the_charter_and_only_for_members(
        client, world, charter, make_instance):
    kickoff = make_instance("kickoff")
    client.force_login(world.coordinator)
    path = reverse("toolbox:export_docx", kwargs={"slug": world.community.slug,
                                                  "tool": "kickoff", "pk": kickoff.pk})
    assert client.get(path).status_code == 404
    client.force_login(world.advisor)
    assert client.get(url("export_docx", charter)).status_code == 200
    client.force_login(world.other_coordinator)
    assert client.get(url("export_docx", charter)).status_code == 404
    client.logout()
    assert client.get(url("export_docx", charter)).status_code == 302


def test_an_advisor_reads_the_charter_without_changing_it(client, world, charter):
    _filled(charter)
    client.force_login(world.advisor)
    page = client.get(url("result", charter)).content.decode()
    assert "Zeldzame praktijk delen" in page
    assert url("fill", charter) not in page and url("reopen", charter) not in page
    assert client.get(url("fill", charter)).status_code == 404
    assert client.post(url("fill_section", charter, section="purpose"),
                       {"q-purpose": "Changed", "_action": "save"}).status_code == 404
    assert not charter.main_response.answers.filter(text="Changed").exists()


def test_two_charters_compare_side_by_side(client, world, charter, make_instance):
    _filled(charter)
    other = make_instance("charter", title="Charte 2026")
    fill_main(other, [AnswerValue("purpose", text="Nouvelle raison")])
    client.force_login(world.coordinator)
    response = client.get(reverse("toolbox:compare", args=[world.community.slug, "charter"])
                          + f"?a={charter.pk}&b={other.pk}")
    comparison = response.context["comparison"]
    assert [(line.label, line.values) for line in comparison.scores] == [
        ("Champs remplis", ["4/15", "1/15"])]
    purpose = next(row for row in comparison.answers if row.key == "purpose")
    assert purpose.values == ["Zeldzame praktijk delen", "Nouvelle raison"]
