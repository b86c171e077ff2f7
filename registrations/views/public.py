"""Public pages: the registration form and the attendee's private page (by its secret link)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from congress.http import client_ip
from congress.models import Edition
from congress.pages import page_url
from congress.ratelimit import rate_limited
from programme.enums import TrackKind
from programme.models import Track

from .. import payments, services
from ..addresses import registration_of_token
from ..agenda import agenda_calendar, agenda_sessions
from ..emails import ticket_filename
from ..enums import HOLDING_STATES, Attendance, RegistrationState
from ..forms import AttendanceForm, RegistrationForm
from ..models import CreditNote, Invoice, Registration
from ..pdf import credit_note_pdf, invoice_pdf, ticket_pdf
from ..queries import registration_setup, registrations_of_user
from ..tickets import public_key_pem
from ..xrechnung import (
    credit_note_xml,
    missing_seller_data,
    xrechnung_filename,
    xrechnung_xml,
)
from .online import online_context

logger = logging.getLogger(__name__)


def _edition(congress: str, year: int) -> Edition:
    return get_object_or_404(
        Edition.objects.select_related("congress", "venue"), congress__slug=congress, year=year
    )


@method_decorator(never_cache, name="dispatch")
class RegisterView(View):
    """The public registration form. Its edition, categories and questions come from the cache
    (queries.registration_setup), so a registration costs no query before its transaction.

    Whatever happens to a registration (ticket, confirmation link, waiting list, or a mail with
    the private link to an address registered already), the answer is the same page
    (``RegisterSentView``); only an online payment goes on to Stripe."""

    template_name = "registrations/register.html"
    closed_template_name = "registrations/register_closed.html"

    def get_setup(self, congress, year):
        setup = registration_setup(congress=congress, year=year)
        if setup is None:
            raise Http404
        return setup

    def get_form(self, setup, data=None):
        return RegistrationForm(
            data, categories=setup.categories_on_sale(), questions=setup.questions
        )

    def render(self, request, edition, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "edition": edition,
                "form": form,
                "has_categories": bool(form.categories),
                "onsite_full": _onsite_full_notice(edition, form),
            },
            status=status,
        )

    def render_closed(self, request, edition):
        return render(
            request,
            self.closed_template_name,
            {
                "edition": edition,
                "closed_message": services.registration_closed_message(edition),
                "programme_url": page_url("programme", edition, request),
                "edition_url": page_url("edition", edition, request),
            },
        )

    def get(self, request, congress, year):
        setup = self.get_setup(congress, year)
        if setup.has_ended():
            return self.render_closed(request, setup.edition)
        return self.render(request, setup.edition, self.get_form(setup))

    def post(self, request, congress, year):
        setup = self.get_setup(congress, year)
        edition = setup.edition
        if setup.has_ended():
            return self.render_closed(request, edition)
        form = self.get_form(setup, request.POST)
        if _registration_rate_limited(request):
            # The form comes back with everything entered: nothing is lost.
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Anmeldungen. Bitte "
                    "senden Sie das Formular in einer Minute erneut."
                ),
            )
            return self.render(request, edition, form, status=429)
        if form.is_valid():
            try:
                registration = services.register_or_send_link(
                    **form.service_arguments(),
                    language=translation.get_language(),
                    user=request.user,
                )
            except services.RegistrationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if (
                    registration is not None
                    and registration.state == RegistrationState.PENDING_PAYMENT
                ):
                    return _checkout(request, registration)
                return redirect("registrations:register_sent", congress=congress, year=year)
        return self.render(request, edition, form, status=400)


@method_decorator(never_cache, name="dispatch")
class RegisterSentView(View):
    """The one answer to a registration sent: what comes next arrives by email."""

    def get(self, request, congress, year):
        edition = _edition(congress, year)
        response = render(request, "registrations/register_sent.html", {"edition": edition})
        response["X-Robots-Tag"] = "noindex"
        return response


@method_decorator(never_cache, name="dispatch")
class ConfirmAddressView(View):
    """The signed link of the confirmation email: GET shows a button (mail scanners that open
    links confirm nothing), POST confirms the address and leads to the attendee's page."""

    template_name = "registrations/confirm_address.html"

    def render(self, request, registration, error="", status=200):
        response = render(
            request,
            self.template_name,
            {"registration": registration, "error": error},
            status=status,
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    def invalid(self, request):
        return self.render(
            request,
            None,
            _(
                "Dieser Bestätigungslink ist ungültig oder abgelaufen. Bitte melden Sie sich "
                "erneut an."
            ),
            status=400,
        )

    def get(self, request, token):
        registration = registration_of_token(token)
        if registration is None:
            return self.invalid(request)
        return self.render(request, registration)

    def post(self, request, token):
        registration = registration_of_token(token)
        if registration is None:
            return self.invalid(request)
        try:
            registration = services.confirm_address(registration=registration)
        except services.RegistrationError as error:
            return self.render(request, registration, error.message, status=400)
        messages.success(request, _("Vielen Dank! Ihre E-Mail-Adresse ist bestätigt."))
        return redirect("registrations:manage", token=registration.manage_token)


def _onsite_full_notice(edition, form) -> str:
    """What happens to "Vor Ort" when no seat is free for newcomers, said before submitting;
    "" while seats are free (or nobody can choose "Vor Ort")."""
    if not form.offers_onsite() or services.seats_for_newcomers(edition) != 0:
        return ""
    if form.offers_online():
        return _(
            "Vor Ort sind alle Plätze vergeben. Mit „Vor Ort“ kommen Sie auf die Warteliste und "
            "erhalten eine E-Mail, sobald ein Platz für Sie frei wird. Online können Sie sofort "
            "teilnehmen: Wählen Sie „Online“ oder kreuzen Sie an, dass Sie online teilnehmen, "
            "falls vor Ort kein Platz frei ist."
        )
    return _(
        "Vor Ort sind alle Plätze vergeben. Mit Ihrer Anmeldung kommen Sie auf die Warteliste und "
        "erhalten eine E-Mail, sobald ein Platz für Sie frei wird."
    )


def _registration_rate_limited(request) -> bool:
    """Counts the registration attempts per client address (REGISTRATION_RATE_LIMIT, e.g.
    "20/m"; generous, since a whole administration may sit behind one address). Fail-open: when
    the cache cannot count, the registration goes through (congress/ratelimit.py)."""
    return rate_limited(
        request,
        group="registrations.register",
        key=lambda _group, request: client_ip(request),
        rate=settings.REGISTRATION_RATE_LIMIT,
        fail_open=True,
    )


def _checkout(request, registration):
    """Start Stripe Checkout and send the attendee there; on failure back to their page."""
    manage = request.build_absolute_uri(
        reverse("registrations:manage", args=[registration.manage_token])
    )
    try:
        payment = services.start_checkout(
            registration=registration, success_url=manage + "?bezahlt=1", cancel_url=manage
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(manage)
    return redirect(payment.checkout_url)


def _registration(token: str) -> Registration:
    registration = (
        Registration.objects.select_related("edition__congress", "edition__venue", "category")
        .filter(manage_token=token)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    template_name = "registrations/manage.html"

    def get(self, request, token):
        registration = _registration(token)
        # Without waiting for cron: an offer or reservation past its deadline is shown expired,
        # and its seat offered to the next person (one query while nothing is stale).
        if services.expire_stale_registrations(edition=registration.edition):
            registration = _registration(token)
        options = [
            (value, Attendance(value).label)
            for value in registration.category.attendance_options
            if value != registration.attendance
        ]
        invoice = Invoice.objects.filter(registration=registration).first()
        if invoice is not None:
            invoice.registration = registration
        response = render(
            request,
            self.template_name,
            {
                "registration": registration,
                "edition": registration.edition,
                "switch_options": options,
                "states": RegistrationState,
                "returned_from_payment": "bezahlt" in request.GET,
                "invoice": invoice,
                "credit_notes": list(invoice.credit_notes.order_by("pk")) if invoice else [],
                "xrechnung_available": invoice is not None
                and not missing_seller_data(invoice.seller_congress()),
                **_programme_context(request, registration),
                **online_context(request, registration),
            },
        )
        response["X-Robots-Tag"] = "noindex"
        return response


@method_decorator(never_cache, name="dispatch")
class MyRegistrationsView(LoginRequiredMixin, View):
    """ "Meine Anmeldungen": the signed-in user's registrations across editions (queries.py
    says which), each with its private page and, when confirmed, its ticket."""

    template_name = "registrations/my_registrations.html"

    def get(self, request):
        response = render(
            request,
            self.template_name,
            {"registrations": list(registrations_of_user(request.user))},
        )
        response["X-Robots-Tag"] = "noindex"
        return response


def _programme_context(request, registration) -> dict:
    if registration.state not in (RegistrationState.CONFIRMED, RegistrationState.PENDING_PAYMENT):
        return {}
    chosen = set(registration.forum_choices.values_list("track_id", flat=True))
    forums = list(
        Track.objects.live()
        .for_edition(registration.edition)
        .filter(kind=TrackKind.FORUM)
        .select_related("room")
        .annotate(
            taken=Count(
                "attendee_choices",
                filter=Q(
                    attendee_choices__registration__attendance=Attendance.ONSITE,
                    attendee_choices__registration__state__in=HOLDING_STATES,
                ),
            )
        )
        .order_by("sort_order", "number", "title")
    )
    for forum in forums:
        forum.chosen = forum.pk in chosen
        capacity = forum.room.capacity if forum.room else None
        forum.free = None if capacity is None else max(capacity - forum.taken, 0)
    feed = request.build_absolute_uri(
        reverse("registrations:agenda_feed", args=[registration.calendar_token])
    )
    return {
        "forums": forums,
        "agenda": agenda_sessions(registration),
        "webcal_url": "webcal://" + feed.split("://", 1)[1],
        "feed_url": feed,
    }


class _ActionView(View):
    """POST-only actions on the attendee's page; a refused action comes back as a message."""

    http_method_names = ["post"]

    def act(self, request, registration):
        raise NotImplementedError

    def post(self, request, token):
        registration = _registration(token)
        try:
            self.act(request, registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        return redirect("registrations:manage", token=token)


class PayView(View):
    http_method_names = ["post"]

    def post(self, request, token):
        return _checkout(request, _registration(token))


class ChooseForumsView(_ActionView):
    def act(self, request, registration):
        try:
            ids = {int(value) for value in request.POST.getlist("tracks")}
            if any(not 0 < pk < 2**31 for pk in ids):
                raise ValueError(ids)
        except ValueError as exc:
            raise services.RegistrationError(
                _("Bitte wählen Sie nur Foren dieser Veranstaltung.")
            ) from exc
        services.choose_forums(
            registration=registration, tracks=list(Track.objects.filter(pk__in=ids))
        )
        messages.success(request, _("Ihre Forenwahl ist gespeichert."))


class CancelView(_ActionView):
    def act(self, request, registration):
        if request.POST.get("confirm") != "yes":
            raise services.RegistrationError(_("Bitte bestätigen Sie die Stornierung."))
        services.cancel_registration(registration=registration)
        messages.success(request, _("Ihre Anmeldung ist storniert."))


class SwitchAttendanceView(_ActionView):
    def act(self, request, registration):
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            raise services.RegistrationError(_("Bitte wählen Sie eine Teilnahmeform."))
        services.switch_attendance(
            registration=registration, attendance=form.cleaned_data["attendance"]
        )
        messages.success(
            request, _("Ihre Teilnahmeform ist geändert. Das neue Ticket kommt per E-Mail.")
        )


class AcceptOfferView(_ActionView):
    def act(self, request, registration):
        services.accept_offer(registration=registration)
        messages.success(request, _("Sie haben den Platz angenommen."))


@never_cache
def ticket_download(request, token):
    registration = _registration(token)
    if not registration.has_ticket:
        raise Http404
    response = HttpResponse(ticket_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{ticket_filename(registration)}"'
    return response


@never_cache
def invoice_download(request, token):
    registration = _registration(token)
    invoice = Invoice.objects.filter(registration=registration).first()
    if invoice is None:
        raise Http404
    invoice.registration = registration
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rechnung-{invoice.number}.pdf"'
    return response


def _credit_note(token: str, pk: int) -> CreditNote:
    """A credit note of the registration of ``token`` (404 for any other)."""
    registration = _registration(token)
    note = (
        CreditNote.objects.select_related("invoice")
        .filter(pk=pk, invoice__registration=registration)
        .first()
    )
    if note is None:
        raise Http404
    note.invoice.registration = registration
    return note


@never_cache
def credit_note_download(request, token, pk):
    note = _credit_note(token, pk)
    response = HttpResponse(credit_note_pdf(note), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{note.number}.pdf"'
    return response


@never_cache
def credit_note_xml_download(request, token, pk):
    note = _credit_note(token, pk)
    try:
        xml = credit_note_xml(note)
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect("registrations:manage", token=token)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{xrechnung_filename(note)}"'
    return response


@never_cache
def xrechnung_download(request, token):
    """The invoice as XRechnung, under the same secret link as the PDF."""
    registration = _registration(token)
    invoice = Invoice.objects.filter(registration=registration).first()
    if invoice is None:
        raise Http404
    invoice.registration = registration
    try:
        xml = xrechnung_xml(invoice)
    except services.RegistrationError as error:
        logger.warning("XRechnung of invoice %s refused: %s", invoice.number, error.message)
        messages.error(
            request,
            _(
                "Die E-Rechnung (XRechnung) ist für diese Rechnung nicht verfügbar. Bitte "
                "verwenden Sie die Rechnung als PDF oder wenden Sie sich an die Veranstalter."
            ),
        )
        return redirect("registrations:manage", token=registration.manage_token)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{xrechnung_filename(invoice)}"'
    return response


def _calendar_response(registration) -> HttpResponse:
    response = HttpResponse(
        agenda_calendar(registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mein-programm.ics"'
    response["Cache-Control"] = "private, max-age=0, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def agenda_feed(request, token):
    """The private calendar feed of "Mein Programm" (webcal); it follows programme changes."""
    registration = (
        Registration.objects.select_related("edition")
        .filter(calendar_token=token, state__in=HOLDING_STATES)
        .first()
    )
    if registration is None:
        raise Http404
    return _calendar_response(registration)


def ticket_public_key(request):
    """The public key with which scanners verify tickets offline."""
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events, verified by signature and shape: 400 with a JSON error for anything
    else; repeated, early and late events are handled idempotently (services.stripe_events)."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        # 404, not a 5xx: nothing is wrong with the request, this site takes no Stripe events.
        # Stripe retries every non-2xx answer for days, so no event is lost while the secret
        # is being set up.
        return JsonResponse({"error": "Stripe is not configured."}, status=404)
    try:
        event = payments.parse_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except payments.InvalidWebhook as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse({"status": services.handle_stripe_event(event=event)})
