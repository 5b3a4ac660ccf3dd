"""The shipped instrument: the dimensions the survey relies on, complete texts, valid links."""

from pathlib import Path

import yaml

from compass.content import read_definition
from compass.scoring import DIMENSIONS, PHASES
from copkit.questionnaires.definitions import validate
from copkit.questionnaires.texts import missing_languages

TOOLS = {"competencies", "facilitation", "it-tools", "kickoff", "charter"}
LEVELS = ["fragile", "developing", "established", "strong"]
GUIDE = Path(__file__).resolve().parents[2] / "guide" / "content"


def guide_questions() -> set[str]:
    keys = set()
    for path in GUIDE.glob("[1-4]*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys.add(data["key"])
        keys |= {f"{data['key']}/{q['key']}" for q in data.get("questions") or []}
    return keys


def test_definition_is_valid_with_exactly_the_ten_dimensions():
    data = read_definition()
    assert validate(data) == []
    assert [s["key"] for s in data["sections"]] == list(DIMENSIONS)
    for section in data["sections"]:
        assert 3 <= len(section["questions"]) <= 8
        # Statements on the agreement scale; facts as yes/no.
        assert all((q["type"], q["scale"]) in {("likert", "agree5"), ("yes_partly_no", "yes-no")}
                   for q in section["questions"])


def test_scale_has_five_points_and_a_not_applicable_option():
    choices = read_definition()["settings"]["scales"]["agree5"]["choices"]
    assert [c["score"] for c in choices if not c.get("na")] == [1, 2, 3, 4, 5]
    assert [c["key"] for c in choices if c.get("na")] == ["na"]


def test_levels_expectations_and_advice_are_complete():
    settings = read_definition()["settings"]
    assert [(lv["key"], lv["min"]) for lv in settings["levels"]] == [
        ("fragile", 0), ("developing", 40), ("established", 60), ("strong", 80)]
    known = guide_questions()
    for key in DIMENSIONS:
        meta = settings["dimensions"][key]
        assert set(meta["expected"]) == set(PHASES)
        assert all(0 <= v <= 100 for v in meta["expected"].values())
        assert meta["guide"] and all(link in known for link in meta["guide"]), key
        for level in LEVELS:
            actions = meta["advice"][level]
            assert 2 <= len(actions) <= 4, (key, level)
            for action in actions:
                assert not missing_languages(action["text"]), (key, level)
                assert action.get("guide") or action.get("tool")
                assert action.get("guide") is None or action["guide"] in known, action["guide"]
                assert action.get("tool") is None or action["tool"] in TOOLS


def test_every_text_exists_in_french_dutch_and_english():
    data = read_definition()
    texts = [data["title"], data["description"]]
    for section in data["sections"]:
        texts += [section["title"], section["description"]]
        texts += [q["title"] for q in section["questions"]]
    settings = data["settings"]
    texts += [c["label"] for c in settings["scales"]["agree5"]["choices"]]
    texts += [lv["label"] for lv in settings["levels"]]
    texts += [d["short"] for d in settings["dimensions"].values()]
    for mail in settings["emails"].values():
        texts += [mail["subject"], mail["body"]]
    assert [t for t in texts if missing_languages(t)] == []
