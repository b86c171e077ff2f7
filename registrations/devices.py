"""Check-in devices (``CheckInDevice``): issuing a scanner app's bearer token, reading it, and
revoking the device.

The token is signed (``django.core.signing``) and carries the device's id, its user and its
edition. It works until the end of the edition's last day (Europe/Berlin) or until the device is
revoked. A scan must not cost a query more for that check, so the device's state (user, edition,
expiry, revoked) is cached for ``DEVICE_STATE_SECONDS`` and dropped from the cache when the
device is revoked: a revocation takes effect at the next request (with a shared cache such as
Redis, on every server; with a per-process cache, on the others within that time). Refreshing the
cached state also records ``last_used_at``, so it is exact to about that time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import log_action
from congress.models import Edition

from .enums import LogAction
from .exceptions import RegistrationError
from .models import CheckInDevice, end_of_edition

DEVICE_TOKEN_SALT = "registrations.checkin.device"  # noqa: S105 - a salt, not a secret
DEVICE_STATE_SECONDS = 60
DEVICE_NAME_MAX_LENGTH = 100


@dataclass(frozen=True)
class DeviceClaim:
    """What a valid signature vouches for; whether the device still works is ``device_state``."""

    device_id: int
    user_id: int
    edition_id: int


@dataclass(frozen=True)
class DeviceState:
    user_id: int
    edition_id: int
    expires_at: float  # a timestamp: cheap to pickle
    revoked: bool

    def refusal(self, now=None) -> str | None:
        """Why the device no longer works (a message for the JSON error), else ``None``."""
        if self.revoked:
            return _("Dieses Gerät ist gesperrt.")
        if (now or timezone.now()).timestamp() >= self.expires_at:
            return _("Der Zugang dieses Geräts ist abgelaufen.")
        return None


def _state_key(device_id: int) -> str:
    return f"checkin:device:{device_id}"


def issue_device(*, user, edition: Edition, name: str) -> tuple[CheckInDevice, str]:
    """Register a named scanner app of ``user`` for ``edition``; returns it with its token."""
    name = " ".join(name.split())[:DEVICE_NAME_MAX_LENGTH]
    if not name:
        raise RegistrationError(_("Bitte geben Sie dem Gerät einen Namen."))
    with transaction.atomic():
        device = CheckInDevice.objects.create(
            user=user, edition=edition, name=name, expires_at=end_of_edition(edition)
        )
        log_action(device, LogAction.DEVICE_ISSUED, actor=user, data={"name": name})
    token = signing.dumps(
        {"d": device.pk, "u": user.pk, "e": edition.pk}, salt=DEVICE_TOKEN_SALT, compress=False
    )
    return device, token


def issue_device_token(*, user, edition: Edition, name: str = "Scanner") -> str:
    """A bearer token for a new device named ``name`` (tests and scripts)."""
    return issue_device(user=user, edition=edition, name=name)[1]


def read_device_token(token: str) -> DeviceClaim | None:
    """The claim of a token with a valid signature, else ``None`` (expiry and revocation are
    the device's: ``device_state``)."""
    try:
        data = signing.loads(token, salt=DEVICE_TOKEN_SALT)
        return DeviceClaim(int(data["d"]), int(data["u"]), int(data["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def device_state(device_id: int) -> DeviceState | None:
    """The device's state from the cache, else from the database (which then also records its
    use); ``None`` when there is no such device."""
    key = _state_key(device_id)
    state = cache.get(key)
    if state is None:
        row = (
            CheckInDevice.objects.filter(pk=device_id)
            .values_list("user_id", "edition_id", "expires_at", "revoked_at")
            .first()
        )
        if row is None:
            state = False
        else:
            user_id, edition_id, expires_at, revoked_at = row
            state = DeviceState(user_id, edition_id, expires_at.timestamp(), revoked_at is not None)
            if state.refusal() is None:
                CheckInDevice.objects.filter(pk=device_id).update(last_used_at=timezone.now())
        cache.set(key, state, DEVICE_STATE_SECONDS)
    return state or None


def forget_device_state(device_id: int) -> None:
    cache.delete(_state_key(device_id))


def revoke_device(*, device: CheckInDevice, by_user) -> CheckInDevice:
    """Revoke the device: its token is refused from the next request on."""
    with transaction.atomic():
        locked = CheckInDevice.objects.select_for_update().get(pk=device.pk)
        if locked.revoked_at is not None:
            raise RegistrationError(_("Dieses Gerät ist bereits gesperrt."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        log_action(locked, LogAction.DEVICE_REVOKED, actor=by_user, data={"name": locked.name})
        transaction.on_commit(lambda: forget_device_state(locked.pk))
    forget_device_state(locked.pk)
    return locked
