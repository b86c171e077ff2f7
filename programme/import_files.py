"""Reading an uploaded programme spreadsheet: CSV or XLSX, judged by content, not by name.

CSV: UTF-8 with or without byte order mark, or Windows-1252 (what German Excel writes as "CSV
(Trennzeichen-getrennt)"); the delimiter (";", "," or tab) is taken from the header line.
XLSX: the first worksheet, read with openpyxl in read-only mode; workbooks with macros (XLSM, a
``vbaProject.bin``), old XLS files and anything else are refused. Every cell becomes text: dates
as ``dd.mm.yyyy``, times as ``hh:mm``, so the rows can be kept in the user's session between
preview and confirmation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SpreadsheetError(ValueError):
    """The upload cannot be read as a programme table; ``message`` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]  # each padded to the headers' length
    kind: str  # "csv" or "xlsx"


def read_upload(upload) -> Table:
    """The table of an uploaded file (a Django UploadedFile or any binary file object)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_SIZE:
        raise SpreadsheetError(too_large_message())
    upload.seek(0)
    data = upload.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise SpreadsheetError(too_large_message())
    return read_bytes(data)


def too_large_message() -> str:
    return _("Die Datei ist zu groß: höchstens %(size)s.") % {"size": filesizeformat(MAX_FILE_SIZE)}


def read_bytes(data: bytes) -> Table:
    if not data.strip():
        raise SpreadsheetError(_("Die Datei ist leer."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(XLS_SIGNATURE):
        raise SpreadsheetError(
            _(
                "Alte Excel-Dateien (XLS) werden nicht gelesen. Bitte speichern Sie die Tabelle "
                "als Excel-Arbeitsmappe (XLSX) oder als CSV."
            )
        )
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(not_a_table_message())
    return _read_csv(data)


def not_a_table_message() -> str:
    return _(
        "Die Datei ist keine Tabelle im Format CSV oder Excel (XLSX). Bitte laden Sie eine "
        "CSV- oder XLSX-Datei hoch."
    )


def _finish(raw_rows, kind: str) -> Table:
    rows = [[_text(cell) for cell in row[:MAX_COLUMNS]] for row in raw_rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise SpreadsheetError(_("Die Tabelle enthält keine Zeilen."))
    headers, body = rows[0], rows[1:]
    if len(body) > MAX_ROWS:
        raise SpreadsheetError(
            _("Die Tabelle hat zu viele Zeilen: höchstens %(max)s Programmpunkte je Datei.")
            % {"max": MAX_ROWS}
        )
    width = len(headers)
    return Table(
        headers=headers,
        rows=[(row + [""] * width)[:width] for row in body],
        kind=kind,
    )


def _read_csv(data: bytes) -> Table:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SpreadsheetError(not_a_table_message()) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise SpreadsheetError(not_a_table_message())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = []
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise SpreadsheetError(not_a_table_message()) from None
    return _finish(rows, "csv")


def _read_xlsx(data: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise SpreadsheetError(not_a_table_message()) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise SpreadsheetError(
            _(
                "Arbeitsmappen mit Makros werden aus Sicherheitsgründen nicht gelesen. Bitte "
                "speichern Sie die Tabelle ohne Makros als XLSX oder als CSV."
            )
        )
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(not_a_table_message())
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise SpreadsheetError(
            _("Die Excel-Datei ist beschädigt und kann nicht gelesen werden.")
        ) from None
    return _finish(rows, "xlsx")


def _text(value) -> str:
    """A cell as text: dates dd.mm.yyyy, times hh:mm, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.date() != dt.date(1899, 12, 30):
            return value.strftime("%d.%m.%Y")
        if value.date() in (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1)):
            return value.strftime("%H:%M")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
