"""The shipped guide/content/*.yaml: complete in French, Dutch and English, deep enough."""

import pytest

from copkit.core.i18n import LANGUAGES
from copkit.core.tools import tool_list
from guide.models import NODE_FIELDS, PART_FIELDS, Node, NodeKind, Part, PartKind, Text
from guide.selectors import missing_text_list

pytestmark = pytest.mark.django_db

PHASES = ["preparation", "start", "growth", "reorientation"]


def test_files_load_without_warnings(real_content):
    assert real_content.warnings == []


def test_there_is_an_introduction_and_the_four_phases_in_order(real_content):
    parts = list(Part.objects.values_list("key", "kind"))
    assert parts == [("introduction", PartKind.INTRODUCTION),
                     *((key, PartKind.PHASE) for key in PHASES)]


@pytest.mark.parametrize("phase", PHASES)
def test_each_phase_has_five_questions_and_two_examples(real_content, phase):
    nodes = Node.objects.filter(part__key=phase, active=True)
    assert nodes.filter(kind=NodeKind.QUESTION).count() >= 5
    assert nodes.filter(kind=NodeKind.EXAMPLE).count() >= 2


def test_every_part_and_entry_has_every_field_in_fr_nl_en(real_content):
    texts = set(Text.objects.exclude(value="").values_list("part_id", "node_id", "field",
                                                           "language"))
    missing = []
    for part in Part.objects.all():
        for field in PART_FIELDS:
            missing += [(part.key, field, lang) for lang in LANGUAGES
                        if (part.pk, None, field, lang) not in texts]
    for node in Node.objects.select_related("part"):
        for field in NODE_FIELDS[node.kind]:
            missing += [(str(node), field, lang) for lang in LANGUAGES
                        if (node.part_id, node.pk, field, lang) not in texts]
    assert missing == []
    assert missing_text_list() == []


def test_tools_named_by_questions_exist(real_content):
    used = {tool for tools in Node.objects.values_list("tools", flat=True) for tool in tools}
    assert used <= {tool.key for tool in tool_list()}
    assert used, "the guide should point to at least one tool"


def test_texts_are_not_identical_across_languages(real_content):
    """A Dutch or English text that equals the French one is a copy, not a translation."""
    by_owner: dict = {}
    for part_id, node_id, field, lang, value in Text.objects.filter(field="body").values_list(
            "part_id", "node_id", "field", "language", "value"):
        by_owner.setdefault((part_id, node_id, field), {})[lang] = value
    copies = [key for key, values in by_owner.items()
              if values.get("fr") in (values.get("nl"), values.get("en"))]
    assert copies == []
