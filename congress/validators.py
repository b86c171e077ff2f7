"""Validators of the core: the organiser's bank details on invoices."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

IBAN_FORMAT = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
# Lengths of the IBANs of the countries organisers and buyers are likely to have.
IBAN_LENGTHS = {"AT": 20, "BE": 16, "CH": 21, "DE": 22, "FR": 27, "LI": 21, "LU": 20, "NL": 18}
BIC_FORMAT = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")


def compact(value: str) -> str:
    """IBAN or BIC without spaces, in capitals ("de02 1203 ..." -> "DE021203...")."""
    return "".join(value.split()).upper()


def iban_checksum_ok(iban: str) -> bool:
    """ISO 13616 check digits: the country and check digits moved to the end, letters as
    numbers (A = 10 ... Z = 35), the whole number mod 97 must be 1."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def validate_iban(value: str) -> None:
    iban = compact(value)
    if not IBAN_FORMAT.match(iban):
        raise ValidationError(
            _(
                "Die IBAN hat nicht das richtige Format: zwei Buchstaben für das Land, zwei "
                "Prüfziffern, dann die Kontonummer (z. B. DE02 1203 0000 0000 2020 51)."
            ),
            code="iban_format",
        )
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        raise ValidationError(
            _("Eine IBAN aus %(country)s hat %(length)s Stellen, diese hat %(actual)s.")
            % {"country": iban[:2], "length": expected, "actual": len(iban)},
            code="iban_length",
        )
    if not iban_checksum_ok(iban):
        raise ValidationError(
            _("Die Prüfziffern der IBAN stimmen nicht. Bitte prüfen Sie die Eingabe."),
            code="iban_checksum",
        )


def validate_bic(value: str) -> None:
    if not BIC_FORMAT.match(compact(value)):
        raise ValidationError(
            _("Die BIC hat 8 oder 11 Stellen, z. B. BYLADEM1001."), code="bic_format"
        )


def format_iban(iban: str) -> str:
    """The IBAN in groups of four, as printed on invoices (DIN 5008)."""
    iban = compact(iban)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
