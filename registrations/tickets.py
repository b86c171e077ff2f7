"""Signed ticket payloads for the QR code: Ed25519, so a scanner verifies a ticket offline with
the public key alone (``public_key_pem``) and cannot issue tickets itself.

Payload: ``KT1.<body>.<signature>``, both parts URL-safe base64 without padding; the body is the
compact JSON ``[registration pk, edition pk, attendance, name]``. Only the canonical encoding is
accepted, so no two strings verify as the same ticket.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

PREFIX = "KT1"
SALT = "registrations.tickets.ed25519"


class InvalidTicket(Exception):
    pass


@dataclass(frozen=True)
class TicketData:
    registration_id: int
    edition_id: int
    attendance: str
    name: str


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidTicket("bad encoding") from exc
    if _b64encode(data) != text:
        raise InvalidTicket("non-canonical encoding")
    return data


def private_key() -> Ed25519PrivateKey:
    if settings.TICKET_SIGNING_KEY:
        seed = _b64decode(settings.TICKET_SIGNING_KEY.strip().rstrip("="))
    else:
        seed = hashlib.sha256(f"{SALT}:{settings.SECRET_KEY}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_pem() -> bytes:
    return public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def ticket_payload(registration) -> str:
    body = json.dumps(
        [
            registration.pk,
            registration.edition_id,
            registration.attendance,
            registration.full_name[:60],
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    signature = private_key().sign(body)
    return f"{PREFIX}.{_b64encode(body)}.{_b64encode(signature)}"


def verify_ticket(payload: str, key: Ed25519PublicKey | None = None) -> TicketData:
    """The ticket's data if ``payload`` carries a valid signature, else ``InvalidTicket``."""
    parts = payload.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise InvalidTicket("not a ticket")
    body, signature = _b64decode(parts[1]), _b64decode(parts[2])
    try:
        (key or public_key()).verify(signature, body)
    except InvalidSignature as exc:
        raise InvalidTicket("bad signature") from exc
    try:
        registration_id, edition_id, attendance, name = json.loads(body)
    except ValueError as exc:
        raise InvalidTicket("bad body") from exc
    return TicketData(registration_id, edition_id, attendance, name)
