"""The background tasks the registration services enqueue (on commit, or inside the transaction
with the database backend: a transactional outbox). Each loads its row by primary key and calls
one function of emails.py or refunds.py; none imports the services, which import this module.
tasks.py re-exports these tasks under their earlier paths.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import emails, refunds


@task()
def send_registration_email(registration_pk: int, kind: str) -> None:
    registration = emails.load_registration(registration_pk)
    if registration is None:
        return
    emails.send_registration_email(registration, kind)


@task()
def refund_payment(payment_pk: int) -> None:
    """Ask Stripe for the refund of a payment marked for it; idempotent on Stripe's side."""
    payment = refunds.load_payment(payment_pk)
    if payment is None:
        return
    refunds.carry_out_refund(payment)


@task()
def send_mode_switch_notifications(switch_pk: int) -> dict[str, int]:
    """Send the unsent emails of a mode switch in batches (emails.send_mode_switch_emails).
    Deliveries that fail (SMTP error, refused connection) are tried again by a later run,
    enqueued here, up to MODE_SWITCH_EMAIL_ATTEMPTS attempts per address."""
    switch = emails.load_mode_switch(switch_pk)
    if switch is None:
        return {}
    done = emails.send_mode_switch_emails(switch)
    if emails.mode_switch_retry_due(switch, done):
        backend = send_mode_switch_notifications.get_backend()
        if backend.supports_defer:
            later = timezone.now() + dt.timedelta(seconds=emails.MODE_SWITCH_RETRY_SECONDS)
            send_mode_switch_notifications.using(run_after=later).enqueue(switch_pk)
        else:  # in-process: the next attempt right away
            send_mode_switch_notifications.enqueue(switch_pk)
    return done
