"""The emails of registrations: rendered here when the change that causes them happens and queued
in the outbox in its transaction (congress.outbox); the attachments (ticket PDF, invoice,
XRechnung, calendar) are built at send time from the registration by the builders here.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress.enums import EditionMode
from congress.outbox import batch_progress, enqueue_email, enqueue_emails, new_email

from .addresses import confirmation_url
from .agenda import agenda_calendar
from .enums import Attendance, RecipientKind, RegistrationState
from .exceptions import RegistrationError
from .models import ModeSwitch, Registration
from .pdf import credit_note_pdf, invoice_pdf, ticket_pdf
from .xrechnung import xrechnung_filename, xrechnung_xml

logger = logging.getLogger(__name__)
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
    """The email of ``kind`` with its attachments, as the outbox sends it (for previews/tests)."""
    subject, body = render_registration_email(registration, kind)
    message = EmailMessage(subject=subject, body=body, to=[registration.email])
    for attachment in _attachments_for(registration, kind):
        message.attach(*attachment)
    return message


def render_registration_email(registration: Registration, kind: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
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
    return subject, body


def _attachment_builder(registration: Registration, kind: str) -> str:
    """The outbox builder (dotted path) of the email's attachments, built at send time."""
    if kind == RegistrationState.CONFIRMED and registration.has_ticket:
        return "registrations.emails.confirmation_attachments"
    if kind in CREDIT_NOTE_KINDS:
        return "registrations.emails.credit_note_attachments"
    return ""


def _attachments_for(registration: Registration, kind: str) -> list[tuple[str, bytes, str]]:
    if kind == RegistrationState.CONFIRMED and registration.has_ticket:
        return registration_attachments(registration)
    if kind in CREDIT_NOTE_KINDS:
        return _credit_note_files(registration)
    return []


def queue_registration_email(registration: Registration, kind: str) -> None:
    """Queue the email of ``kind`` (a registration state, or "private_link", "partial_refund")
    in the current transaction; a confirmation with a ticket gets the ticket, invoice and
    calendar attached at send time, a cancellation or refund its credit notes."""
    subject, body = render_registration_email(registration, kind)
    enqueue_email(
        kind=f"registration.{kind}",
        edition=registration.edition_id,
        to=registration.email,
        subject=subject,
        body=body,
        related=registration,
        attachments=_attachment_builder(registration, kind),
    )


def confirmation_attachments(message) -> list[tuple[str, bytes, str]]:
    """Outbox builder: ticket PDF, invoice PDF (and XRechnung) and calendar of the registration
    the email is about, as it stands when the email is sent (nothing once it has no ticket)."""
    registration = load_registration(int(message.related_id))
    if registration is None or not registration.has_ticket:
        return []
    return registration_attachments(registration)


def credit_note_attachments(message) -> list[tuple[str, bytes, str]]:
    """Outbox builder: the credit notes (cancellation invoice, corrections) of the invoice of
    the registration the email is about."""
    registration = load_registration(int(message.related_id))
    if registration is None:
        return []
    return _credit_note_files(registration)


def _credit_note_files(registration: Registration) -> list[tuple[str, bytes, str]]:
    invoice = getattr(registration, "invoice", None)
    if invoice is None:
        return []
    files = []
    for note in invoice.credit_notes.order_by("pk"):
        note.invoice = invoice
        files.append((f"{note.number}.pdf", credit_note_pdf(note), "application/pdf"))
    return files


def registration_attachments(registration: Registration) -> list[tuple[str, bytes, str]]:
    attachments = [(ticket_filename(registration), ticket_pdf(registration), "application/pdf")]
    invoice = getattr(registration, "invoice", None)
    if invoice is not None:
        attachments.append(
            (f"rechnung-{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf")
        )
        if invoice.leitweg_id:
            attachments += _xrechnung(invoice)
    attachments.append(("mein-programm.ics", agenda_calendar(registration), "text/calendar"))
    return attachments


def _xrechnung(invoice) -> list[tuple[str, bytes, str]]:
    """Authorities with a Leitweg-ID get the e-invoice next to the PDF; when the congress lacks
    seller data for it, the PDF goes alone and the organisers find the reason in the log (and
    in the admin, where the XRechnung download says what is missing)."""
    try:
        xml = xrechnung_xml(invoice)
    except RegistrationError as error:
        logger.warning("Invoice %s sent without XRechnung: %s", invoice.number, error.message)
        return []
    return [(xrechnung_filename(invoice), xml, "application/xml")]


def load_registration(registration_pk: int) -> Registration | None:
    """The registration with what its emails show, or ``None`` when it is gone."""
    return (
        Registration.objects.select_related(
            "edition__congress", "edition__venue", "category", "invoice"
        )
        .filter(pk=registration_pk)
        .first()
    )


# Edition mode switch --------------------------------------------------------------------------


def mode_switch_batch(switch: ModeSwitch) -> str:
    """The outbox batch of a switch's emails (their progress: :func:`mode_switch_progress`)."""
    return f"mode-switch:{switch.pk}"


def mode_switch_progress(switch: ModeSwitch) -> dict[str, int]:
    """Sent, failed, waiting (of which retrying) and total emails of a switch, from the outbox."""
    return batch_progress(mode_switch_batch(switch))


def queue_mode_switch_emails(
    switch: ModeSwitch, *, attendees: list[tuple[int, int | None]], speakers: list[dict]
) -> int:
    """Queue the one email per address of a switch, in its transaction: ``attendees`` as
    (registration pk, person pk when also a speaker), ``speakers`` as dicts of email, name and
    pk. Attendees with a ticket get the new ticket and their programme attached at send time."""
    edition = switch.edition
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Geänderte Durchführung: %(edition)s") % {"edition": edition.title}
        context = {
            "edition": edition,
            "old_mode": EditionMode(switch.old_mode).label,
            "online_url": edition.online_url if edition.mode != EditionMode.IN_PERSON else "",
        }
        messages = [
            _mode_switch_attendee_email(switch, registration, subject, context, person_pk)
            for registration, person_pk in _registrations(edition, attendees)
        ]
        portal_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("speakers:portal")
        for speaker in speakers:
            body = render_to_string(
                "registrations/email/mode_switch_speaker.txt",
                {**context, "name": speaker["name"], "is_speaker": True, "portal_url": portal_url},
            )
            messages.append(
                _mode_switch_email(switch, kind=RecipientKind.SPEAKER, to=speaker["email"])(
                    subject=subject, body=body
                )
            )
    enqueue_emails(messages)
    return len(messages)


def _registrations(edition, attendees: list[tuple[int, int | None]]):
    person_by_pk = dict(attendees)
    pks = list(person_by_pk)
    for start in range(0, len(pks), 1000):
        chunk = Registration.objects.filter(pk__in=pks[start : start + 1000]).select_related(
            "category"
        )
        for registration in chunk.order_by("pk"):
            registration.edition = edition
            yield registration, person_by_pk[registration.pk]


def _mode_switch_email(switch, *, kind: str, to: str, related=None, attachments: str = ""):
    def build(*, subject: str, body: str):
        return new_email(
            kind=f"registration.mode_switch_{kind}",
            edition=switch.edition_id,
            to=to,
            subject=subject,
            body=body,
            related=related,
            attachments=attachments,
            batch=mode_switch_batch(switch),
            dedupe_key=f"{mode_switch_batch(switch)}:{to.lower()}",
        )

    return build


def _mode_switch_attendee_email(switch, registration, subject, context, person_pk):
    edition = switch.edition
    body = render_to_string(
        "registrations/email/mode_switch_attendee.txt",
        {
            **context,
            "name": registration.full_name,
            "is_speaker": person_pk is not None,
            "registration": registration,
            "manage_url": manage_url(registration),
            "kept_online": (
                edition.mode == EditionMode.HYBRID
                and registration.attendance == Attendance.ONLINE
                and registration.preferred_attendance == Attendance.ONSITE
            ),
            "online_url": (
                context["online_url"] if registration.attendance == Attendance.ONLINE else ""
            ),
        },
    )
    build = _mode_switch_email(
        switch,
        kind=RecipientKind.ATTENDEE,
        to=registration.email,
        related=registration,
        attachments=(
            "registrations.emails.mode_switch_attachments" if registration.has_ticket else ""
        ),
    )
    return build(subject=subject, body=body)


def mode_switch_attachments(message) -> list[tuple[str, bytes, str]]:
    """Outbox builder: the reissued ticket and the programme of the attendee (none once the
    registration has no ticket any more)."""
    registration = load_registration(int(message.related_id))
    if registration is None or not registration.has_ticket:
        return []
    return [
        (ticket_filename(registration), ticket_pdf(registration), "application/pdf"),
        ("mein-programm.ics", agenda_calendar(registration), "text/calendar"),
    ]
