"""The Stripe adapter: the only module that talks to Stripe. Keys come from the environment
(``STRIPE_SECRET_KEY``, ``STRIPE_WEBHOOK_SECRET``); the business rules are in services/payments.py."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
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
            # Copied onto the payment intent and its charge: refunds and disputes name it too.
            payment_intent_data={"metadata": {"registration_id": str(registration_id)}},
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


def refund(*, payment_intent_id: str, idempotency_key: str, amount: Decimal | None = None) -> None:
    """Refund the payment intent, in full or ``amount`` of it."""
    extra = {} if amount is None else {"amount": _cents(amount)}
    try:
        stripe.Refund.create(
            api_key=settings.STRIPE_SECRET_KEY,
            payment_intent=payment_intent_id,
            idempotency_key=idempotency_key,
            **extra,
        )
    except stripe.StripeError as exc:
        raise PaymentProviderError(str(exc)) from exc


class InvalidWebhook(Exception):
    """A webhook request that is not a correctly signed Stripe event of the expected shape."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EventObject:
    """What the services read of an event's object (a Checkout Session, charge or dispute):
    its own ids, the references the app set (client_reference_id, metadata) and amounts in
    cents. Strings are "" and amounts ``None`` when the object does not carry them."""

    id: str
    object: str = ""
    payment_intent: str = ""
    charge: str = ""
    client_reference_id: str = ""
    payment_status: str = ""
    status: str = ""
    amount: int | None = None
    amount_total: int | None = None
    amount_refunded: int | None = None
    refunded: bool = False
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def registration_reference(self) -> int | None:
        """The registration the app named (client_reference_id, else metadata)."""
        for value in (self.client_reference_id, self.metadata.get("registration_id", "")):
            if value.isascii() and value.isdigit() and len(value) <= 12:
                return int(value)
        return None


@dataclass(frozen=True)
class StripeEvent:
    id: str
    type: str
    object: EventObject
    payload: dict  # what was read of the object, kept to apply a deferred event later


# The event types the services act on (services.payments); others are acknowledged and ignored.
HANDLED_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
        "charge.refunded",
        "charge.dispute.created",
        "charge.dispute.closed",
    }
)
_TEXT_FIELDS = (
    "object",
    "payment_intent",
    "charge",
    "client_reference_id",
    "payment_status",
    "status",
)
_AMOUNT_FIELDS = ("amount", "amount_total", "amount_refunded")
MAX_ID = 255


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # an expanded object: its id
        value = value.get("id")
    if isinstance(value, str) and len(value) <= MAX_ID:
        return value
    raise InvalidWebhook(f"data.object.{name} must be a string.")


def _amount(value, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return value
    raise InvalidWebhook(f"data.object.{name} must be a non-negative integer.")


def _metadata(value) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, dict) and all(
        isinstance(v, str) and len(v) <= 500 for v in value.values()
    ):
        return value
    raise InvalidWebhook("data.object.metadata must map names to strings.")


def parse_event_object(data) -> EventObject:
    """The event object of a handled event type, or ``InvalidWebhook``."""
    if not isinstance(data, dict):
        raise InvalidWebhook("data.object must be an object.")
    object_id = data.get("id")
    if not (isinstance(object_id, str) and 0 < len(object_id) <= MAX_ID):
        raise InvalidWebhook("data.object.id must be a string.")
    refunded = data.get("refunded")
    if refunded is not None and not isinstance(refunded, bool):
        raise InvalidWebhook("data.object.refunded must be true or false.")
    return EventObject(
        id=object_id,
        **{name: _text(data.get(name), name) for name in _TEXT_FIELDS},
        **{name: _amount(data.get(name), name) for name in _AMOUNT_FIELDS},
        refunded=bool(refunded),
        metadata=_metadata(data.get("metadata")),
    )


def parse_event(body) -> StripeEvent:
    """A Stripe event from its decoded JSON body, or ``InvalidWebhook`` saying what is wrong."""
    if not isinstance(body, dict):
        raise InvalidWebhook("The event must be a JSON object.")
    event_id, event_type, data = body.get("id"), body.get("type"), body.get("data")
    if not (isinstance(event_id, str) and 0 < len(event_id) <= MAX_ID):
        raise InvalidWebhook("id must be a string.")
    if not (isinstance(event_type, str) and 0 < len(event_type) <= 100):
        raise InvalidWebhook("type must be a string.")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise InvalidWebhook("data.object must be an object.")
    if event_type not in HANDLED_EVENTS:
        event_object = EventObject(id=_text(data["object"].get("id"), "id"))
        return StripeEvent(id=event_id, type=event_type, object=event_object, payload={})
    event_object = parse_event_object(data["object"])
    # Only what was read is kept (no customer details): enough to apply the event later.
    payload = {key: value for key, value in asdict(event_object).items() if value not in ("", None)}
    return StripeEvent(id=event_id, type=event_type, object=event_object, payload=payload)


def parse_webhook(payload: bytes, signature: str) -> StripeEvent:
    """The verified event (signature with Stripe's tolerance, then the shape), or
    ``InvalidWebhook``. Stripe's own ``construct_event`` is not used: it fails with other errors
    than ValueError on signed bodies that are JSON but no object (an array, a number)."""
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            text, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=WEBHOOK_TOLERANCE
        )
    except (UnicodeDecodeError, ValueError, stripe.SignatureVerificationError) as exc:
        raise InvalidWebhook("Invalid signature.") from exc
    try:
        body = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidWebhook("The body is not JSON.") from exc
    return parse_event(body)


WEBHOOK_TOLERANCE = 300  # seconds, as stripe.Webhook.DEFAULT_TOLERANCE
