"""Spreadsheet exports (Wagtail's CSV and XLSX export of listings) that cannot run formulas and
that Excel opens with umlauts intact.

Attendees type their own names and organisations: a value such as ``=HYPERLINK("http://…")`` or
``@SUM(A1:A9)`` would be a formula in Excel or LibreOffice. As OWASP recommends for CSV
injection, a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with a single quote, which spreadsheet programs show as text; the csv module quotes the
rest. XLSX cells are typed: Wagtail writes such values as text cells, never as formulas.
The CSV starts with a UTF-8 byte order mark, by which Excel recognises the encoding.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


def neutralise_formula(value):
    """``value`` with a leading quote when it is text a spreadsheet would take as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """For views with Wagtail's SpreadsheetExportMixin (IndexView, ReportView): neutralised
    formulas and a byte order mark in CSV exports."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        return value

    def stream_csv(self, queryset):
        yield BYTE_ORDER_MARK
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


# Downloads of our own tables (programme and speakers exports) -------------------------------

CSV, XLSX = "csv", "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_bytes(headers: list[str], rows) -> bytes:
    """A CSV for German Excel: byte order mark, ";" between cells, formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return (BYTE_ORDER_MARK + out.getvalue()).encode("utf-8")


def _csv_cell(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return neutralise_formula("" if value is None else value)


def xlsx_bytes(headers: list[str], rows, *, title: str = "Tabelle") -> bytes:
    """An XLSX workbook (openpyxl, write-only); text is always a text cell, never a formula."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take text starting with "=" for a formula
    elif isinstance(value, dt.datetime):
        cell.number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, dt.date):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, dt.time):
        cell.number_format = "HH:MM"
    return cell


def spreadsheet_response(*, filename: str, headers: list[str], rows, export_format: str):
    """A download of ``rows`` as CSV or XLSX (``export_format``); ``filename`` without suffix."""
    content = xlsx_bytes(headers, rows) if export_format == XLSX else csv_bytes(headers, rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
