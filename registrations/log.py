"""The audit log of registrations: every state-changing service writes an entry here."""

from __future__ import annotations

from .models import Registration, RegistrationLogEntry


def log_registration_action(
    *, registration: Registration, action: str, user=None, **data
) -> RegistrationLogEntry:
    return RegistrationLogEntry.objects.create(
        registration=registration,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        data=data,
    )
