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

# --- XLSForm (what the export writes; read.py reads it, and the layout above for old workbooks) --
SURVEY = "survey"
# XLSForm names a language "Name (code)"; the reader keeps the code.
LANGUAGE_NAMES = {"fr": "French (fr)", "nl": "Nederlands (nl)", "en": "English (en)"}


def lang_column(prefix: str, lang: str) -> str:
    return f"{prefix}::{LANGUAGE_NAMES[lang]}"


def _per_language(prefix: str) -> list[str]:
    return [lang_column(prefix, lang) for lang in LANGUAGES]


# copkit's own settings travel as extra columns, which XLSForm tools ignore.
SURVEY_COLUMNS = ["type", "name", *_per_language("label"), *_per_language("hint"), "required",
                  "relevant", "constraint", *_per_language("constraint_message"), "appearance",
                  "copkit_type", "weight", "reverse", "dimension", "config", "copkit_rows",
                  "copkit_columns"]
XLSFORM_CHOICE_COLUMNS = ["list_name", "name", *_per_language("label"), "score", "na", "config"]
# (pyxform reads `title` as the form's title: copkit's columns say copkit_.)
XLSFORM_SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language",
                            *_per_language("copkit_title"), *_per_language("copkit_description"),
                            "copkit_settings"]
# XLSForm type of each copkit type (the `copkit_type` column says which, when it is not the
# type read back from XLSForm's: select_one → single, text → short_text, decimal → number).
XLSFORM_TYPES = {"likert": "select_one", "yes_partly_no": "select_one", "single": "select_one",
                 "multiple": "select_multiple", "number": "decimal", "short_text": "text",
                 "long_text": "text", "date": "date", "matrix": "begin_group",
                 "repeat": "begin_repeat"}
FROM_XLSFORM = {"select_one": "single", "select_multiple": "multiple", "integer": "number",
                "decimal": "number", "text": "short_text", "date": "date"}
# Filled in by the device, not asked: not questions, so left out of the definition.
METADATA_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial",
                  "phonenumber", "username", "email", "audit", "imei", "start-geopoint",
                  "calculate", "hidden", "xml-external", "csv-external"}
