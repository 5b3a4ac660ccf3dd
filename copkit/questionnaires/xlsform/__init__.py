"""A definition as an XLSX workbook, in the spirit of XLSForm, so a KM team can work in Excel.

Three sheets (the header row names the columns; their order does not matter):

* ``questions`` — one row per question, in order: section, section_title::fr|nl|en,
  section_description::fr|nl|en (optional), key, type, title::fr|nl|en, help::fr|nl|en, required,
  weight, reverse, dimension, relevant (show-if: ${question} = 'option'), choices (list name),
  config (JSON), rows, columns (list names,
  matrix), fields (list name, repeat). Section titles are read from the first row of the section.
* ``choices`` — list_name, key, label::fr|nl|en, score, na, type (field type of a repeat),
  config (JSON: any other attribute).
* ``settings`` — one row: key, title::fr|nl|en, description::fr|nl|en, settings (JSON: levels,
  thresholds…).

`definition_to_xlsx(version) -> bytes` and `definition_from_xlsx(file) -> dict` round-trip:
``definition_from_xlsx(definition_to_xlsx(v)) == definition_dump(v)``.

An uploaded workbook is hostile until proven otherwise. Rows are read in read-only mode and
reading stops past the row limit, so time and memory stay bounded. Every problem is reported with
its place in the workbook (``questions!E7: unknown type 'likrt'``).

The package, one responsibility a module:

* ``layout.py`` — sheet names and columns, shared by reader and writer;
* ``guard.py`` — the hostile-file checks before openpyxl parses anything (size, type, macros,
  zip bombs, DTDs and entities, row counts), and the one way to open an upload: ``open_workbook``;
* ``read.py`` — headers and cells into a definition dict, then the engine's validation;
* ``places.py`` — each validation error pointed back to its sheet, row and column;
* ``write.py`` — the export.
"""

from copkit.questionnaires.xlsform.guard import MAX_BYTES, MAX_ROWS
from copkit.questionnaires.xlsform.read import definition_from_xlsx
from copkit.questionnaires.xlsform.write import definition_to_xlsx

__all__ = ["MAX_BYTES", "MAX_ROWS", "definition_from_xlsx", "definition_to_xlsx"]
