"""The hostile-file guard: an uploaded workbook is hostile until proven otherwise.

Before openpyxl opens it we check its size, its type (zip, not a legacy/encrypted OLE file, no
macros), the zip directory (members, total uncompressed size and compression ratio: no zip bomb),
every XML part for DTDs and entity declarations, and the number of rows holding a value; openpyxl
itself parses with defusedxml (we refuse to run without it). `open_workbook` is the one way in:
it returns a read-only workbook or raises InvalidDefinition located at "file" (or the sheet)."""

import io
import zipfile
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from django.utils.translation import gettext_noop
from openpyxl.utils.exceptions import InvalidFileException

from copkit.questionnaires.definitions import InvalidDefinition, definition_error
from copkit.questionnaires.xlsform.layout import CHOICES, QUESTIONS, SETTINGS, SURVEY

MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # sum of the members' sizes, from the zip directory
MAX_RATIO = 100  # uncompressed / compressed, over the whole archive
RATIO_FLOOR = 1024 * 1024  # below 1 MB uncompressed a high ratio is harmless (tiny parts)
MAX_MEMBERS = 500
MAX_ROWS = 2000  # data rows per sheet
MAX_BLANK_ROWS = 10 * MAX_ROWS  # empty (formatted) rows read before giving up

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")

if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
    raise ImportError("openpyxl must parse with defusedxml: install defusedxml")

ENCRYPTED = gettext_noop("the workbook is encrypted (password protected): save a copy without "
                         "password")
DAMAGED = gettext_noop("the workbook is damaged or truncated (%(detail)s)")
TOO_MANY_ROWS = gettext_noop("too many rows (more than %(limit)s): refused")

# What openpyxl raises on a workbook it cannot read (its parse errors come wrapped in ValueError).
UNREADABLE_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, TypeError, ParseError, OSError,
                     EOFError)


def refused(location: str, msgid: str, **params) -> InvalidDefinition:
    """The refusal of a file: `msgid` (English, marked with gettext_noop) filled with `params`,
    shown in the user's language (DefinitionError.text)."""
    return InvalidDefinition([definition_error(location, msgid, **params)])


def unreadable(exc: BaseException) -> InvalidDefinition:
    """The error for a workbook openpyxl failed to read (`exc`), entities named as such."""
    if isinstance(exc, DefusedXmlException):
        return refused("file", gettext_noop("the workbook declares XML entities: refused "
                                            "(%(detail)s)"), detail=str(exc))
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, DefusedXmlException):  # openpyxl wraps parse errors in ValueError
        return refused("file", gettext_noop("the workbook declares XML entities: refused"))
    return refused("file", gettext_noop("the workbook cannot be read (%(detail)s)"),
                   detail=type(exc).__name__)


def open_workbook(file: bytes | BinaryIO, *, filename: str = ""):
    """The uploaded workbook, checked, opened read-only (close it after use)."""
    data = _read_bounded(file)
    filename = filename or getattr(file, "name", "") or ""
    archive = _open_archive(data, filename)
    try:
        _check_row_counts(archive)
    finally:
        archive.close()
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                      keep_links=False)
    except (DefusedXmlException, InvalidFileException, AttributeError, IndexError,
            *UNREADABLE_ERRORS) as exc:
        raise unreadable(exc) from exc


def _read_bounded(file: bytes | BinaryIO) -> bytes:
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None and size > MAX_BYTES:
            raise refused("file", gettext_noop("the file is too large (%(size)s MB; at most "
                                               "%(limit)s MB)"),
                          size=f"{size / 1048576:.1f}", limit=MAX_BYTES // 1048576)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise refused("file", gettext_noop("the file is too large (more than %(limit)s MB)"),
                      limit=MAX_BYTES // 1048576)
    if not data:
        raise refused("file", gettext_noop("the file is empty"))
    return data


def _open_archive(data: bytes, filename: str = "") -> zipfile.ZipFile:
    """Check everything that can be checked before openpyxl reads a byte of XML."""
    name = filename.lower()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise refused("file", ENCRYPTED)
        raise refused("file", gettext_noop("this is a legacy Excel 97-2003 file (.xls): save it "
                                           "as an Excel workbook (.xlsx)"))
    if not data.startswith(b"PK"):
        raise refused("file", gettext_noop("this is not an Excel workbook (.xlsx)"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise refused("file", DAMAGED, detail=str(exc)) from exc
    if len(infos) > MAX_MEMBERS:
        raise refused("file", gettext_noop("the workbook has too many parts (%(count)s)"),
                      count=len(infos))
    if any(info.flag_bits & 0x1 for info in infos):
        raise refused("file", ENCRYPTED)
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise refused("file", gettext_noop("the workbook expands to %(size)s MB (at most "
                                           "%(limit)s MB): refused as a possible zip bomb"),
                      size=f"{total / 1048576:.0f}", limit=MAX_UNCOMPRESSED // 1048576)
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise refused("file", gettext_noop("the workbook is compressed %(ratio)s times (at most "
                                           "%(limit)s): refused as a possible zip bomb"),
                      ratio=f"{total / max(packed, 1):.0f}", limit=MAX_RATIO)
    names = {info.filename for info in infos}
    if name.endswith((".xlsm", ".xltm", ".xlam")) or any(
            n.lower().endswith("vbaproject.bin") for n in names):
        raise refused("file", gettext_noop("the workbook contains macros (.xlsm): save it as a "
                                           "plain Excel workbook (.xlsx)"))
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise refused("file", gettext_noop("this zip file is not an Excel workbook (.xlsx)"))
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) or info.filename.startswith("xl/"):
            _check_no_dtd(archive, info)
    return archive


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No XML part of a workbook needs a DTD; entity declarations are how XML bombs start."""
    tail = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(256 * 1024):
                window = tail + chunk
                if any(marker in window for marker in DTD_MARKERS):
                    raise refused("file", gettext_noop("the part %(part)s declares a DTD or "
                                                       "XML entities: refused"),
                                  part=info.filename)
                if b"\x00" in chunk[:2] and info.filename.endswith(".xml"):
                    raise refused("file", gettext_noop("the part %(part)s is not UTF-8 XML: "
                                                       "refused"), part=info.filename)
                tail = chunk[-16:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:  # bad CRC, truncated
        raise refused("file", DAMAGED, detail=str(exc)) from exc
    except NotImplementedError as exc:  # an unknown compression method
        raise refused("file", gettext_noop("the workbook uses an unsupported compression "
                                           "(%(detail)s)"), detail=str(exc)) from exc


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name (xl/worksheets/sheetN.xml), from the workbook and its rels."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        workbook = safe_fromstring(archive.read("xl/workbook.xml"))
        rels = safe_fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ParseError, DefusedXmlException, zipfile.BadZipFile, OSError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[sheet.get("name", "")] = target
    return parts


def _check_row_counts(archive: zipfile.ZipFile) -> None:
    """Refuse a sheet with too many rows holding a value before openpyxl parses anything (a
    byte scan: quick and flat in memory, whatever the sheet's size)."""
    names = set(archive.namelist())
    for sheet, part in _sheet_parts(archive).items():
        if sheet.lower() not in (QUESTIONS, SURVEY, CHOICES, SETTINGS) or part not in names:
            continue
        rows, tail = 0, b""
        with archive.open(part) as stream:
            while chunk := stream.read(256 * 1024):
                pieces = (tail + chunk).split(b"</row>")
                tail = pieces.pop()
                rows += sum(1 for piece in pieces if b"<v>" in piece or b"<v " in piece
                            or b"<is>" in piece)
                if rows > MAX_ROWS + 1:  # + the header row
                    raise refused(sheet, TOO_MANY_ROWS, limit=MAX_ROWS)


