"""The Stripe adapter: the only module that talks to Stripe. Keys come from the environment
(``STRIPE_SECRET_KEY``, ``STRIPE_WEBHOOK_SECRET``); the business rules are in services/payments.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings


class PaymentProviderError(Exception):
    pass


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def create_checkout_session(
    *,
    registration_id: int,
    email: str,
    name: str,
    amount: Decimal,
    success_url: str,
    cancel_url: str,
    expires_at: dt.datetime,
) -> CheckoutSession:
    try:
        session = stripe.checkout.Session.create(
            api_key=settings.STRIPE_SECRET_KEY,
            mode="payment",
            customer_email=email,
            client_reference_id=str(registration_id),
            metadata={"registration_id": str(registration_id)},
            line_items=[
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": _cents(amount),
                        "product_data": {"name": name},
                    },
                }
            ],
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=int(expires_at.timestamp()),
        )
    except stripe.StripeError as exc:
        raise PaymentProviderError(str(exc)) from exc
    return CheckoutSession(id=session.id, url=session.url)


def refund(*, payment_intent_id: str, idempotency_key: str) -> None:
    try:
        stripe.Refund.create(
            api_key=settings.STRIPE_SECRET_KEY,
            payment_intent=payment_intent_id,
            idempotency_key=idempotency_key,
        )
    except stripe.StripeError as exc:
        raise PaymentProviderError(str(exc)) from exc


def parse_webhook(payload: bytes, signature: str):
    """The verified event; ``ValueError`` or ``stripe.SignatureVerificationError`` otherwise."""
    return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
