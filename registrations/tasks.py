"""Background work of registrations: emails, with the ticket PDF built here, not in the request.

Tasks take primary keys and are enqueued on commit (services._enqueue_email).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from .agenda import agenda_calendar
from .enums import RegistrationState
from .models import Registration
from .pdf import invoice_pdf, ticket_pdf

logger = logging.getLogger(__name__)
SEND_ATTEMPTS = 3

SUBJECTS = {
    RegistrationState.CONFIRMED: gettext_noop("Ihr Ticket: %(edition)s"),
    RegistrationState.WAITLISTED: gettext_noop("Warteliste: %(edition)s"),
    RegistrationState.OFFERED: gettext_noop("Ein Platz ist frei geworden: %(edition)s"),
    RegistrationState.CANCELLED: gettext_noop("Stornierung Ihrer Anmeldung: %(edition)s"),
    RegistrationState.EXPIRED: gettext_noop("Ihre Reservierung ist verfallen: %(edition)s"),
}


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
        message.attach("mein-programm.ics", agenda_calendar(registration), "text/calendar")
    return message


@task()
def send_registration_email(registration_pk: int, kind: str) -> None:
    registration = (
        Registration.objects.select_related(
            "edition__congress", "edition__venue", "category", "invoice"
        )
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None:
        return
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


@task()
def expire_stale_registrations_task() -> int:
    from .services import expire_stale_registrations

    return expire_stale_registrations()


@task()
def refund_payment(payment_pk: int) -> None:
    """Ask Stripe for the refund of a payment marked for it; idempotent on Stripe's side."""
    from . import payments
    from .enums import PaymentState
    from .models import Payment
    from .services import log_registration_action

    payment = Payment.objects.select_related("registration").filter(pk=payment_pk).first()
    if payment is None or payment.state != PaymentState.REFUND_PENDING:
        return
    payments.refund(
        payment_intent_id=payment.payment_intent_id, idempotency_key=f"refund-payment-{payment.pk}"
    )
    updated = Payment.objects.filter(pk=payment.pk, state=PaymentState.REFUND_PENDING).update(
        state=PaymentState.REFUNDED
    )
    if updated:
        log_registration_action(
            registration=payment.registration, action="refunded", payment=payment.pk
        )
