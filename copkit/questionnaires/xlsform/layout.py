"""The workbook's layout, shared by the reader and the writer: sheet names and their columns."""

from copkit.questionnaires.definitions import LANGUAGES

QUESTIONS, CHOICES, SETTINGS = "questions", "choices", "settings"
QUESTION_COLUMNS = (
    ["section", *(f"section_title::{lang}" for lang in LANGUAGES),
     *(f"section_description::{lang}" for lang in LANGUAGES), "key", "type",
     *(f"title::{lang}" for lang in LANGUAGES), *(f"help::{lang}" for lang in LANGUAGES),
     "required", "weight", "reverse", "dimension", "relevant", "choices", "config", "rows",
     "columns", "fields"])
CHOICE_COLUMNS = ["list_name", "key", *(f"label::{lang}" for lang in LANGUAGES), "score", "na",
                  "type", "config"]
SETTINGS_COLUMNS = ["key", *(f"title::{lang}" for lang in LANGUAGES),
                    *(f"description::{lang}" for lang in LANGUAGES), "settings"]
REQUIRED_COLUMNS = {
    QUESTIONS: ["section", *(f"section_title::{lang}" for lang in LANGUAGES), "key", "type",
                *(f"title::{lang}" for lang in LANGUAGES)],
    CHOICES: ["list_name", "key", *(f"label::{lang}" for lang in LANGUAGES)],
    SETTINGS: ["key", *(f"title::{lang}" for lang in LANGUAGES)],
}
# Spellings of XLSForm and of hurried people, read as our column names.
ALIASES = {
    QUESTIONS: {"name": "key", "scale": "choices", "list_name": "choices", "hint": "help"},
    CHOICES: {"name": "key", "list name": "list_name", "list": "list_name"},
    SETTINGS: {"form_id": "key", "id": "key"},
}
# A question's option lists (definition key, column of the questions sheet naming the list).
AXES = (("choices", "choices"), ("rows", "rows"), ("columns", "columns"), ("fields", "fields"))
