"""The background tasks the registration services enqueue. Emails do not go through tasks any
more: they are rows of the outbox (congress.outbox), queued by emails.py. The two email tasks
below only serve task rows queued before that change and move them into the outbox.
tasks.py re-exports these tasks under their earlier paths.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from . import emails, refunds

logger = logging.getLogger(__name__)


@task()
def send_registration_email(registration_pk: int, kind: str) -> None:
    """A task queued before the outbox: queue its email in the outbox."""
    registration = emails.load_registration(registration_pk)
    if registration is None:
        return
    with transaction.atomic():
        emails.queue_registration_email(registration, kind)


@task()
def refund_payment(payment_pk: int) -> None:
    """Ask Stripe for the refund of a payment marked for it; idempotent on Stripe's side."""
    payment = refunds.load_payment(payment_pk)
    if payment is None:
        return
    refunds.carry_out_refund(payment)


@task()
def send_mode_switch_notifications(switch_pk: int) -> dict[str, int]:
    """A task queued before the outbox: the emails of a switch are outbox rows now."""
    logger.warning("Mode switch %s: emails queued before the outbox are not sent", switch_pk)
    return {}
