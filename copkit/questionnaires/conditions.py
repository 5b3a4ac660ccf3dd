"""Show-if conditions: a question appears only when an earlier answer has a given value.

A condition is stored in the question's definition as `config.relevant = {"question": <key>,
"equals": <option key>}` (in a workbook: the `relevant` column, `${key} = 'option'`, as in
XLSForm). The question it names must be a choice question of an **earlier part**: a page is
decided when it is shown, from answers already saved, so it works without JavaScript.

Hidden questions are left out of the page (so out of its validation), their answers are deleted
when the page is saved and at submission, so they count in no score, total or export. A
question whose condition names a hidden question is hidden too.

Pure functions here; the one query that reads the chosen options is in `filling`/`services`.
"""

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_noop

CHOICE_LIKE = ("likert", "yes_partly_no", "single", "multiple")
_RELEVANT = re.compile(
    r"""^\s*(?:\$\{(?P<q>[A-Za-z0-9_-]+)\}\s*=\s*['"](?P<v>[^'"]+)['"]"""
    r"""|selected\(\s*\$\{(?P<q2>[A-Za-z0-9_-]+)\}\s*,\s*['"](?P<v2>[^'"]+)['"]\s*\))\s*$""")


def condition_of(config: Mapping | None) -> tuple[str, str] | None:
    """(question key, option key) of a question's condition, or None."""
    relevant = (config or {}).get("relevant")
    if isinstance(relevant, dict) and relevant.get("question") and relevant.get("equals"):
        return str(relevant["question"]), str(relevant["equals"])
    return None


def parse_relevant(text: str) -> dict | None:
    """The condition of a `relevant` cell (``${q} = 'v'`` or ``selected(${q}, 'v')``);
    None when the cell is empty. Raises ValueError when it cannot be read."""
    if not (text or "").strip():
        return None
    match = _RELEVANT.match(text)
    if not match:
        raise ValueError(text)
    return {"question": match["q"] or match["q2"], "equals": match["v"] or match["v2"]}


def hidden_keys(questions: Iterable[tuple[str, Mapping | None]],
                chosen: Mapping[str, set[str]]) -> set[str]:
    """Keys of the questions to hide, given the options chosen so far (question key → option
    keys). `questions` are (key, config) in the questionnaire's order."""
    hidden: set[str] = set()
    for key, config in questions:
        found = condition_of(config)
        if found is None:
            continue
        source, value = found
        if source in hidden or value not in chosen.get(source, set()):
            hidden.add(key)
    return hidden


def referenced(questions: Iterable[tuple[str, Mapping | None]]) -> set[str]:
    """Keys of the questions that conditions look at."""
    return {found[0] for _key, config in questions if (found := condition_of(config))}


def check(sections: list, *, error) -> None:
    """Report (via `error(where, msgid, **params)`: an English msgid marked for translation and
    its values) conditions that name no earlier choice question of an earlier part, or an
    option it does not have. `sections` is the definition's list."""
    earlier: dict[str, dict] = {}
    for s, section in enumerate(sections, 1):
        if not isinstance(section, dict):
            continue
        current = {}
        for q, question in enumerate(section.get("questions") or [], 1):
            if not isinstance(question, dict):
                continue
            config = question.get("config")
            relevant = config.get("relevant") if isinstance(config, dict) else None
            if relevant is not None:
                where = f"sections[{s}].questions[{q}].config.relevant"
                found = condition_of(config)
                source = earlier.get(found[0]) if found else None
                if found is None:
                    error(where, gettext_noop("must name a question and an option"))
                elif source is None:
                    error(where, gettext_noop("%(question)s is not a question of an earlier "
                                              "part"), question=repr(found[0]))
                elif source.get("type") not in CHOICE_LIKE:
                    error(where, gettext_noop("%(question)s is not a choice question"),
                          question=repr(found[0]))
                elif found[1] not in {str(c.get("key")) for c in source.get("choices") or []
                                      if isinstance(c, dict)} and not source.get("scale"):
                    error(where, gettext_noop("%(question)s has no option %(option)s"),
                          question=repr(found[0]), option=repr(found[1]))
            if isinstance(question.get("key"), str):
                current[question["key"]] = question
        earlier.update(current)


def drop_dangling(sections: list) -> list[str]:
    """Remove the conditions that name a question or an option no longer before them (after a
    question or an option was removed); returns the keys of the questions shown always now."""
    dropped: list[str] = []

    def error(where: str, _msgid: str, **_params) -> None:
        match = re.match(r"sections\[(\d+)\]\.questions\[(\d+)\]", where)
        question = sections[int(match[1]) - 1]["questions"][int(match[2]) - 1]
        question["config"].pop("relevant", None)
        if not question["config"]:
            question.pop("config")
        dropped.append(question["key"])

    check(sections, error=error)
    return dropped
