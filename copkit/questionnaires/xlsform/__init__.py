"""A definition as an XLSForm workbook (KoboToolbox, ODK, Excel); older copkit workbooks still read.

The export is an XLSForm: ``survey`` (a begin_group per part, ``select_one <list>``…,
``label::French (fr)``, ``relevant``, ``constraint``), ``choices`` and ``settings``, with copkit's
own settings in extra columns (copkit_type, weight, reverse, dimension, config, score, na…) that
XLSForm tools ignore. Real XLSForms import (groups become parts); a type copkit lacks is a
located error. Workbooks in copkit's layout before XLSForm (a ``questions`` sheet) still read.
The columns are listed in copkit/questionnaires/README.md.

`definition_to_xlsx(version) -> bytes` and `definition_from_xlsx(file) -> dict` round-trip:
``definition_from_xlsx(definition_to_xlsx(v)) == definition_dump(v)``.

An uploaded workbook is hostile until proven otherwise. Rows are read in read-only mode and
reading stops past the row limit, so time and memory stay bounded. Every problem is reported with
its place in the workbook (``questions!E7: unknown type 'likrt'``).

The package, one responsibility a module:

* ``layout.py`` — sheet names and columns, shared by reader and writer;
* ``guard.py`` — the hostile-file checks before openpyxl parses anything (size, type, macros,
  zip bombs, DTDs and entities, row counts), and the one way to open an upload: ``open_workbook``;
* ``read.py`` — headers and cells into a definition dict, then the engine's validation (and
  copkit's layout before XLSForm);
* ``survey.py`` — an XLSForm's survey, choices and settings sheets into a definition dict;
* ``places.py`` — each validation error pointed back to its sheet, row and column;
* ``write.py`` — the export.
"""

from copkit.questionnaires.xlsform.guard import MAX_BYTES, MAX_ROWS
from copkit.questionnaires.xlsform.read import definition_from_xlsx
from copkit.questionnaires.xlsform.write import definition_to_xlsx

__all__ = ["MAX_BYTES", "MAX_ROWS", "definition_from_xlsx", "definition_to_xlsx"]
