"""Audit entries about a registration, written to the one audit log (congress.audit): the
registration is the logged object, so its history in the admin shows its payments, invoices,
check-ins and online access too."""

from __future__ import annotations

from congress.audit import log_action
from congress.models import LogEntry

from .enums import LogAction
from .models import Registration


def log_registration_action(
    *, registration: Registration, action: LogAction | str, user=None, **data
) -> LogEntry:
    return log_action(registration, action, actor=user, data=data)


def state_action(state: str) -> str:
    """The action of a registration entering ``state``: "registration.<state>"."""
    return f"registration.{state}"
