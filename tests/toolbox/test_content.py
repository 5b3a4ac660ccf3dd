"""The tools' definitions: complete in fr/nl/en, loaded once, demo data seeded."""

import io

import pytest

from copkit.communities.demo import seed as seed_communities
from copkit.questionnaires.definitions import validate
from copkit.questionnaires.models import Version
from toolbox import content, demo, selectors
from toolbox.catalog import TOOLS
from toolbox.models import Instance

LANGS = ("fr", "nl", "en")


def _texts(node, where="definition"):
    """Every {fr, nl, en} mapping in a definition, with where it is."""
    if isinstance(node, dict):
        if set(node) >= {"fr"} and all(isinstance(v, str) for v in node.values()):
            yield where, node
            return
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{where}[{i}]")


@pytest.mark.parametrize("tool", list(TOOLS))
def test_definition_is_valid_and_every_text_exists_in_fr_nl_en(tool):
    data = content.read_definition(tool)
    assert validate(data) == []
    texts = list(_texts(data))
    assert len(texts) > 10
    for where, text in texts:
        filled = [lang for lang in LANGS if (text.get(lang) or "").strip()]
        # A text is given in the three languages, or (an empty default cell) in none.
        assert filled in (list(LANGS), []), f"{tool}: {where} has only {filled}"


def test_competencies_have_a_tip_and_guide_phases_for_each_question():
    data = content.read_definition("competencies")
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert 14 <= len(questions) <= 18
    assert len(data["sections"]) == 6
    for q in questions:
        assert set(q["config"]["tip"]) == set(LANGS)
        assert set(q["config"]["guide"]) <= {"preparation", "start", "growth", "reorientation"}


def test_it_tools_criteria_are_both_weight_rows_and_score_fields():
    data = content.read_definition("it-tools")
    questions = {q["key"]: q for s in data["sections"] for q in s["questions"]}
    rows = [r["key"] for r in questions["weights"]["rows"]]
    fields = [f["key"] for f in questions["scores"]["fields"] if f["key"] != "tool"]
    assert rows == fields and len(rows) >= 15
    assert len(data["settings"]["default_tools"]) == 6


def test_load_is_idempotent(db):
    first = content.load(stdout=io.StringIO())
    out = io.StringIO()
    again = content.load(stdout=out)
    assert {k: v.pk for k, v in first.items()} == {k: v.pk for k, v in again.items()}
    assert "unchanged" in out.getvalue()
    assert Version.objects.filter(questionnaire__app="toolbox").count() == len(TOOLS)
    assert set(selectors.version_list_latest()) == set(TOOLS)


def test_demo_seed_loads_content_if_needed_and_runs_once(db):
    seed_communities(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    for slug in demo.COMMUNITIES:
        tools = list(Instance.objects.filter(community__slug=slug).values_list("tool", flat=True))
        assert sorted(set(tools)) == sorted(TOOLS)
        assert tools.count("facilitation") == 3
    submitted = Instance.objects.filter(tool="facilitation", main_response__status="submitted")
    assert submitted.count() == 6
