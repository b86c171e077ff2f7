"""On-site check-in: tickets scanned at the entrance or at the door of a forum room.

A ticket's QR code carries a payload signed with Ed25519 (``tickets.py``). A scan verifies the
signature, then the registration: same edition, confirmed, the current ticket (a change of the
attendance issues a new ticket and replaces the old one), on site. Each refusal has a machine
code and a German message for the staff at the door:

    invalid, unknown, other_edition, cancelled, not_confirmed, replaced, online_only, duplicate

The first scan wins. The unique constraints of ``CheckIn`` (once at the entrance, once per room)
decide it: the admission inserts its row and a second scanner that inserts at the same moment
gets an ``IntegrityError`` (caught in its own transaction or savepoint) and reads the first
check-in, so a ticket is admitted exactly once even with many scanners on PostgreSQL.

Offline scans (``sync_offline_scans``) are applied in the order they were scanned. A check-in
that exists already stays, even if an offline scan of the same ticket happened earlier: the sync
reports such a scan as a duplicate with the time of the existing check-in.

Cost of an admission at the entrance: one query for the registration with its category, then
the check-in and its audit entry inserted together: on PostgreSQL in one statement (a
data-modifying CTE, atomic without BEGIN/COMMIT round trips), elsewhere in one transaction.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import json
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.audit import log_actions, log_entry
from congress.models import Edition, LogEntry, Room

from .devices import issue_device_token as issue_device_token  # the scanner apps' tokens
from .devices import read_device_token as read_device_token
from .enums import Attendance, CheckInSource, LogAction, RegistrationState
from .models import CheckIn, Registration
from .tickets import InvalidTicket, public_key, verify_ticket

ADMITTED = "admitted"
MAX_OFFLINE_SCANS = 2000
# The name search needs a word of this many characters: short queries would list everyone.
SEARCH_MIN_LENGTH = 3
# What a scan reads: fewer columns make the query cheaper to build and to fetch.
SCAN_FIELDS = (
    "edition_id",
    "state",
    "attendance",
    "first_name",
    "last_name",
    "email",  # the audit entry's label (Registration.log_label)
    "category__name",
)


class CheckInError(Exception):
    """A request the check-in cannot act on at all (unknown room, malformed batch)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CheckInResult:
    """The outcome of one scan: ``ok`` with ``code`` "admitted", or a refusal code."""

    ok: bool
    code: str
    message: str
    registration_id: int | None = None
    name: str = ""
    category: str = ""
    attendance: str = ""
    attendance_label: str = ""
    room: int | None = None
    first_scan_at: dt.datetime | None = None
    entries: int | None = None
    capacity: int | None = None
    warning: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.first_scan_at is not None:
            data["first_scan_at"] = self.first_scan_at.isoformat()
        return data


class CheckInRefused(Exception):
    """A scan refused for a reason the staff must see; ``result`` says which and why."""

    def __init__(self, result: CheckInResult):
        super().__init__(result.message)
        self.result = result
        self.code = result.code
        self.message = result.message


# Messages -------------------------------------------------------------------------------------


def _clock(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    local = timezone.localtime(moment)
    today = timezone.localtime(now or timezone.now()).date()
    if local.date() == today:
        return _("um %(time)s Uhr") % {"time": local.strftime("%H:%M")}
    return _("am %(date)s um %(time)s Uhr") % {
        "date": local.strftime("%d.%m."),
        "time": local.strftime("%H:%M"),
    }


# The staff's messages per code (also sent to the browser for its offline check).
MESSAGES = {
    "invalid": gettext_lazy("Ungültiges Ticket: Der Code ist nicht lesbar oder nicht echt."),
    "unknown": gettext_lazy("Zu diesem Ticket gibt es keine Anmeldung mehr."),
    "other_edition": gettext_lazy("Dieses Ticket gilt für eine andere Veranstaltung."),
    "cancelled": gettext_lazy("Die Anmeldung ist storniert."),
    "expired": gettext_lazy("Die Anmeldung ist verfallen."),
    "refunded": gettext_lazy("Erstattet – Ticket ungültig."),
    "not_confirmed": gettext_lazy("Die Anmeldung ist nicht bestätigt."),
    "replaced": gettext_lazy(
        "Dieses Ticket ist ersetzt: Die Teilnahmeform wurde geändert. Bitte das aktuelle "
        "Ticket zeigen lassen."
    ),
    "online_only": gettext_lazy(
        "Online-Teilnahme: Dieses Ticket gilt nicht für den Einlass vor Ort."
    ),
    "duplicate": gettext_lazy("Bereits eingelassen"),
    ADMITTED: gettext_lazy("Gültig: bitte eintreten."),
    "offline": gettext_lazy("Offline eingelassen"),
}


def refusal_messages() -> dict[str, str]:
    return {code: str(message) for code, message in MESSAGES.items()}


def _duplicate_message(first: CheckIn, now=None) -> str:
    if first.room_id:
        return _("Bereits in diesem Raum eingelassen %(when)s.") % {
            "when": _clock(first.scanned_at, now)
        }
    return _("Bereits eingelassen %(when)s.") % {"when": _clock(first.scanned_at, now)}


# Helpers --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _cached_public_key(_cache_key):
    return public_key()


def _ticket_key():
    return _cached_public_key((settings.TICKET_SIGNING_KEY, settings.SECRET_KEY))


def public_key_raw() -> str:
    """The Ed25519 public key, 32 raw bytes in standard base64 (for WebCrypto's importKey)."""
    raw = _ticket_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def rooms_of(edition: Edition):
    """The rooms where tickets are checked: those of the edition's venue."""
    if edition.venue_id is None:
        return Room.objects.none()
    return Room.objects.filter(venue_id=edition.venue_id).order_by("name")


def get_room(*, edition: Edition, room_id) -> Room | None:
    """The room of the edition's venue with ``room_id``; ``None`` is the entrance."""
    if room_id is None:
        return None
    room = rooms_of(edition).filter(pk=room_id).first()
    if room is None:
        raise CheckInError(_("Diesen Raum gibt es am Veranstaltungsort nicht."))
    return room


def _refuse(
    code: str, registration: Registration | None = None, *, message: str = "", **extra
) -> CheckInRefused:
    message = message or str(MESSAGES[code])
    result = CheckInResult(ok=False, code=code, message=message, **extra)
    if registration is not None:
        _describe(result, registration)
    return CheckInRefused(result)


def _describe(result: CheckInResult, registration: Registration) -> None:
    result.registration_id = registration.pk
    result.name = registration.full_name
    result.category = registration.category.name
    result.attendance = registration.attendance
    result.attendance_label = str(Attendance(registration.attendance).label)


def _check_admissible(registration: Registration, *, ticket_attendance: str | None) -> None:
    state = registration.state
    if state == RegistrationState.CANCELLED:
        raise _refuse("cancelled", registration)
    if state == RegistrationState.REFUNDED:
        raise _refuse("refunded", registration)
    if state == RegistrationState.EXPIRED:
        # Same code as a cancellation: the ticket is void for good.
        raise _refuse("cancelled", registration, message=str(MESSAGES["expired"]))
    if state != RegistrationState.CONFIRMED:
        message = f"{MESSAGES['not_confirmed']} ({registration.get_state_display()})"
        raise _refuse("not_confirmed", registration, message=message)
    if ticket_attendance is not None and ticket_attendance != registration.attendance:
        raise _refuse("replaced", registration)
    if registration.attendance != Attendance.ONSITE:
        raise _refuse("online_only", registration)


def count_entries(*, edition: Edition, room: Room | None = None) -> int:
    check_ins = CheckIn.objects.filter(registration__edition=edition)
    if room is None:
        return check_ins.filter(room__isnull=True).count()
    return check_ins.filter(room=room).count()


def entry_counts(*, edition: Edition) -> dict:
    """Admissions at the entrance and per room of the venue, in two queries."""
    counts = dict(
        CheckIn.objects.filter(registration__edition=edition)
        .values_list("room")
        .annotate(n=Count("pk"))
        .values_list("room", "n")
    )
    return {
        "entrance": counts.get(None, 0),
        "rooms": [
            {
                "id": room.pk,
                "name": room.name,
                "count": counts.get(room.pk, 0),
                "capacity": room.capacity,
            }
            for room in rooms_of(edition)
        ],
    }


# The check-in and its audit entry in one statement (PostgreSQL): as cheap as one insert. Two
# code paths on purpose: the check-in throughput target (bench/checkin_bench.py, ratio 0.5 of a
# bare one-row write) is met on PostgreSQL only with one round trip; SQLite takes the ORM path.
# Both write the same entry, built once by congress.audit.log_entry.
_INSERT_SQL = """
WITH check_in AS (
    INSERT INTO {check_in} (registration_id, room_id, scanned_at, created_at, source, device,
                            user_id)
    VALUES (%s, %s, %s, %s, %s, %s, %s)
    RETURNING id
)
INSERT INTO {log} (content_type_id, object_id, label, edition_id, action, data, user_id,
                   timestamp, content_changed, deleted)
SELECT %s::integer, %s::varchar, %s::text, %s::bigint, %s::varchar, %s::jsonb, %s::bigint,
       %s::timestamptz, false, false
FROM check_in
"""


def _insert_check_in(*, registration, room, user, device, scanned_at, source, now) -> None:
    """Insert the check-in and its audit entry ("registration.checked_in"), both or neither. A
    second check-in at the same place raises ``IntegrityError`` (the unique constraints); inside
    a caller's transaction a savepoint keeps that transaction usable."""
    data = {
        "room": room.pk if room else None,
        "source": str(source),
        "device": device,
        "scanned_at": scanned_at.isoformat(),
    }
    entry = log_entry(registration, LogAction.CHECKED_IN, actor=user, data=data, timestamp=now)
    if connection.vendor != "postgresql":
        with transaction.atomic():
            CheckIn.objects.create(
                registration=registration,
                room=room,
                scanned_at=scanned_at,
                created_at=now,
                source=source,
                device=device,
                user=user,
            )
            log_actions([entry])
        return
    sql = _INSERT_SQL.format(
        check_in=connection.ops.quote_name(CheckIn._meta.db_table),
        log=connection.ops.quote_name(LogEntry._meta.db_table),
    )
    user_id = user.pk if user is not None else None
    params = [
        *(registration.pk, data["room"], scanned_at, now, str(source), device, user_id),
        *(entry.content_type_id, entry.object_id, entry.label, entry.edition_id, entry.action),
        *(json.dumps(data), entry.user_id, now),
    ]
    # Outside a transaction the one statement is atomic by itself (autocommit): no BEGIN and
    # COMMIT round trips.
    savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(sql, params)


def _admit(
    *,
    registration: Registration,
    room: Room | None,
    user,
    device: str,
    scanned_at: dt.datetime | None,
    source: str,
    count: bool,
) -> CheckInResult:
    now = timezone.now()
    scanned_at = scanned_at or now
    try:
        _insert_check_in(
            registration=registration,
            room=room,
            user=user if user is not None and user.is_authenticated else None,
            device=device[:100],
            scanned_at=scanned_at,
            source=source,
            now=now,
        )
    except IntegrityError:
        first = (
            CheckIn.objects.filter(registration=registration, room=room)
            .order_by("scanned_at", "pk")
            .first()
        )
        if first is None:  # pragma: no cover - the row that conflicted is gone again
            raise
        raise _refuse(
            "duplicate",
            registration,
            message=_duplicate_message(first, now),
            room=room.pk if room else None,
            first_scan_at=first.scanned_at,
        ) from None
    result = CheckInResult(
        ok=True,
        code=ADMITTED,
        message=str(MESSAGES[ADMITTED]),
        room=room.pk if room else None,
        first_scan_at=scanned_at,
    )
    _describe(result, registration)
    if count or room is not None:
        result.entries = count_entries(edition=registration.edition, room=room)
    if room is not None and room.capacity is not None:
        result.capacity = room.capacity
        if result.entries >= room.capacity:
            result.warning = _("Raum voll: %(entries)s von %(capacity)s Plätzen belegt.") % {
                "entries": result.entries,
                "capacity": room.capacity,
            }
    return result


# Services -------------------------------------------------------------------------------------


def check_in_ticket(
    *,
    payload: str,
    edition: Edition,
    room: Room | None = None,
    user=None,
    device: str = "",
    scanned_at: dt.datetime | None = None,
    source: str = CheckInSource.ONLINE,
    count: bool = True,
) -> CheckInResult:
    """Admit the holder of the ticket ``payload`` at the entrance (``room`` None) or into a room.

    Raises ``CheckInRefused`` (with the result to show) when the ticket is not admitted.
    ``count`` adds the number of admissions at that place (one more query).
    """
    try:
        data = verify_ticket(payload.strip(), _ticket_key())
    except (InvalidTicket, UnicodeError, TypeError, ValueError):
        raise _refuse("invalid") from None
    if not isinstance(data.registration_id, int) or not isinstance(data.edition_id, int):
        raise _refuse("invalid")
    if data.edition_id != edition.pk:
        raise _refuse("other_edition", name=str(data.name)[:60])
    found = list(
        Registration.objects.select_related("category")
        .only(*SCAN_FIELDS)
        .filter(pk=data.registration_id, edition_id=edition.pk)
        .order_by()[:1]
    )
    registration = found[0] if found else None
    if registration is None:
        raise _refuse("unknown", name=str(data.name)[:60])
    registration.edition = edition
    _check_admissible(registration, ticket_attendance=data.attendance)
    return _admit(
        registration=registration,
        room=room,
        user=user,
        device=device,
        scanned_at=scanned_at,
        source=source,
        count=count,
    )


def check_in_registration(
    *,
    registration: Registration,
    edition: Edition,
    room: Room | None = None,
    user=None,
    device: str = "",
    scanned_at: dt.datetime | None = None,
    count: bool = True,
) -> CheckInResult:
    """Admit a registration found by the name search (no ticket at hand)."""
    if registration.edition_id != edition.pk:
        raise _refuse("other_edition", registration)
    registration.edition = edition
    _check_admissible(registration, ticket_attendance=None)
    return _admit(
        registration=registration,
        room=room,
        user=user,
        device=device,
        scanned_at=scanned_at,
        source=CheckInSource.MANUAL,
        count=count,
    )


@dataclass(frozen=True)
class OfflineScan:
    code: str
    scanned_at: dt.datetime
    room_id: int | None = None
    ref: str = ""


def sync_offline_scans(
    *, edition: Edition, scans: list[OfflineScan], user=None, device: str = ""
) -> list[dict]:
    """Apply scans made while a device was offline, in the order they were scanned.

    The first check-in wins: a scan of a ticket that is checked in already (online, or by an
    earlier offline scan) comes back as a duplicate, whether it happened before or after it.
    Returns one result per scan, in the order given, with the scan's ``ref``.
    """
    if len(scans) > MAX_OFFLINE_SCANS:
        raise CheckInError(
            _("Höchstens %(n)s Scans auf einmal übertragen.") % {"n": MAX_OFFLINE_SCANS}
        )
    now = timezone.now()
    rooms = {None: None}
    for room_id in {scan.room_id for scan in scans} - {None}:
        rooms[room_id] = get_room(edition=edition, room_id=room_id)
    results: dict[int, dict] = {}
    order = sorted(range(len(scans)), key=lambda i: (scans[i].scanned_at, i))
    for index in order:
        scan = scans[index]
        try:
            result = check_in_ticket(
                payload=scan.code,
                edition=edition,
                room=rooms[scan.room_id],
                user=user,
                device=device,
                # A device clock ahead of the server must not date a check-in in the future.
                scanned_at=min(scan.scanned_at, now),
                source=CheckInSource.OFFLINE,
                count=False,
            )
        except CheckInRefused as refusal:
            result = refusal.result
        results[index] = {"ref": scan.ref, **result.as_dict()}
    return [results[i] for i in range(len(scans))]


def search_query_too_short(query: str) -> bool:
    """Whether ``query`` lacks a word of ``SEARCH_MIN_LENGTH`` characters (enumeration with one-
    or two-letter queries would list every attendee)."""
    return not any(len(word) >= SEARCH_MIN_LENGTH for word in query.split())


def search_registrations(*, edition: Edition, query: str, limit: int = 20) -> list[Registration]:
    """Registrations of the edition whose name matches every word (or whose email address is
    the whole word: no search by parts of addresses), with their entrance check-in."""
    words = query.split()
    if search_query_too_short(query):
        return []
    filters = Q()
    for word in words[:4]:
        filters &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__iexact=word)
        )
    registrations = list(
        Registration.objects.for_edition(edition)
        .filter(filters)
        .select_related("category")
        .order_by("last_name", "first_name", "pk")[:limit]
    )
    entered = dict(
        CheckIn.objects.filter(registration__in=registrations, room__isnull=True).values_list(
            "registration_id", "scanned_at"
        )
    )
    for registration in registrations:
        registration.checked_in_at = entered.get(registration.pk)
    return registrations


def offline_package(*, edition: Edition) -> dict:
    """What a scanner needs to check tickets of the edition without a connection: the public
    key (raw, base64), the ids that are not admitted, those online, those checked in already."""
    blocked: dict[str, list[int]] = {"cancelled": [], "refunded": [], "not_confirmed": []}
    online = []
    for pk, state, attendance in Registration.objects.for_edition(edition).values_list(
        "pk", "state", "attendance"
    ):
        if state in (RegistrationState.CANCELLED, RegistrationState.EXPIRED):
            blocked["cancelled"].append(pk)
        elif state == RegistrationState.REFUNDED:
            blocked["refunded"].append(pk)
        elif state != RegistrationState.CONFIRMED:
            blocked["not_confirmed"].append(pk)
        elif attendance != Attendance.ONSITE:
            online.append(pk)
    checked_in: dict[str, list[int]] = {"entrance": []}
    for registration_id, room_id, scanned_at in CheckIn.objects.filter(
        registration__edition=edition
    ).values_list("registration_id", "room_id", "scanned_at"):
        checked_in.setdefault(str(room_id) if room_id else "entrance", []).append(
            [registration_id, int(scanned_at.timestamp())]
        )
    return {
        "edition": edition.pk,
        "key": public_key_raw(),
        "generated_at": timezone.now().isoformat(),
        "blocked": blocked,
        "online": online,
        "checked_in": checked_in,
        "messages": refusal_messages(),
    }
