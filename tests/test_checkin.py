"""Check-in: the services (signature, edition, state, replaced ticket, online-only, duplicates,
rooms, offline sync) and the staff's page and JSON API (permissions, CSRF, bearer token, bad
input, query counts)."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.models import LogEntry
from registrations import checkin
from registrations.checkin import CheckInRefused, OfflineScan
from registrations.enums import Attendance, CheckInSource, RegistrationState
from registrations.models import CheckIn
from registrations.tickets import ticket_payload
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    RoomFactory,
    TicketCategoryFactory,
    UserFactory,
    checkin_staff_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BERLIN = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def category(edition):
    return TicketCategoryFactory(edition=edition, name="Öffentliche Verwaltung")


@pytest.fixture
def registration(category):
    return RegistrationFactory(category=category, first_name="Erika", last_name="Mustermann")


@pytest.fixture
def staff(edition):
    """Check-in staff (Einlass) of ``edition``."""
    return checkin_staff_of(edition)


def refusal_of(**kwargs) -> CheckInRefused:
    with pytest.raises(CheckInRefused) as info:
        checkin.check_in_ticket(**kwargs)
    return info.value


def scan_url(edition, name="scan"):
    return reverse(f"registrations:checkin_api_{name}", args=[edition.congress.slug, edition.year])


def post_json(client, url, data, **headers):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", headers=headers)


# Services -----------------------------------------------------------------------------------


def test_check_in_ticket_admits_and_logs(registration, edition, staff):
    result = checkin.check_in_ticket(
        payload=ticket_payload(registration), edition=edition, user=staff, device="Tablet 1"
    )

    assert (result.ok, result.code, result.message) == (
        True,
        "admitted",
        "Gültig: bitte eintreten.",
    )
    assert (result.name, result.category, result.attendance, result.attendance_label) == (
        "Erika Mustermann",
        "Öffentliche Verwaltung",
        "onsite",
        "Vor Ort",
    )
    assert result.entries == 1
    check_in = CheckIn.objects.get()
    assert (check_in.registration, check_in.room, check_in.user, check_in.device) == (
        registration,
        None,
        staff,
        "Tablet 1",
    )
    assert check_in.source == CheckInSource.ONLINE
    entry = LogEntry.objects.for_instance(registration).get(action="registration.checked_in")
    assert (entry.user, entry.data["source"], entry.data["room"]) == (staff, "online", None)


def test_check_in_ticket_forged_payload_is_invalid(registration, edition):
    for payload in ["", "hallo", "KT1.abc.def", f"KT1.{registration.pk}", "KT1..", "\x00" * 5]:
        refusal = refusal_of(payload=payload, edition=edition)
        assert refusal.code == "invalid"
        assert refusal.message == "Ungültiges Ticket: Der Code ist nicht lesbar oder nicht echt."
    assert CheckIn.objects.count() == 0


def test_check_in_ticket_changed_by_one_character_is_invalid(registration, edition):
    payload = ticket_payload(registration)
    for index in range(4, len(payload), 7):
        replacement = "B" if payload[index] != "B" else "C"
        tampered = payload[:index] + replacement + payload[index + 1 :]
        assert refusal_of(payload=tampered, edition=edition).code == "invalid"
    assert CheckIn.objects.count() == 0


def test_check_in_ticket_second_scan_is_duplicate_with_time(registration, edition):
    first_at = dt.datetime(2030, 11, 5, 9, 12, 30, tzinfo=BERLIN)
    checkin.check_in_ticket(
        payload=ticket_payload(registration), edition=edition, scanned_at=first_at
    )

    refusal = refusal_of(payload=ticket_payload(registration), edition=edition)

    assert refusal.code == "duplicate"
    assert refusal.message == "Bereits eingelassen am 05.11. um 09:12 Uhr."
    assert refusal.result.first_scan_at == first_at
    assert refusal.result.name == "Erika Mustermann"
    assert CheckIn.objects.count() == 1


def test_check_in_ticket_duplicate_today_names_only_the_time(registration, edition):
    first_at = timezone.localtime().replace(hour=9, minute=12)
    checkin.check_in_ticket(
        payload=ticket_payload(registration), edition=edition, scanned_at=first_at
    )

    refusal = refusal_of(payload=ticket_payload(registration), edition=edition)

    assert refusal.message == "Bereits eingelassen um 09:12 Uhr."


@pytest.mark.parametrize(
    ("state", "code", "message"),
    [
        (RegistrationState.CANCELLED, "cancelled", "Die Anmeldung ist storniert."),
        (RegistrationState.EXPIRED, "cancelled", "Die Anmeldung ist verfallen."),
        (
            RegistrationState.PENDING_PAYMENT,
            "not_confirmed",
            "Die Anmeldung ist nicht bestätigt. (Zahlung ausstehend)",
        ),
        (
            RegistrationState.WAITLISTED,
            "not_confirmed",
            "Die Anmeldung ist nicht bestätigt. (Warteliste)",
        ),
    ],
)
def test_check_in_ticket_refuses_registration_without_valid_state(
    registration, edition, state, code, message
):
    payload = ticket_payload(registration)
    registration.state = state
    registration.save()

    refusal = refusal_of(payload=payload, edition=edition)

    assert (refusal.code, refusal.message) == (code, message)
    assert CheckIn.objects.count() == 0


def test_check_in_ticket_of_other_edition_is_refused(registration):
    other = EditionFactory()

    refusal = refusal_of(payload=ticket_payload(registration), edition=other)

    assert refusal.code == "other_edition"
    assert refusal.message == "Dieses Ticket gilt für eine andere Veranstaltung."


def test_check_in_ticket_replaced_after_attendance_change(registration, edition):
    old_payload = ticket_payload(registration)
    registration.attendance = Attendance.ONLINE
    registration.save()
    refusal = refusal_of(payload=old_payload, edition=edition)
    assert refusal.code == "replaced"
    assert refusal.message.startswith("Dieses Ticket ist ersetzt")
    assert refusal.result.attendance_label == "Online"

    # Back on site: a new ticket; the online one is replaced, the new one admits.
    online_payload = ticket_payload(registration)
    registration.attendance = Attendance.ONSITE
    registration.save()
    assert refusal_of(payload=online_payload, edition=edition).code == "replaced"
    assert checkin.check_in_ticket(payload=ticket_payload(registration), edition=edition).ok


def test_check_in_ticket_online_only_is_refused_at_entrance(category, edition):
    online = RegistrationFactory(category=category, attendance=Attendance.ONLINE)

    refusal = refusal_of(payload=ticket_payload(online), edition=edition)

    assert refusal.code == "online_only"
    assert refusal.message == (
        "Online-Teilnahme: Dieses Ticket gilt nicht für den Einlass vor Ort."
    )


def test_refusal_codes_and_messages_are_distinct():
    messages = checkin.refusal_messages()
    assert len(set(messages.values())) == len(messages)


def test_check_in_registration_by_name_search(registration, edition, staff):
    (found,) = checkin.search_registrations(edition=edition, query="erika muster")
    assert found == registration
    assert found.checked_in_at is None

    result = checkin.check_in_registration(registration=found, edition=edition, user=staff)

    assert (result.ok, result.name) == (True, "Erika Mustermann")
    assert CheckIn.objects.get().source == CheckInSource.MANUAL
    (found,) = checkin.search_registrations(edition=edition, query=registration.email)
    assert found.checked_in_at == CheckIn.objects.get().scanned_at
    with pytest.raises(CheckInRefused) as info:
        checkin.check_in_registration(registration=found, edition=edition)
    assert info.value.code == "duplicate"


def test_check_in_room_counts_per_room_and_warns_at_capacity(category, edition):
    room = RoomFactory(venue=edition.venue, name="Forum-Raum 01", capacity=2)
    other_room = RoomFactory(venue=edition.venue, name="Forum-Raum 02", capacity=None)
    people = RegistrationFactory.create_batch(3, category=category)

    checkin.check_in_ticket(payload=ticket_payload(people[0]), edition=edition)
    results = [
        checkin.check_in_ticket(payload=ticket_payload(person), edition=edition, room=room)
        for person in people[:2]
    ]
    # The same person enters another room too, but a room only once.
    checkin.check_in_ticket(payload=ticket_payload(people[0]), edition=edition, room=other_room)
    refusal = refusal_of(payload=ticket_payload(people[0]), edition=edition, room=room)

    assert [r.entries for r in results] == [1, 2]
    assert [r.warning for r in results] == ["", "Raum voll: 2 von 2 Plätzen belegt."]
    assert refusal.code == "duplicate"
    assert refusal.message.startswith("Bereits in diesem Raum eingelassen")
    assert checkin.entry_counts(edition=edition) == {
        "entrance": 1,
        "rooms": [
            {"id": room.pk, "name": "Forum-Raum 01", "count": 2, "capacity": 2},
            {"id": other_room.pk, "name": "Forum-Raum 02", "count": 1, "capacity": None},
        ],
    }


def test_get_room_refuses_room_of_other_venue(edition):
    with pytest.raises(checkin.CheckInError):
        checkin.get_room(edition=edition, room_id=RoomFactory().pk)


def test_sync_offline_scans_applies_in_scan_order_first_scan_wins(category, edition, staff):
    first, second, online_first = RegistrationFactory.create_batch(3, category=category)
    online_at = timezone.now() - dt.timedelta(minutes=30)
    checkin.check_in_ticket(
        payload=ticket_payload(online_first), edition=edition, scanned_at=online_at
    )
    base = timezone.now() - dt.timedelta(hours=1)
    scans = [
        # Given out of order: the later scan of ``first`` is a duplicate of the earlier one.
        OfflineScan(code=ticket_payload(first), scanned_at=base + dt.timedelta(minutes=5), ref="a"),
        OfflineScan(code=ticket_payload(first), scanned_at=base, ref="b"),
        OfflineScan(
            code=ticket_payload(second), scanned_at=base + dt.timedelta(minutes=1), ref="c"
        ),
        # Earlier than the online check-in, which stays: reported as duplicate.
        OfflineScan(code=ticket_payload(online_first), scanned_at=base, ref="d"),
        OfflineScan(code="KT1.kaputt.x", scanned_at=base, ref="e"),
    ]

    results = checkin.sync_offline_scans(edition=edition, scans=scans, user=staff, device="Handy")

    assert [(r["ref"], r["code"]) for r in results] == [
        ("a", "duplicate"),
        ("b", "admitted"),
        ("c", "admitted"),
        ("d", "duplicate"),
        ("e", "invalid"),
    ]
    assert CheckIn.objects.get(registration=first).scanned_at == base
    assert CheckIn.objects.get(registration=first).source == CheckInSource.OFFLINE
    assert CheckIn.objects.get(registration=online_first).scanned_at == online_at
    assert results[3]["first_scan_at"] == online_at.isoformat()
    assert CheckIn.objects.count() == 3


def test_offline_package_lists_refused_online_and_checked_in(category, edition):
    admitted, cancelled, pending, online, refunded = RegistrationFactory.create_batch(
        5, category=category
    )
    RegistrationFactory(category=TicketCategoryFactory())  # another edition
    cancelled.state = RegistrationState.CANCELLED
    cancelled.save()
    pending.state = RegistrationState.PENDING_PAYMENT
    pending.save()
    online.attendance = Attendance.ONLINE
    online.save()
    refunded.state = RegistrationState.REFUNDED
    refunded.save()
    check_in = checkin.check_in_ticket(payload=ticket_payload(admitted), edition=edition)

    package = checkin.offline_package(edition=edition)

    assert package["edition"] == edition.pk
    assert package["key"] == checkin.public_key_raw()
    assert package["blocked"] == {
        "cancelled": [cancelled.pk],
        "refunded": [refunded.pk],
        "not_confirmed": [pending.pk],
    }
    assert package["online"] == [online.pk]
    assert package["checked_in"] == {
        "entrance": [[admitted.pk, int(check_in.first_scan_at.timestamp())]]
    }
    assert package["messages"]["duplicate"] == "Bereits eingelassen"


# Page ---------------------------------------------------------------------------------------


def test_checkin_page_needs_login_and_permission(client, edition):
    url = reverse("registrations:checkin", args=[edition.congress.slug, edition.year])

    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_checkin_page_admits_by_code_and_name_search(client, registration, edition, staff):
    url = reverse("registrations:checkin", args=[edition.congress.slug, edition.year])
    client.force_login(staff)

    page = client.get(url)
    assert page.status_code == 200
    assert 'aria-live="polite"' in page.content.decode()

    response = client.post(url, {"code": ticket_payload(registration), "raum": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "checkin-result--ok" in body
    assert "Erika Mustermann" in body

    found = client.get(url, {"q": "Mustermann"}).content.decode()
    assert "Einlassen" in found and "eingelassen um" in found
    again = client.post(url + "?q=Mustermann", {"registration": registration.pk}).content.decode()
    assert "checkin-result--refused" in again
    assert "Bereits eingelassen um" in again


def test_checkin_index_lists_editions(client, edition, staff):
    client.force_login(staff)

    response = client.get(reverse("registrations:checkin_index"))

    assert response.status_code == 200
    assert reverse("registrations:checkin", args=[edition.congress.slug, edition.year]) in (
        response.content.decode()
    )


# API ----------------------------------------------------------------------------------------


def test_api_scan_with_session(client, registration, edition, staff):
    client.force_login(staff)

    response = post_json(client, scan_url(edition), {"code": ticket_payload(registration)})
    data = response.json()
    assert response.status_code == 200
    assert (data["ok"], data["code"], data["name"], data["category"], data["attendance"]) == (
        True,
        "admitted",
        "Erika Mustermann",
        "Öffentliche Verwaltung",
        "onsite",
    )

    again = post_json(client, scan_url(edition), {"code": ticket_payload(registration)}).json()
    assert (again["ok"], again["code"]) == (False, "duplicate")
    assert again["first_scan_at"] == data["first_scan_at"]
    assert again["message"].startswith("Bereits eingelassen um ")


def test_api_scan_with_session_needs_csrf_token(registration, edition, staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    response = post_json(client, scan_url(edition), {"code": ticket_payload(registration)})
    assert response.status_code == 403
    assert response.json()["ok"] is False

    client.get(reverse("registrations:checkin", args=[edition.congress.slug, edition.year]))
    token = client.cookies["csrftoken"].value
    response = post_json(
        client, scan_url(edition), {"code": ticket_payload(registration)}, X_CSRFToken=token
    )
    assert response.json()["code"] == "admitted"


def test_api_refuses_anonymous_and_users_without_permission(client, registration, edition):
    payload = {"code": ticket_payload(registration)}
    assert post_json(client, scan_url(edition), payload).status_code == 403
    client.force_login(UserFactory())
    response = post_json(client, scan_url(edition), payload)
    assert response.status_code == 403
    assert response.json() == {
        "ok": False,
        "code": "error",
        "message": "Sie haben keine Berechtigung für den Einlass.",
    }
    assert client.get(scan_url(edition, "status")).status_code == 403
    assert client.get(scan_url(edition, "offline")).status_code == 403
    assert CheckIn.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "{kaputt",
        "[]",
        '"code"',
        b"\xff\xfe",
        {},
        {"code": 5},
        {"code": ""},
        {"code": "x", "room": "eins"},
        {"code": "x", "room": True},
        {"code": "x", "room": 999999},
        {"code": "x", "device": ["a"]},
        {"code": "x", "count": "ja"},
        {"registration": "abc"},
        {"registration": 10**30},
    ],
)
def test_api_scan_bad_input_is_400_json(client, edition, staff, body):
    client.force_login(staff)

    response = post_json(client, scan_url(edition), body)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["ok"] is False
    assert response.json()["message"]


def test_api_wrong_method_and_unknown_edition_are_json(client, edition, staff):
    client.force_login(staff)
    assert client.get(scan_url(edition)).status_code == 405
    missing = reverse("registrations:checkin_api_scan", args=["gibt-es-nicht", 2030])
    response = post_json(client, missing, {"code": "x"})
    assert (response.status_code, response.json()["ok"]) == (404, False)


def test_api_bearer_token(registration, edition, staff):
    client = Client(enforce_csrf_checks=True)
    token = checkin.issue_device_token(user=staff, edition=edition)
    bearer = {"Authorization": f"Bearer {token}"}

    response = post_json(
        client,
        scan_url(edition),
        {"code": ticket_payload(registration), "device": "Scanner 7"},
        **bearer,
    )
    assert response.json()["code"] == "admitted"
    assert CheckIn.objects.get().device == "Scanner 7"
    assert CheckIn.objects.get().user == staff
    assert client.get(scan_url(edition, "status"), headers=bearer).json()["entrance"] == 1

    for header in ["Bearer falsch", f"Token {token}", f"Bearer {token}x"]:
        response = client.get(scan_url(edition, "status"), headers={"Authorization": header})
        assert response.status_code == 403
    other = EditionFactory()
    response = client.get(scan_url(other, "status"), headers=bearer)
    assert response.status_code == 403
    assert response.json()["message"] == "Das Token gilt für eine andere Veranstaltung."


def test_api_bearer_token_of_user_without_permission_is_refused(client, edition):
    token = checkin.issue_device_token(user=UserFactory(), edition=edition)

    response = client.get(scan_url(edition, "status"), headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


def test_api_scan_query_count_is_constant(category, edition, staff):
    token = checkin.issue_device_token(user=staff, edition=edition)
    bearer = {"Authorization": f"Bearer {token}"}
    client = Client()
    people = RegistrationFactory.create_batch(3, category=category)
    counts = []
    for index, person in enumerate(people):
        if index == 2:
            RegistrationFactory.create_batch(20, category=category)
        with CaptureQueriesContext(connection) as queries:
            data = post_json(
                client, scan_url(edition), {"code": ticket_payload(person)}, **bearer
            ).json()
        assert data["code"] == "admitted"
        counts.append(len(queries))
    # The first request loads the edition and the device user into the cache. Then: the
    # registration with its category, a savepoint (the test's transaction), the check-in and
    # the audit entry (one statement on PostgreSQL), the savepoint's release.
    inserts = 1 if connection.vendor == "postgresql" else 2
    assert counts[1:] == [3 + inserts, 3 + inserts]
    with CaptureQueriesContext(connection) as queries:
        data = post_json(client, scan_url(edition), {"code": ticket_payload(people[0])}, **bearer)
    assert data.json()["code"] == "duplicate"
    # The registration, the savepoint, the refused insert, rollback and release of the
    # savepoint, the first check-in.
    assert len(queries) == 6


def test_api_status_offline_and_search(client, registration, edition, staff):
    room = RoomFactory(venue=edition.venue, name="Forum-Raum 01")
    client.force_login(staff)
    post_json(client, scan_url(edition), {"code": ticket_payload(registration), "room": room.pk})

    status = client.get(scan_url(edition, "status")).json()
    assert status == {
        "ok": True,
        "entrance": 0,
        "rooms": [{"id": room.pk, "name": "Forum-Raum 01", "count": 1, "capacity": 120}],
    }
    package = client.get(scan_url(edition, "offline")).json()
    assert package["checked_in"][str(room.pk)][0][0] == registration.pk
    found = client.get(scan_url(edition, "search"), {"q": "Muster"}).json()["results"]
    assert [r["id"] for r in found] == [registration.pk]

    admitted = post_json(client, scan_url(edition), {"registration": registration.pk}).json()
    assert (admitted["code"], admitted["room"]) == ("admitted", None)


def test_api_sync(client, category, edition, staff):
    people = RegistrationFactory.create_batch(2, category=category)
    client.force_login(staff)
    scanned = timezone.now() - dt.timedelta(minutes=10)
    body = {
        "device": "Handy 3",
        "scans": [
            {"ref": "1", "code": ticket_payload(people[0]), "scanned_at": scanned.isoformat()},
            {"ref": "2", "code": ticket_payload(people[1]), "scanned_at": "2030-01-01T10:00:00"},
            {"ref": "3", "code": ticket_payload(people[0]), "scanned_at": scanned.isoformat()},
        ],
    }

    data = post_json(client, scan_url(edition, "sync"), body).json()

    assert (data["admitted"], data["duplicates"]) == (2, 1)
    assert [r["code"] for r in data["results"]] == ["admitted", "admitted", "duplicate"]
    assert CheckIn.objects.get(registration=people[0]).scanned_at == scanned
    # A device clock in the future does not date a check-in after its upload.
    assert CheckIn.objects.get(registration=people[1]).scanned_at <= timezone.now()
    for bad in [
        {"scans": "x"},
        {"scans": [1]},
        {"scans": [{"code": "x", "scanned_at": "gestern"}]},
    ]:
        response = post_json(client, scan_url(edition, "sync"), bad)
        assert response.status_code == 400
        assert response.json()["ok"] is False
    bad_date = {"scans": [{"code": "x", "scanned_at": "2030-02-30T10:00:00"}]}
    assert post_json(client, scan_url(edition, "sync"), bad_date).status_code == 400


@pytest.mark.parametrize(
    "scanned_at", ["0001-01-01T00:00:00", "0001-01-01T00:30:00+05:00", "9999-12-31T23:59:59-05:00"]
)
def test_api_sync_time_beyond_the_datetime_range_is_400(
    client, registration, edition, staff, scanned_at
):
    """Year 1 in Berlin is before 0001-01-01 UTC: storing it overflowed into a 500."""
    client.force_login(staff)
    body = {"scans": [{"code": ticket_payload(registration), "scanned_at": scanned_at}]}

    response = post_json(client, scan_url(edition, "sync"), body)

    assert response.status_code == 400
    assert response.json()["message"] == "„scanned_at“ ist kein Zeitpunkt (ISO 8601)."
    assert CheckIn.objects.count() == 0


def test_api_form_body_with_session_and_csrf_is_400_json(registration, edition, staff):
    """The CSRF check reads a form body (request.POST); the view must still answer in JSON
    instead of failing to read the body a second time."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    client.get(reverse("registrations:checkin", args=[edition.congress.slug, edition.year]))
    token = client.cookies["csrftoken"].value

    response = client.post(scan_url(edition), {"code": "x", "csrfmiddlewaretoken": token})

    assert response.status_code == 400
    assert response.json()["message"] == "Die Anfrage ist kein gültiges JSON."
    without_token = client.post(scan_url(edition), {"code": ticket_payload(registration)})
    assert without_token.status_code == 403
    assert CheckIn.objects.count() == 0


def test_api_body_beyond_the_upload_limit_is_413_json(client, edition, staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(staff)

    response = post_json(client, scan_url(edition), {"code": "x" * 2000})

    assert response.status_code == 413
    assert response.json()["message"] == "Die Anfrage ist zu groß."


def test_checkin_page_and_api_are_private_and_not_indexed(client, edition, staff):
    client.force_login(staff)
    responses = [
        client.get(reverse("registrations:checkin_index")),
        client.get(reverse("registrations:checkin", args=[edition.congress.slug, edition.year])),
        client.get(scan_url(edition, "status")),
        client.get(scan_url(edition, "offline")),
        post_json(client, scan_url(edition), {"code": "x"}),
    ]

    for response in responses:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_device_user_cache_expires_with_permission_change(edition, staff):
    """A device token keeps working only while its user has the permission (cached a minute)."""
    token = checkin.issue_device_token(user=staff, edition=edition)
    bearer = {"Authorization": f"Bearer {token}"}
    client = Client()
    assert client.get(scan_url(edition, "status"), headers=bearer).status_code == 200

    staff.role_assignments.all().delete()
    cache.clear()

    assert client.get(scan_url(edition, "status"), headers=bearer).status_code == 403


def test_checkin_page_admits_into_chosen_room(client, registration, edition, staff):
    room = RoomFactory(venue=edition.venue, name="Forum-Raum 01")
    url = reverse("registrations:checkin", args=[edition.congress.slug, edition.year])
    client.force_login(staff)

    page = client.get(url, {"raum": room.pk}).content.decode()
    assert "Ticket prüfen: Forum-Raum 01" in page
    client.post(url, {"code": ticket_payload(registration), "raum": room.pk})

    assert CheckIn.objects.get().room == room
    # An unknown room falls back to the entrance.
    assert "Ticket prüfen: Eingang" in client.get(url, {"raum": "x"}).content.decode()


def test_admin_menu_item_einlass_only_with_permission(rf, staff):
    from registrations.wagtail_hooks import operations_menu_items

    item = next(i for i in operations_menu_items() if i.label == "Einlass")
    request = rf.get("/admin/")
    request.user = staff
    assert item.is_shown(request)
    assert item.url == reverse("registrations:checkin_index")
    request.user = UserFactory()
    assert not item.is_shown(request)


def test_operations_menu_shows_check_in_staff_only_their_page(rf, staff, admin_client):
    from registrations.wagtail_hooks import operations_menu_items

    request = rf.get("/admin/")
    request.user = staff
    shown = [str(item.label) for item in operations_menu_items() if item.is_shown(request)]
    assert shown == ["Einlass", "Einlass-Geräte", "Namensschilder"]
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Durchf\\u00fchrung" in dashboard and "Format wechseln" in dashboard
