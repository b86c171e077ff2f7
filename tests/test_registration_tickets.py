"""Tickets: the QR code decoded from the PDF carries a payload that verifies offline with the
public key only, and a payload changed by one character does not verify."""

import io

import pytest
import zxingcpp
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from pypdf import PdfReader

from registrations.pdf import ticket_pdf
from registrations.tickets import InvalidTicket, public_key_pem, ticket_payload, verify_ticket
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def qr_codes_in_pdf(data: bytes) -> list[str]:
    texts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            texts += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return texts


@pytest.fixture
def registration():
    return RegistrationFactory(first_name="Jörg", last_name="Müller-Lüdenscheidt")


def test_ticket_pdf_qr_code_verifies_offline_with_public_key(registration):
    codes = qr_codes_in_pdf(ticket_pdf(registration))

    assert len(codes) == 1
    key = load_pem_public_key(public_key_pem())
    data = verify_ticket(codes[0], key)
    assert (data.registration_id, data.edition_id, data.attendance, data.name) == (
        registration.pk,
        registration.edition_id,
        "onsite",
        "Jörg Müller-Lüdenscheidt",
    )


def test_ticket_payload_changed_by_one_character_does_not_verify(registration):
    payload = ticket_payload(registration)
    verify_ticket(payload)

    for index, char in enumerate(payload):
        for replacement in {"A", "B", "_", "."} - {char}:
            tampered = payload[:index] + replacement + payload[index + 1 :]
            with pytest.raises(InvalidTicket):
                verify_ticket(tampered)


def test_ticket_payload_is_not_the_guessable_id(registration):
    payload = ticket_payload(registration)

    assert payload.startswith("KT1.")
    assert len(payload) > 100
    with pytest.raises(InvalidTicket):
        verify_ticket(f"KT1.{registration.pk}")


def test_ticket_signed_with_other_key_does_not_verify(registration, settings):
    payload = ticket_payload(registration)
    settings.TICKET_SIGNING_KEY = "A" * 43

    with pytest.raises(InvalidTicket):
        verify_ticket(payload)
