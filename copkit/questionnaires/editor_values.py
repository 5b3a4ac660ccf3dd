"""Between a section of the definition dict and the fields of the definition editor, both ways:
the fields' initial values from the section, and the section again from the cleaned values.
Field names are positional: ``title-fr``, ``q2-title-nl``, ``q2-type``, ``q2-set-min``,
``q2-choices-0-label-en``, ``q2-fields-1-type`` (editor_forms.py draws and checks them)."""

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from copkit.core.i18n import LANGUAGES
from copkit.core.jsonvalues import loads_bounded
from copkit.questionnaires.editing import axes_for

# The question settings (`config` keys) the engine reads, each with its own field, and the
# question types that use it. Any other key (a show-if `relevant`, `compass_dimension`, a
# number's `step`...) stays in the "Other settings" JSON field, so a save keeps it as it was.
_NOT_GRIDS = {"likert", "yes_partly_no", "single", "multiple", "number", "short_text",
              "long_text", "date"}
CONFIG_SETTINGS: dict[str, tuple[str, Any, set[str]]] = {
    "min": ("number", _("Smallest number allowed"), {"number", "matrix"}),
    "max": ("number", _("Largest number allowed"), {"number", "matrix"}),
    "max_length": ("count", _("Longest answer (characters)"), {"short_text", "long_text"}),
    "default_rows": ("count", _("Rows shown at first"), {"repeat"}),
    "comment": ("bool", _("Add a comment box"), _NOT_GRIDS),
}


def config_settings_for(qtype: str) -> list[str]:
    """The config keys with their own field for a question of this type."""
    return [key for key, (_kind, _label, types) in CONFIG_SETTINGS.items() if qtype in types]


def _plain_number(value: float) -> int | float:
    # 10.0 is stored as 10, as it was written, so an untouched setting is saved unchanged.
    return int(value) if value == int(value) else value


def texts(cleaned: dict, prefix: str) -> dict[str, str]:
    return {lang: cleaned.get(f"{prefix}-{lang}") or "" for lang in LANGUAGES}


def section_initial(section: dict) -> dict[str, Any]:
    """The editor's initial values for `section` and its questions, options, rows and fields."""
    initial: dict[str, Any] = {}
    for kind in ("title", "description"):
        for lang in LANGUAGES:
            initial[f"{kind}-{lang}"] = (section.get(kind) or {}).get(lang, "")
    for i, q in enumerate(section["questions"]):
        p = f"q{i}"
        initial.update({f"{p}-key": q["key"], f"{p}-type": q["type"],
                        f"{p}-required": bool(q.get("required")),
                        f"{p}-reverse": bool(q.get("reverse")),
                        f"{p}-weight": q.get("weight", 1),
                        f"{p}-dimension": q.get("dimension", "")})
        config = dict(q.get("config") or {})
        for key in config_settings_for(q["type"]):
            if key in config:
                initial[f"{p}-set-{key}"] = config.pop(key)
        initial[f"{p}-config"] = json.dumps(config, ensure_ascii=False) if config else ""
        for kind in ("title", "help"):
            for lang in LANGUAGES:
                initial[f"{p}-{kind}-{lang}"] = (q.get(kind) or {}).get(lang, "")
        for axis in axes_for(q):
            for j, item in enumerate(q.get(axis) or []):
                ip = f"{p}-{axis}-{j}"
                initial.update({f"{ip}-key": str(item["key"]),
                                f"{ip}-score": item.get("score"),
                                f"{ip}-na": bool(item.get("na")),
                                f"{ip}-type": item.get("type", "short_text")})
                for lang in LANGUAGES:
                    initial[f"{ip}-label-{lang}"] = (item.get("label") or {}).get(lang, "")
    return initial


def _config(c: dict, p: str, old: dict) -> dict:
    """The posted settings: the fields' values over the other settings' JSON."""
    text = (c.get(f"{p}-config") or "").strip()
    config = loads_bounded(text) if text else {}
    for key in config_settings_for(old["type"]):
        kind = CONFIG_SETTINGS[key][0]
        value = c.get(f"{p}-set-{key}")
        if kind == "bool":
            if value:
                config[key] = True
        elif value is not None:
            config[key] = _plain_number(value) if kind == "number" else value
    return config


def section_from_cleaned(section: dict, c: dict) -> dict:
    """`section` with the posted values `c` (the caller applies structural actions)."""
    new = dict(section)
    new["title"] = texts(c, "title")
    description = texts(c, "description")
    if any(description.values()):
        new["description"] = description
    else:
        new.pop("description", None)
    questions = []
    for i, old in enumerate(section["questions"]):
        p = f"q{i}"
        q: dict[str, Any] = {"key": c.get(f"{p}-key") or old["key"], "type": c[f"{p}-type"],
                             "title": texts(c, f"{p}-title")}
        help_texts = texts(c, f"{p}-help")
        if any(help_texts.values()):
            q["help"] = help_texts
        if c.get(f"{p}-required"):
            q["required"] = True
        weight = c.get(f"{p}-weight")
        if weight is not None and weight != 1:
            q["weight"] = weight
        if c.get(f"{p}-reverse"):
            q["reverse"] = True
        dimension = c.get(f"{p}-dimension") or ""
        if dimension and dimension != new["key"]:
            q["dimension"] = dimension
        config = _config(c, p, old)
        if config:
            q["config"] = config
        for axis in axes_for({**old, "type": q["type"]}):
            # A type changed to a choice type starts with the old options, if any.
            q[axis] = [_item(c, f"{p}-{axis}-{j}", axis, item)
                       for j, item in enumerate(old.get(axis) or [])
                       if axis in axes_for(old)] or list(old.get(axis) or [])
        questions.append(q)
    new["questions"] = questions
    return new


def _item(c: dict, ip: str, axis: str, old: dict) -> dict:
    item: dict[str, Any] = {k: v for k, v in old.items()
                            if k not in {"key", "label", "score", "na", "type"}}
    item["key"] = c.get(f"{ip}-key") or str(old["key"])
    item["label"] = texts(c, f"{ip}-label")
    if axis == "choices":
        if c.get(f"{ip}-score") is not None:
            item["score"] = c[f"{ip}-score"]
        if c.get(f"{ip}-na"):
            item["na"] = True
    elif axis == "fields":
        item["type"] = c.get(f"{ip}-type") or "short_text"
    elif "type" in old:
        item["type"] = old["type"]
    return item
