"""The speakers of an edition with their consents as CSV or XLSX (speakers/exporting.py), for
organisers and speaker managers of the edition ("speakers.manage_speakers")."""

from django.http import Http404
from django.views import View

from congress.permissions import EditionPermissionMixin
from congress.spreadsheets import CSV, XLSX, spreadsheet_response

from ..exporting import speaker_headers, speaker_rows


class SpeakersExportView(EditionPermissionMixin, View):
    permission_required = "speakers.manage_speakers"

    def get(self, request, edition_id, export_format):
        if export_format not in (CSV, XLSX):
            raise Http404
        edition = self.edition
        return spreadsheet_response(
            filename=f"referierende-{edition.congress.slug}-{edition.year}",
            headers=speaker_headers(),
            rows=speaker_rows(edition),
            export_format=export_format,
        )
