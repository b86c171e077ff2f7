"""Programme import and export in the Wagtail admin, per edition (organisers of its congress,
superusers): upload a CSV or XLSX file, see the preview (per row "neu", "geändert" or
"unverändert" and every error with its row and column), confirm, and the rows become draft
revisions (programme/importing.py). The parsed rows wait in the user's own session between
preview and confirmation, under a random token the confirmation form must bring back.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.models import Edition
from congress.permissions import EditionPermissionMixin, PermissionRequiredMixin, has_perm
from congress.spreadsheets import CSV, XLSX, spreadsheet_response

from ..exporting import programme_rows
from ..import_columns import HEADERS
from ..import_files import MAX_FILE_SIZE, MAX_ROWS, SpreadsheetError, read_upload
from ..import_rows import CHANGED, NEW, UNCHANGED
from ..importing import ImportRejected, import_programme, plan_import

IMPORT = "programme.import_programme"
EXPORT = "programme.export_programme"
SESSION_KEY = "programme_import_%s"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Programmdatei (CSV oder Excel-Arbeitsmappe XLSX)"),
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie eine Datei aus."),
            "empty": gettext_lazy("Die Datei ist leer."),
        },
    )

    def clean_file(self):
        try:
            self.table = read_upload(self.cleaned_data["file"])
        except SpreadsheetError as error:
            raise forms.ValidationError(error.message, code="file") from None
        return self.cleaned_data["file"]


class TransferIndexView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """The editions whose programme the user may import or export."""

    permission_required = EXPORT
    template_name = "programme/admin/transfer_index.html"
    page_title = gettext_lazy("Programm importieren und exportieren")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        user = self.request.user
        editions = [
            (edition, has_perm(user, IMPORT, edition))
            for edition in Edition.objects.select_related("congress").order_by("-start_date")
            if has_perm(user, EXPORT, edition)
        ]
        return super().get_context_data(editions=editions, **kwargs)


class ImportView(EditionPermissionMixin, AdminPageMixin, TemplateView):
    """GET: the upload form. POST "preview": read the file, show the plan, keep the rows.
    POST "confirm": import the kept rows as drafts, all or nothing."""

    permission_required = IMPORT
    template_name = "programme/admin/import.html"
    page_title = gettext_lazy("Programm importieren")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(
            edition=self.edition,
            headers=HEADERS,
            max_rows=MAX_ROWS,
            max_size_mb=MAX_FILE_SIZE // (1024 * 1024),
            **kwargs,
        )

    def post(self, request, edition_id):
        if request.POST.get("action") == "confirm":
            return self.confirm()
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        table = form.table
        plan = plan_import(edition=self.edition, headers=table.headers, rows=table.rows)
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY % self.edition.pk] = {
            "token": token,
            "headers": table.headers,
            "rows": table.rows,
            "name": form.cleaned_data["file"].name[:200],
        }
        return self.render_preview(plan, token, form.cleaned_data["file"].name)

    def render_preview(self, plan, token, filename):
        return self.render_to_response(
            self.get_context_data(
                plan=plan,
                token=token,
                filename=filename,
                counts={
                    "new": plan.count(NEW),
                    "changed": plan.count(CHANGED),
                    "unchanged": plan.count(UNCHANGED),
                },
                errors=sorted(plan.errors, key=lambda e: (e.row, e.column)),
                error_count=len(plan.errors) + len(plan.file_errors),
            )
        )

    def confirm(self):
        request = self.request
        kept = request.session.get(SESSION_KEY % self.edition.pk)
        if not kept or kept.get("token") != request.POST.get("token"):
            messages.error(
                request,
                _("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch."),
            )
            return redirect("programme_import", edition_id=self.edition.pk)
        try:
            plan = import_programme(
                edition=self.edition,
                headers=kept["headers"],
                rows=kept["rows"],
                user=request.user,
                expected=request.POST.get("digest"),
            )
        except ImportRejected as rejected:
            return self.render_preview(rejected.plan, kept["token"], kept["name"])
        del request.session[SESSION_KEY % self.edition.pk]
        messages.success(
            request,
            _(
                "Programm importiert: %(new)s neu, %(changed)s geändert, %(unchanged)s "
                "unverändert. Neue und geänderte Programmpunkte sind Entwürfe; bitte prüfen "
                "und veröffentlichen Sie sie unter „Programmpunkte“."
            )
            % {
                "new": plan.count(NEW),
                "changed": plan.count(CHANGED),
                "unchanged": plan.count(UNCHANGED),
            },
        )
        return redirect("programme_import", edition_id=self.edition.pk)


class ExportView(EditionPermissionMixin, View):
    """The edition's programme as CSV or XLSX, in the import's columns."""

    permission_required = EXPORT

    def get(self, request, edition_id, export_format):
        if export_format not in (CSV, XLSX):
            raise Http404
        edition = self.edition
        return spreadsheet_response(
            filename=f"programm-{edition.congress.slug}-{edition.year}",
            headers=HEADERS,
            rows=programme_rows(edition),
            export_format=export_format,
        )
