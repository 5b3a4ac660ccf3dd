"""Loading the shipped content: idempotent, version-safe, never losing staff edits or progress."""

import shutil

import pytest
import yaml
from django.core.management import call_command

from guide.content import ContentError, load
from guide.models import Node, NodeKind, Part, ProgressStatus, Provenance, QuestionProgress, Text
from tests.conftest import make_community
from tests.guide.conftest import FIXTURES, Quiet

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_dir(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(FIXTURES, target)
    return target


def _edit_yaml(directory, filename, change):
    path = directory / filename
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def _text(part_key, node_key, field, language):
    return Text.objects.get(part__key=part_key, node__key=node_key, field=field,
                            language=language)


def test_load_creates_parts_nodes_and_one_text_per_language(content_dir):
    report = load(stdout=Quiet(), directory=content_dir)
    assert list(Part.objects.values_list("key", flat=True)) == [
        "introduction", "preparation", "start", "growth", "reorientation"]
    assert Node.objects.filter(part__key="start", kind=NodeKind.QUESTION).count() == 3
    kickoff = Node.objects.get(key="kickoff")
    assert kickoff.tools == ["kickoff", "facilitation"]
    assert set(kickoff.texts.filter(field="title").values_list("language", flat=True)) == {
        "fr", "nl", "en"}
    assert report.warnings == []
    assert report.created == Text.objects.count()


def test_search_column_is_folded_plain_text(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    advice = _text("start", "kickoff", "advice", "fr")
    assert "**" in advice.value
    assert advice.search == "preparez un ordre du jour et invitez le sponsor a la reunion."


def test_examples_are_linked_to_the_question_they_illustrate(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    example = Node.objects.get(key="start-ex1")
    assert example.question.key == "start-q1"
    assert Node.objects.get(key="start-ex2").question is None


def test_second_load_changes_nothing(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    before = dict(Text.objects.values_list("pk", "updated_at"))
    report = load(stdout=Quiet(), directory=content_dir)
    assert (report.created, report.updated, report.kept) == (0, 0, 0)
    assert report.unchanged == len(before)
    assert dict(Text.objects.values_list("pk", "updated_at")) == before


def test_reload_updates_copkit_texts_that_changed_in_the_files(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    _edit_yaml(content_dir, "20-start.yaml",
               lambda d: d["questions"][2]["title"].update(nl="Hoe start je goed?"))
    report = load(stdout=Quiet(), directory=content_dir)
    assert report.updated == 1
    text = _text("start", "kickoff", "title", "nl")
    assert text.value == "Hoe start je goed?"
    assert text.search == "hoe start je goed?"


def test_reload_keeps_texts_edited_by_staff_and_official_wording(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    Text.objects.filter(pk=_text("start", "kickoff", "title", "nl").pk).update(
        value="Door KM aangepast", edited=True)
    Text.objects.filter(pk=_text("start", "kickoff", "title", "fr").pk).update(
        value="Formulation officielle", provenance=Provenance.OFFICIAL)

    def change(data):
        data["questions"][2]["title"].update(fr="Nouveau", nl="Nieuw", en="New")
    _edit_yaml(content_dir, "20-start.yaml", change)
    report = load(stdout=Quiet(), directory=content_dir)
    assert report.kept == 2 and report.updated == 1
    assert _text("start", "kickoff", "title", "nl").value == "Door KM aangepast"
    assert _text("start", "kickoff", "title", "fr").value == "Formulation officielle"
    assert _text("start", "kickoff", "title", "en").value == "New"


def test_force_restores_the_shipped_wording(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    text = _text("start", "kickoff", "title", "nl")
    Text.objects.filter(pk=text.pk).update(value="Door KM aangepast", edited=True)
    report = load(stdout=Quiet(), directory=content_dir, force=True)
    text.refresh_from_db()
    assert report.updated == 1
    assert (text.value, text.edited) == ("Hoe bereid je de startvergadering voor?", False)


def test_removed_question_is_retired_and_progress_survives(content_dir):
    load(stdout=Quiet(), directory=content_dir)
    community = make_community("Réseau", slug="reseau")
    kickoff = Node.objects.get(key="kickoff")
    QuestionProgress.objects.create(community=community, question=kickoff,
                                    status=ProgressStatus.ADDRESSED, note="Fait.")
    _edit_yaml(content_dir, "20-start.yaml", lambda d: d["questions"].pop())
    report = load(stdout=Quiet(), directory=content_dir)
    kickoff.refresh_from_db()
    assert report.retired == 1 and not kickoff.active
    assert QuestionProgress.objects.get(question=kickoff).note == "Fait."
    # Put back: the same node comes back with its progress.
    shutil.copy(FIXTURES / "20-start.yaml", content_dir / "20-start.yaml")
    load(stdout=Quiet(), directory=content_dir)
    kickoff.refresh_from_db()
    assert kickoff.active and kickoff.progress.count() == 1


def test_dry_run_saves_nothing(content_dir):
    report = load(stdout=Quiet(), directory=content_dir, dry_run=True)
    assert report.created > 0
    assert not Part.objects.exists() and not Text.objects.exists()


def test_missing_translation_is_reported_not_loaded_empty(content_dir):
    _edit_yaml(content_dir, "20-start.yaml", lambda d: d["questions"][2]["advice"].pop("en"))
    report = load(stdout=Quiet(), directory=content_dir)
    assert any("kickoff: advice has no en text" in w for w in report.warnings)
    assert not Text.objects.filter(node__key="kickoff", field="advice", language="en").exists()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(kind="chapter"), "kind must be one of"),
    (lambda d: d["questions"][0].pop("key"), "needs a key"),
    (lambda d: d["questions"].append(dict(d["questions"][0])), "duplicate key"),
    (lambda d: d["questions"][0].update(tools=["hammer"]), "unknown tools"),
    (lambda d: d["questions"][0].update(title="Sans langue"), "must be a mapping"),
])
def test_malformed_files_are_refused_with_a_clear_message(content_dir, change, message):
    _edit_yaml(content_dir, "20-start.yaml", change)
    with pytest.raises(ContentError, match=message):
        load(stdout=Quiet(), directory=content_dir)
    assert not Part.objects.exists()  # all or nothing


def test_load_guide_command_dry_run_and_force(monkeypatch, content_dir, capsys):
    monkeypatch.setattr("guide.content.CONTENT_DIR", content_dir)
    call_command("load_guide", "--dry-run")
    assert "dry run, nothing saved" in capsys.readouterr().out
    assert not Text.objects.exists()
    call_command("load_guide")
    call_command("load_guide", "--force")
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_load_content_calls_the_guide_loader(monkeypatch, content_dir, capsys):
    monkeypatch.setattr("guide.content.CONTENT_DIR", content_dir)
    call_command("load_content")
    assert "content loaded: guide" in capsys.readouterr().out
    assert Part.objects.count() == 5
