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
