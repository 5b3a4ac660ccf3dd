"""Date and time formats for people, one module per language (settings.FORMAT_MODULE_PATH).

Belgian usage in all three languages: fr-BE, nl-BE and, for English, en-GB, day before month and
24-hour times ("20/01/2027", "20 janvier 2027", "20 January 2027, 14:05"). Pages, PDF and
XLSX texts and e-mails all use these through `|date:"DATE_FORMAT"` and
`django.utils.formats.date_format`, never a hard-coded pattern. Anything not set here (numbers)
comes from Django's own locale modules.

The first input format is ISO on purpose: every date field is an `<input type="date">`, which
only reads `2027-01-20`; a localised value there shows as empty and is lost on the next save.
"""
