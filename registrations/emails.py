"""The emails of registrations: rendering them (with the ticket PDF, invoice, XRechnung and
calendar attached) and sending them, with the retries of each kind. The tasks in outbox.py load
the rows by primary key and call these functions.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.enums import EditionMode
from programme.calendar import calendar_for_sessions
from programme.enums import TrackKind
from programme.queries import live_sessions

from .addresses import confirmation_url
from .agenda import agenda_calendar
from .enums import Attendance, RecipientKind, RegistrationState
from .exceptions import RegistrationError
from .models import ModeSwitch, ModeSwitchNotification, Registration
from .pdf import credit_note_pdf, invoice_pdf, ticket_pdf
from .xrechnung import xrechnung_filename, xrechnung_xml

logger = logging.getLogger(__name__)
SEND_ATTEMPTS = 3

SUBJECTS = {
    RegistrationState.CONFIRMED: gettext_noop("Ihr Ticket: %(edition)s"),
    RegistrationState.WAITLISTED: gettext_noop("Warteliste: %(edition)s"),
    RegistrationState.OFFERED: gettext_noop("Ein Platz ist frei geworden: %(edition)s"),
    RegistrationState.CANCELLED: gettext_noop("Stornierung Ihrer Anmeldung: %(edition)s"),
    RegistrationState.EXPIRED: gettext_noop("Ihre Reservierung ist verfallen: %(edition)s"),
    RegistrationState.AWAITING_CONFIRMATION: gettext_noop(
        "Bitte bestätigen Sie Ihre E-Mail-Adresse: %(edition)s"
    ),
    RegistrationState.AWAITING_APPROVAL: gettext_noop("Ihre Anmeldung wird geprüft: %(edition)s"),
    RegistrationState.PENDING_PAYMENT: gettext_noop("Bitte bezahlen Sie Ihr Ticket: %(edition)s"),
    RegistrationState.REJECTED: gettext_noop("Ihre Anmeldung wurde abgelehnt: %(edition)s"),
    # Not a state: the private link again, for an address that registered a second time.
    "private_link": gettext_noop("Ihr persönlicher Link: %(edition)s"),
    RegistrationState.REFUNDED: gettext_noop("Erstattung und Stornierung: %(edition)s"),
    "partial_refund": gettext_noop("Teilerstattung: %(edition)s"),
}
# Emails that carry the credit notes of the registration's invoice.
CREDIT_NOTE_KINDS = (RegistrationState.CANCELLED, RegistrationState.REFUNDED, "partial_refund")


def manage_url(registration: Registration) -> str:
    path = reverse("registrations:manage", args=[registration.manage_token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def ticket_filename(registration: Registration) -> str:
    return f"ticket-{registration.edition.congress.slug}-{registration.edition.year}-{registration.pk}.pdf"


def build_registration_email(registration: Registration, kind: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        return _build_registration_email(registration, kind)


def _build_registration_email(registration: Registration, kind: str) -> EmailMessage:
    subject = _(SUBJECTS[kind]) % {"edition": registration.edition.title}
    body = render_to_string(
        "registrations/email/registration.txt",
        {
            "registration": registration,
            "kind": kind,
            "manage_url": manage_url(registration),
            "offer_hours": settings.REGISTRATION_OFFER_HOURS,
            "confirmation_url": (
                confirmation_url(registration)
                if kind == RegistrationState.AWAITING_CONFIRMATION
                else ""
            ),
        },
    )
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    if kind == RegistrationState.CONFIRMED and registration.has_ticket:
        message.attach(ticket_filename(registration), ticket_pdf(registration), "application/pdf")
        invoice = getattr(registration, "invoice", None)
        if invoice is not None:
            message.attach(
                f"rechnung-{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf"
            )
            if invoice.leitweg_id:
                _attach_xrechnung(message, invoice)
        message.attach("mein-programm.ics", agenda_calendar(registration), "text/calendar")
    if kind in CREDIT_NOTE_KINDS:
        _attach_credit_notes(message, registration)
    return message


def _attach_credit_notes(message: EmailMessage, registration: Registration) -> None:
    invoice = getattr(registration, "invoice", None)
    if invoice is None:
        return
    for note in invoice.credit_notes.order_by("pk"):
        note.invoice = invoice
        message.attach(f"{note.number}.pdf", credit_note_pdf(note), "application/pdf")


def _attach_xrechnung(message: EmailMessage, invoice) -> None:
    """Authorities with a Leitweg-ID get the e-invoice next to the PDF; when the congress lacks
    seller data for it, the PDF goes alone and the organisers find the reason in the log (and
    in the admin, where the XRechnung download says what is missing)."""
    try:
        xml = xrechnung_xml(invoice)
    except RegistrationError as error:
        logger.warning("Invoice %s sent without XRechnung: %s", invoice.number, error.message)
        return
    message.attach(xrechnung_filename(invoice), xml, "application/xml")


def load_registration(registration_pk: int) -> Registration | None:
    """The registration with what its emails show, or ``None`` when it is gone."""
    return (
        Registration.objects.select_related(
            "edition__congress", "edition__venue", "category", "invoice"
        )
        .filter(pk=registration_pk)
        .first()
    )


def send_registration_email(registration: Registration, kind: str) -> None:
    """Build and send the email of ``kind``; a failed delivery is tried again, SEND_ATTEMPTS
    times in all, 2, 4, ... seconds apart, then the error is raised."""
    registration_pk = registration.pk
    message = build_registration_email(registration, kind)
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            message.send()
            return
        except OSError:
            logger.warning("Sending registration email %s failed (%s)", registration_pk, attempt)
            if attempt == SEND_ATTEMPTS:
                raise
            time.sleep(2**attempt)


# Edition mode switch --------------------------------------------------------------------------

MODE_SWITCH_EMAIL_ATTEMPTS = 5  # attempts per address in all, over the task's runs
MODE_SWITCH_RETRY_SECONDS = 60  # delay before the next run when some deliveries failed
MODE_SWITCH_BATCH = 200
# What a failed delivery raises: smtplib.SMTPException is an OSError, as are refused connections.
DELIVERY_ERRORS = (OSError,)


def mode_switch_progress(switch) -> dict[str, int]:
    """Sent, failed (gave up after MODE_SWITCH_EMAIL_ATTEMPTS), waiting and total emails of a
    mode switch, in one query."""
    counts = ModeSwitchNotification.objects.filter(switch=switch).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        failed=Count(
            "pk", filter=Q(sent_at__isnull=True, attempts__gte=MODE_SWITCH_EMAIL_ATTEMPTS)
        ),
        retrying=Count("pk", filter=Q(sent_at__isnull=True, attempts__gt=0)),
    )
    counts["retrying"] -= counts["failed"]
    counts["waiting"] = counts["total"] - counts["sent"] - counts["failed"]
    return counts


class _ModeSwitchMail:
    """Builds the emails of one switch; the edition's programme is loaded once."""

    def __init__(self, switch):
        self.switch = switch
        self.edition = switch.edition
        self.old_mode_label = EditionMode(switch.old_mode).label
        self._sessions = None

    def sessions(self) -> list:
        if self._sessions is None:
            self._sessions = list(live_sessions(self.edition))
        return self._sessions

    def agenda(self, registration) -> bytes:
        chosen = {choice.track_id for choice in registration.forum_choices.all()}
        return calendar_for_sessions(
            [
                s
                for s in self.sessions()
                if s.track.kind == TrackKind.MAIN_STAGE or s.track_id in chosen
            ],
            edition=self.edition,
            name=f"{self.edition.title}: Mein Programm",
            url_for_session=lambda session: None,
        )

    def build(self, notification) -> EmailMessage:
        with translation.override(settings.LANGUAGE_CODE):
            return self._build(notification)

    def _build(self, notification) -> EmailMessage:
        edition = self.edition
        context = {
            "edition": edition,
            "name": notification.name,
            "old_mode": self.old_mode_label,
            "is_speaker": notification.person_id is not None,
            "online_url": edition.online_url if edition.mode != EditionMode.IN_PERSON else "",
        }
        subject = _("Geänderte Durchführung: %(edition)s") % {"edition": edition.title}
        if notification.kind == RecipientKind.SPEAKER:
            context["portal_url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
                "speakers:portal"
            )
            body = render_to_string("registrations/email/mode_switch_speaker.txt", context)
            return EmailMessage(subject=subject, body=body, to=[notification.email])
        registration = notification.registration
        registration.edition = edition
        context.update(
            registration=registration,
            manage_url=manage_url(registration),
            kept_online=(
                edition.mode == EditionMode.HYBRID
                and registration.attendance == Attendance.ONLINE
                and registration.preferred_attendance == Attendance.ONSITE
            ),
        )
        if registration.attendance != Attendance.ONLINE:
            context["online_url"] = ""
        body = render_to_string("registrations/email/mode_switch_attendee.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[notification.email])
        if registration.has_ticket:
            message.attach(
                ticket_filename(registration), ticket_pdf(registration), "application/pdf"
            )
            message.attach("mein-programm.ics", self.agenda(registration), "text/calendar")
        return message


def _send_mode_switch_notification(mail: _ModeSwitchMail, notification, connection) -> str:
    """Claim the row (skipped when another worker holds it or it went out), send, record:
    "sent", "failed" or "skipped". The row stays locked while mailing, so no address gets the
    email twice."""
    with transaction.atomic():
        claimed = (
            ModeSwitchNotification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification.pk, sent_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        if claimed is None:
            return "skipped"
        rows = ModeSwitchNotification.objects.filter(pk=notification.pk)
        try:
            message = mail.build(notification)
            message.connection = connection
            message.send()
        except DELIVERY_ERRORS as error:
            logger.warning("Mode switch email %s failed: %s", notification.pk, error)
            rows.update(attempts=F("attempts") + 1, last_error=str(error)[:300])
            return "failed"
        rows.update(attempts=F("attempts") + 1, sent_at=timezone.now(), last_error="")
    return "sent"


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except DELIVERY_ERRORS:
        logger.info("Closing the mail connection failed", exc_info=True)


def load_mode_switch(switch_pk: int) -> ModeSwitch | None:
    return (
        ModeSwitch.objects.select_related("edition__congress", "edition__venue")
        .filter(pk=switch_pk)
        .first()
    )


def _pending_notifications(switch):
    return ModeSwitchNotification.objects.filter(
        switch=switch, sent_at__isnull=True, attempts__lt=MODE_SWITCH_EMAIL_ATTEMPTS
    )


def send_mode_switch_emails(switch: ModeSwitch) -> dict[str, int]:
    """Send the unsent emails of a mode switch in batches: "sent", "failed" and "skipped"
    counts. Safe to run twice or in parallel: each row is claimed before sending and marked sent
    after; failed deliveries stay unsent (up to MODE_SWITCH_EMAIL_ATTEMPTS attempts)."""
    mail = _ModeSwitchMail(switch)
    pending = _pending_notifications(switch)
    done = {"sent": 0, "failed": 0, "skipped": 0}
    last_pk = 0
    connection = get_connection()
    while True:
        batch = list(
            pending.filter(pk__gt=last_pk)
            .select_related("registration__category")
            .prefetch_related("registration__forum_choices")
            .order_by("pk")[:MODE_SWITCH_BATCH]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        for notification in batch:
            outcome = _send_mode_switch_notification(mail, notification, connection)
            done[outcome] += 1
            if outcome == "failed":  # a broken connection is not reused
                _close_quietly(connection)
                connection = get_connection()
    _close_quietly(connection)
    return done


def mode_switch_retry_due(switch: ModeSwitch, done: dict[str, int]) -> bool:
    """Whether failed deliveries of this run are left for a later run."""
    return bool(done["failed"]) and _pending_notifications(switch).filter(attempts__gt=0).exists()
