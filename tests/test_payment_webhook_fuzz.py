"""The Stripe webhook never answers 5xx: correctly signed bodies of every JSON type and of
random shapes (seeded, a few hundred) get 200 or 400 with a JSON error, and nothing malformed is
stored."""

import hashlib
import hmac
import json
import random
import time

import pytest
import stripe
from django.urls import reverse

from registrations.models import Payment, WebhookEvent
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
SECRET = "whsec_fuzz"
SEED = 1313
BODIES = 300
TYPES = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.closed",
    "customer.created",
]
FIELDS = [
    "id",
    "object",
    "payment_intent",
    "charge",
    "client_reference_id",
    "payment_status",
    "status",
    "amount",
    "amount_total",
    "amount_refunded",
    "refunded",
    "metadata",
]


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_stub"
    settings.STRIPE_WEBHOOK_SECRET = SECRET


def post_raw(client, body: bytes):
    timestamp = int(time.time())
    signed = f"{timestamp}.".encode() + body
    signature = hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
    return client.post(
        reverse("registrations:stripe_webhook"),
        body,
        content_type="application/json",
        headers={"Stripe-Signature": f"t={timestamp},v1={signature}"},
    )


def scalar(rng: random.Random):
    return rng.choice(
        [
            None,
            True,
            False,
            0,
            -1,
            rng.randint(-(10**15), 10**15),
            rng.random() * 1e6,
            "",
            "x" * rng.randint(1, 400),
            "pi_1",
            "cs_test_1",
            "paid",
            "lost",
            "1",
            "ǅ\u0000\ud7ff",
        ]
    )


def value(rng: random.Random, depth=0):
    kind = rng.randrange(4 if depth < 3 else 1)
    if kind == 0:
        return scalar(rng)
    if kind == 1:
        return [value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 2:
        return {rng.choice(FIELDS): value(rng, depth + 1) for _ in range(rng.randrange(5))}
    return {"id": rng.choice(["cs_test_1", "ch_1", "dp_1", 7]), "metadata": value(rng, depth + 1)}


def event(rng: random.Random):
    """An event whose envelope is usually right and whose object is random."""
    obj = {name: value(rng, 2) for name in rng.sample(FIELDS, rng.randrange(len(FIELDS)))}
    body = {
        "id": f"evt_{rng.randrange(10**9)}"
        if rng.random() < 0.8
        else rng.choice([None, 5, "", ["evt"]]),
        "type": rng.choice(TYPES) if rng.random() < 0.9 else rng.choice([None, 3, {}]),
        "data": {"object": obj} if rng.random() < 0.8 else rng.choice([obj, None, []]),
    }
    if rng.random() < 0.2:
        del body[rng.choice(list(body))]
    return body


def bodies():
    rng = random.Random(SEED)
    fixed = [[], [1, 2], "event", 42, 3.5, None, True, {}, {"data": {}}, [{"id": "evt"}]]
    for body in fixed:
        yield json.dumps(body).encode()
    yield b"[" * 100_000 + b"]" * 100_000  # deeper than the JSON parser recurses
    yield b"\xff\xfe not utf-8"
    yield b'{"id": "evt_nan", "type": "charge.refunded", "data": {"object": {"id": "ch", "amount": NaN}}}'
    for _ in range(BODIES):
        yield json.dumps(event(rng)).encode()
        yield json.dumps(value(rng)).encode()


def test_signed_bodies_of_every_type_and_shape_never_give_a_server_error(client):
    RegistrationFactory(pk=1)  # client_reference_id "1" may name it
    statuses = {}
    for body in bodies():
        response = post_raw(client, body)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code in (200, 400), body[:200]
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert ("error" in data) if response.status_code == 400 else ("status" in data)

    assert statuses.get(400, 0) > 100 and statuses.get(200, 0) > 10, statuses
    assert not WebhookEvent.objects.exclude(event_id__startswith="evt_").exists()
    assert Payment.objects.count() <= 1


@pytest.mark.parametrize(
    "body",
    [
        [],
        "event",
        42,
        None,
        {"id": "evt_1"},
        {"id": "evt_1", "type": "charge.refunded", "data": []},
    ],
)
def test_each_json_type_is_400_with_json_error(client, body):
    payload = json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(payload, SECRET)

    response = client.post(
        reverse("registrations:stripe_webhook"),
        payload,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert not WebhookEvent.objects.exists()
