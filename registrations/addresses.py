"""The signed link that confirms a registration's email address (TicketCategory.
requires_confirmation): it carries the registration's id, signed with SECRET_KEY and a salt of
its own, and is valid as long as the seat is held (REGISTRATION_CONFIRMATION_HOURS)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Registration

SALT = "registrations.confirm-address"


def confirmation_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk}, salt=SALT, compress=True)


def confirmation_url(registration: Registration) -> str:
    path = reverse("registrations:confirm_address", args=[confirmation_token(registration)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def registration_of_token(token: str) -> Registration | None:
    """The registration a confirmation link names, ``None`` when the link is forged, garbled
    or older than the confirmation period."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.REGISTRATION_CONFIRMATION_HOURS * 3600
        )
        pk = int(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        Registration.objects.select_related("edition__congress", "category").filter(pk=pk).first()
    )
