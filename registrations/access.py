"""Personal online access: signed links to streams and chats, their use, sharing and revocation,
and who attended (for the certificate of attendance).

A link carries the registration's primary key and its ``access_version``, signed with
``django.core.signing`` (salted, so no other signed value of the project passes as a link).
``revoke_online_access`` raises the version: every link issued before stops working, and the
attendee's page shows the new one.

Each use is recorded per address in ``AccessUse`` as a hash of the address and SECRET_KEY, never
the address itself. A link used from ``ONLINE_ACCESS_SHARED_ADDRESSES`` different addresses
within ``ONLINE_ACCESS_WINDOW_MINUTES`` is flagged: an audit entry ``online_access_shared`` for
the current version, which the organisers' list shows until they revoke the link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.enums import EditionMode
from congress.models import LogEntry

from .enums import Attendance, LogAction, RegistrationState
from .exceptions import RegistrationError
from .log import log_registration_action
from .models import AccessUse, CheckIn, Registration

SALT = "registrations.access.online"
FLAG_ACTION = LogAction.ONLINE_ACCESS_SHARED
REVOKE_ACTION = LogAction.ONLINE_ACCESS_REVOKED


class AccessDenied(RegistrationError):
    """A link that does not (or no longer) open the online access; ``message`` is for the
    attendee."""


def has_online_access(registration: Registration) -> bool:
    """Confirmed registrations that attend online: chosen online, or everyone when the edition
    takes place online only (hybrid: those who chose online)."""
    if registration.state != RegistrationState.CONFIRMED:
        return False
    return (
        registration.attendance == Attendance.ONLINE
        or registration.edition.mode == EditionMode.ONLINE
    )


def issue_access_link(registration: Registration) -> str:
    """The signed token of the registration's current access link."""
    return signing.Signer(salt=SALT).sign_object(
        [registration.pk, registration.access_version], compress=False
    )


def access_url(registration: Registration, *, request=None) -> str:
    """The absolute URL of the personal access page (for emails and the attendee's page)."""
    path = reverse("registrations:online_access", args=[issue_access_link(registration)])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def resolve_access_link(token: str) -> Registration:
    """The registration a valid, current link belongs to, with its edition loaded; raises
    ``AccessDenied`` for a forged, revoked or no longer valid link."""
    try:
        pk, version = signing.Signer(salt=SALT).unsign_object(token)
        pk, version = int(pk), int(version)
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise AccessDenied(
            _("Dieser Zugangslink ist ungültig. Bitte prüfen Sie, ob er vollständig kopiert ist.")
        ) from exc
    registration = (
        Registration.objects.select_related("edition__congress", "edition__venue")
        .filter(pk=pk)
        .first()
    )
    if registration is None or registration.access_version != version:
        raise AccessDenied(
            _(
                "Dieser Zugangslink wurde widerrufen. Ihren aktuellen Link finden Sie auf Ihrer "
                "Anmeldeseite; bei Fragen hilft das Organisationsteam."
            )
        )
    if not has_online_access(registration):
        if registration.state != RegistrationState.CONFIRMED:
            raise AccessDenied(
                _("Ihre Anmeldung ist nicht mehr bestätigt; der Online-Zugang ist gesperrt.")
            )
        raise AccessDenied(
            _(
                "Ihre Anmeldung gilt für die Teilnahme vor Ort. Den Online-Zugang erhalten Sie, "
                "wenn Sie auf Ihrer Anmeldeseite zur Online-Teilnahme wechseln."
            )
        )
    return registration


def address_hash(address: str) -> str:
    """A keyed hash of the address: the same address gives the same hash, but the hash does not
    give the address back (not even by trying all IPv4 addresses without SECRET_KEY)."""
    key = hashlib.sha256(f"{SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.ONLINE_ACCESS_WINDOW_MINUTES)


def record_access_use(*, registration: Registration, address: str, now=None) -> bool:
    """Record a use of the registration's link from ``address`` (an upsert per address hash) and
    flag the link when it is used from too many addresses at once. Returns whether the link is
    flagged by this use."""
    now = now or timezone.now()
    digest = address_hash(address)
    with transaction.atomic():
        updated = AccessUse.objects.filter(registration=registration, address_hash=digest).update(
            last_seen=now, uses=F("uses") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    AccessUse.objects.create(
                        registration=registration,
                        address_hash=digest,
                        first_seen=now,
                        last_seen=now,
                    )
            except IntegrityError:  # created at the same moment by a parallel request
                AccessUse.objects.filter(registration=registration, address_hash=digest).update(
                    last_seen=now, uses=F("uses") + 1
                )
        since = _window_start(now)
        recent = AccessUse.objects.filter(registration=registration, last_seen__gte=since)
        if recent.count() < settings.ONLINE_ACCESS_SHARED_ADDRESSES:
            return False
        # Uses before a revocation belong to the old link: count only the new link's.
        revoked_at = (
            LogEntry.objects.for_instance(registration)
            .filter(action=REVOKE_ACTION)
            .order_by("-timestamp")
            .values_list("timestamp", flat=True)
            .first()
        )
        if revoked_at and revoked_at > since:
            count = recent.filter(last_seen__gt=revoked_at).count()
        else:
            count = recent.count()
        if count < settings.ONLINE_ACCESS_SHARED_ADDRESSES:
            return False
        already = (
            LogEntry.objects.for_instance(registration)
            .filter(action=FLAG_ACTION, data__access_version=registration.access_version)
            .exists()
        )
        if already:
            return False
        log_registration_action(
            registration=registration,
            action=FLAG_ACTION,
            access_version=registration.access_version,
            addresses=count,
            window_minutes=settings.ONLINE_ACCESS_WINDOW_MINUTES,
        )
    return True


@dataclass
class FlaggedAccess:
    registration: Registration
    flagged_at: dt.datetime
    addresses: int


def flagged_registrations(*, edition=None) -> list[FlaggedAccess]:
    """Registrations whose current link was flagged as shared, newest flag first (two queries:
    the flags in the audit log, then their confirmed registrations)."""
    entries = (
        LogEntry.objects.get_for_model(Registration)
        .filter(action=FLAG_ACTION)
        .order_by("-timestamp", "-pk")
        .values_list("object_id", "timestamp", "data")
    )
    if edition is not None:
        entries = entries.filter(edition=edition)
    entries = list(entries)
    registrations = Registration.objects.filter(
        pk__in={int(object_id) for object_id, _at, _data in entries},
        state=RegistrationState.CONFIRMED,
    ).select_related("edition", "category")
    by_pk = {registration.pk: registration for registration in registrations}
    flagged: dict[int, FlaggedAccess] = {}
    for object_id, flagged_at, data in entries:
        registration = by_pk.get(int(object_id))
        if registration is None or data.get("access_version") != registration.access_version:
            continue  # not confirmed, or revoked since
        if registration.pk not in flagged:
            flagged[registration.pk] = FlaggedAccess(
                registration, flagged_at, data.get("addresses", 0)
            )
    return list(flagged.values())


def flagged_registration_ids() -> set[int]:
    return {item.registration.pk for item in flagged_registrations()}


def revoke_online_access(*, registration: Registration, by_user=None) -> Registration:
    """Revoke every access link of the registration issued so far; the attendee's page (and a
    new email) carry the new one."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if locked is None:
            raise RegistrationError(_("Diese Anmeldung gibt es nicht mehr."))
        Registration.objects.filter(pk=registration.pk).update(
            access_version=F("access_version") + 1
        )
        registration.access_version = locked.access_version + 1
        log_registration_action(
            registration=registration,
            action=REVOKE_ACTION,
            user=by_user,
            access_version=registration.access_version,
        )
    return registration


# Attendance, for the certificate.


@dataclass
class Attended:
    onsite: bool
    online: bool
    days: list[dt.date]

    @property
    def label(self) -> str:
        if self.onsite and self.online:
            return _("vor Ort und online")
        return _("vor Ort") if self.onsite else _("online")


def attendance_of(registration: Registration) -> Attended | None:
    """Whether and how the person attended: checked in on site (a CheckIn) or joined online (an
    AccessUse), with the edition's days on which they did; None without either (two queries)."""
    if registration.state != RegistrationState.CONFIRMED:
        return None
    edition = registration.edition
    scans = list(CheckIn.objects.filter(registration=registration).values_list("scanned_at"))
    uses = list(
        AccessUse.objects.filter(registration=registration).values_list("first_seen", "last_seen")
    )
    if not scans and not uses:
        return None
    days = set()
    for (scanned_at,) in scans:
        days.add(timezone.localtime(scanned_at).date())
    for first_seen, last_seen in uses:
        days.add(timezone.localtime(first_seen).date())
        days.add(timezone.localtime(last_seen).date())
    days = sorted(d for d in days if edition.start_date <= d <= edition.end_date)
    return Attended(onsite=bool(scans), online=bool(uses), days=days or edition.days)


def certificate_available(registration: Registration, *, now=None) -> bool:
    """Attendees get their certificate from their own page once the congress is over."""
    now = now or timezone.now()
    return now >= registration.edition.ends_at and attendance_of(registration) is not None
