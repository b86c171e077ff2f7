"""Mailings in the Wagtail admin (*Berichte → Rundschreiben*): the list of mailings sent, the
form to write one to a segment of an edition (preview, test to oneself, send), and each
mailing's page with its text, the progress of its sending and its report (sent, failed, with
"Erneut senden"). Permission: "cms.send_mailing" for the edition (its congress's organisers)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.enums import OutboxState
from congress.models import Edition, OutboxMessage
from congress.permissions import EditionPermissionMixin, PermissionRequiredMixin, has_perm

from . import SEND_MAILING, services
from .forms import MailingForm
from .models import Mailing
from .segments import Segment

REFRESH_SECONDS = 5


class _MailingPageMixin(PermissionRequiredMixin, AdminPageMixin):
    """Permission "cms.send_mailing"; breadcrumbs through the list of mailings."""

    permission_required = SEND_MAILING
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cms_mailings"), "label": _("Rundschreiben")},
            {"url": "", "label": self.get_page_title()},
        ]


def editions_for(user):
    """The editions whose segments ``user`` may write to, newest first."""
    editions = Edition.objects.select_related("congress").order_by("-start_date", "pk")
    return [edition for edition in editions if has_perm(user, SEND_MAILING, edition)]


class MailingIndexView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """The user's editions (each with "Neues Rundschreiben") and the mailings sent to them."""

    permission_required = SEND_MAILING
    template_name = "cms/mailings/index.html"
    page_title = gettext_lazy("Rundschreiben")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        editions = editions_for(self.request.user)
        mailings = (
            Mailing.objects.sent()
            .filter(edition__in=editions)
            .select_related("edition", "created_by")
            .order_by("-sent_at", "-pk")[:200]
        )
        return super().get_context_data(editions=editions, mailings=list(mailings), **kwargs)


class MailingComposeView(EditionPermissionMixin, _MailingPageMixin, TemplateView):
    """GET: the form. POST "preview": the count and the first recipient's message. POST "test":
    the message to the user's own address. POST "send": the mailing, then its page."""

    template_name = "cms/mailings/compose.html"
    page_title = gettext_lazy("Neues Rundschreiben")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MailingForm(edition=self.edition))
        return super().get_context_data(edition=self.edition, **kwargs)

    def post(self, request, edition_id):
        form = MailingForm(request.POST, edition=self.edition)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        action = request.POST.get("action")
        mailing = form.mailing()
        try:
            if action == "send":
                mailing = services.send_mailing(mailing=mailing, user=request.user)
                messages.success(
                    request,
                    ngettext(
                        "Das Rundschreiben geht an %(n)d Person.",
                        "Das Rundschreiben geht an %(n)d Personen.",
                        mailing.recipients_count,
                    )
                    % {"n": mailing.recipients_count},
                )
                return redirect("cms_mailing", pk=mailing.pk)
            if action == "test":
                message = services.send_test_mailing(mailing=mailing, user=request.user)
                messages.success(request, _("Die Test-E-Mail geht an %(to)s.") % {"to": message.to})
            preview = services.preview_mailing(mailing=mailing)
        except services.MailingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return self.render_to_response(self.get_context_data(form=form, preview=preview))


class MailingDetailView(_MailingPageMixin, TemplateView):
    """The mailing's text and segment, the progress of its sending (reloads itself every few
    seconds while messages wait, without JavaScript: an HTTP Refresh header) and its report."""

    template_name = "cms/mailings/detail.html"
    page_title = gettext_lazy("Rundschreiben")

    def dispatch(self, request, *args, **kwargs):
        self.mailing = get_object_or_404(
            Mailing.objects.select_related("edition", "created_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.mailing

    def get_page_subtitle(self):
        return self.mailing.subject

    def get_context_data(self, **kwargs):
        mailing = self.mailing
        progress = services.mailing_progress(mailing)
        failed = (
            OutboxMessage.objects.in_batch(mailing.batch)
            .filter(state=OutboxState.FAILED)
            .defer("body", "html")
            .order_by("pk")[:100]
        )
        self.auto_refresh = not progress["done"] and self.request.GET.get("auto") != "0"
        return super().get_context_data(
            mailing=mailing,
            segment=describe_segment(mailing),
            progress=progress,
            failed=list(failed) if mailing.batch else [],
            auto_refresh=self.auto_refresh,
            refresh_seconds=REFRESH_SECONDS,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.auto_refresh:
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def post(self, request, pk):
        """ "Fehlgeschlagene erneut senden" (congress.outbox.resend_message for each)."""
        count = services.resend_failed_messages(mailing=self.mailing, user=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(n)d E-Mail wird erneut gesendet.",
                    "%(n)d E-Mails werden erneut gesendet.",
                    count,
                )
                % {"n": count},
            )
        else:
            messages.info(request, _("Keine E-Mail ist fehlgeschlagen."))
        return redirect("cms_mailing", pk=self.mailing.pk)


def describe_segment(mailing: Mailing) -> list[tuple[str, str]]:
    """The filters of the mailing as (label, value) pairs for its page."""
    segment = Segment.from_json(mailing.segment)
    form = MailingForm(edition=mailing.edition)
    groups = [
        str(form.fields[name].label)
        for name in ("registrants", "speakers", "moderators")
        if getattr(segment, name)
    ]
    rows = [(_("Empfänger"), ", ".join(groups))]
    every = _("alle")
    for name in ("categories", "forums"):
        chosen = [str(o) for o in form.fields[name].queryset if o.pk in getattr(segment, name)]
        rows.append((str(form.fields[name].label), ", ".join(chosen) or every))
    for name in ("attendance", "states"):
        labels = dict(form.fields[name].choices)
        chosen = [str(labels.get(value, value)) for value in getattr(segment, name)]
        rows.append((str(form.fields[name].label), ", ".join(chosen) or every))
    checked = dict(form.fields["checked_in"].choices)
    rows.append((str(form.fields["checked_in"].label), str(checked.get(segment.checked_in, ""))))
    return rows
