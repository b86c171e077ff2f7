"""Check-in data minimisation: the name search shows no email addresses and is rate limited;
device tokens are rows (CheckInDevice), named, listed and revocable one by one, valid until the
end of the edition's last day."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.models import LogEntry
from registrations import devices
from registrations.enums import LogAction
from registrations.models import CheckIn, CheckInDevice, Registration, end_of_edition
from registrations.tickets import ticket_payload
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    checkin_staff_of,
    organiser_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def category(edition):
    return TicketCategoryFactory(edition=edition, name="Öffentliche Verwaltung")


@pytest.fixture
def staff(edition):
    return checkin_staff_of(edition)


def api_url(edition, name="scan"):
    return reverse(f"registrations:checkin_api_{name}", args=[edition.congress.slug, edition.year])


def page_url(edition):
    return reverse("registrations:checkin", args=[edition.congress.slug, edition.year])


def bearer_of(token):
    return {"Authorization": f"Bearer {token}"}


def scan(client, edition, payload, **headers):
    body = json.dumps({"code": payload})
    return client.post(api_url(edition), body, content_type="application/json", headers=headers)


# The search -----------------------------------------------------------------------------------


def test_search_api_and_page_show_no_email_addresses(client, category, edition, staff):
    RegistrationFactory.create_batch(
        12, category=category, last_name="Mustermann", organisation="Stadt Köln"
    )
    client.force_login(staff)

    response = client.get(api_url(edition, "search"), {"q": "Muster"})
    page = client.get(page_url(edition), {"q": "Muster"})
    offline = client.get(api_url(edition, "offline"))

    results = response.json()["results"]
    assert len(results) == 12
    assert set(results[0]) == {
        "id",
        "name",
        "organisation",
        "category",
        "attendance",
        "state",
        "checked_in_at",
    }
    assert results[0]["organisation"] == "Stadt Köln"
    assert "@" not in response.content.decode()
    assert "@" not in offline.content.decode()
    body = page.content.decode()
    assert body.count("Stadt Köln") == 12
    emails = list(Registration.objects.values_list("email", flat=True))
    assert len(emails) == 12
    assert not any(email in body for email in emails)


def test_search_finds_by_whole_email_address_only(category, edition):
    from registrations import checkin

    person = RegistrationFactory(category=category, email="erika@example.org")

    assert checkin.search_registrations(edition=edition, query="erika@example.org") == [person]
    assert checkin.search_registrations(edition=edition, query="example.org") == []


@pytest.mark.parametrize("query", ["", "ab", "a b c", "  xy  "])
def test_search_needs_a_word_of_three_characters(client, category, edition, staff, query):
    RegistrationFactory(category=category, first_name="Ab", last_name="Cd")
    client.force_login(staff)

    response = client.get(api_url(edition, "search"), {"q": query})

    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "code": "query_too_short",
        "message": "Bitte geben Sie mindestens 3 Zeichen ein (Vor- oder Nachname).",
    }


def test_search_page_says_the_query_is_too_short(client, edition, staff):
    client.force_login(staff)

    body = client.get(page_url(edition), {"q": "ab"}).content.decode()

    assert "Bitte geben Sie mindestens 3 Zeichen ein (Vor- oder Nachname)." in body


def test_search_rate_limit_per_device(category, edition, staff, settings):
    settings.CHECKIN_SEARCH_RATE_LIMIT_DEVICE = "5/m"
    settings.CHECKIN_SEARCH_RATE_LIMIT_USER = ""
    bearer = bearer_of(devices.issue_device_token(user=staff, edition=edition))
    other_device = bearer_of(devices.issue_device_token(user=staff, edition=edition))
    client = Client()

    statuses = [
        client.get(api_url(edition, "search"), {"q": "Muster"}, headers=bearer).status_code
        for _ in range(6)
    ]

    assert statuses == [200, 200, 200, 200, 200, 429]
    limited = client.get(api_url(edition, "search"), {"q": "Muster"}, headers=bearer)
    assert limited.json() == {
        "ok": False,
        "code": "rate_limited",
        "message": "Zu viele Suchen in kurzer Zeit. Bitte warten Sie einen Moment.",
    }
    # Another device of the same user has its own count; scans are not limited.
    other = client.get(api_url(edition, "search"), {"q": "Muster"}, headers=other_device)
    assert other.status_code == 200
    assert client.get(api_url(edition, "status"), headers=bearer).status_code == 200


def test_search_rate_limit_per_user_across_devices_and_session(edition, staff, settings):
    settings.CHECKIN_SEARCH_RATE_LIMIT_DEVICE = ""
    settings.CHECKIN_SEARCH_RATE_LIMIT_USER = "3/m"
    client = Client()
    first = bearer_of(devices.issue_device_token(user=staff, edition=edition))
    second = bearer_of(devices.issue_device_token(user=staff, edition=edition))

    statuses = [
        client.get(api_url(edition, "search"), {"q": "Muster"}, headers=first).status_code,
        client.get(api_url(edition, "search"), {"q": "Muster"}, headers=second).status_code,
        client.get(api_url(edition, "search"), {"q": "Muster"}, headers=first).status_code,
        client.get(api_url(edition, "search"), {"q": "Muster"}, headers=second).status_code,
    ]
    client.force_login(staff)
    page = client.get(page_url(edition), {"q": "Muster"})

    assert statuses == [200, 200, 200, 429]
    assert page.status_code == 429
    assert "Zu viele Suchen in kurzer Zeit." in page.content.decode()


def test_search_rate_limit_fails_closed_when_the_cache_fails(edition, staff, settings, cache_down):
    settings.CHECKIN_SEARCH_RATE_LIMIT_USER = "30/m"
    client = Client()
    client.force_login(staff)

    response = client.get(api_url(edition, "search"), {"q": "Muster"})
    page = client.get(page_url(edition), {"q": "Muster"})

    assert (response.status_code, response.json()["code"]) == (429, "rate_limited")
    assert page.status_code == 429
    assert "Zu viele Suchen in kurzer Zeit." in page.content.decode()


# Devices --------------------------------------------------------------------------------------


def test_issuing_a_device_on_the_page_names_it_and_logs(client, edition, staff):
    client.force_login(staff)

    page = client.get(page_url(edition)).content.decode()
    assert CheckInDevice.objects.count() == 0  # a page load issues nothing any more
    assert 'name="device_name"' in page
    response = client.post(page_url(edition), {"device_name": "  Scanner   Eingang Nord "})

    device = CheckInDevice.objects.get()
    assert (device.name, device.user, device.edition) == ("Scanner Eingang Nord", staff, edition)
    assert device.expires_at == end_of_edition(edition)
    token = response.context["device"]["token"]
    assert token in response.content.decode()
    assert client.get(api_url(edition, "status"), headers=bearer_of(token)).status_code == 200
    entry = LogEntry.objects.get(action=LogAction.DEVICE_ISSUED)
    assert (entry.user, entry.object_id, entry.edition_id) == (staff, str(device.pk), edition.pk)
    assert entry.data == {"name": "Scanner Eingang Nord"}


def test_issuing_a_device_needs_a_name(client, edition, staff):
    client.force_login(staff)

    response = client.post(page_url(edition), {"device_name": "   "})

    assert response.status_code == 400
    assert "Bitte geben Sie dem Gerät einen Namen." in response.content.decode()
    assert CheckInDevice.objects.count() == 0


def test_device_expires_at_the_end_of_the_editions_last_day_in_berlin():
    edition = EditionFactory(start_date=dt.date(2030, 7, 1), end_date=dt.date(2030, 7, 2))

    # Midnight after 2 July in Berlin (summer time, UTC+2) is 22:00 UTC on 2 July.
    assert end_of_edition(edition) == dt.datetime(2030, 7, 2, 22, 0, tzinfo=dt.UTC)


def test_revoked_device_is_refused_on_scan_and_search_at_once(category, edition, staff):
    person = RegistrationFactory(category=category)
    device, token = devices.issue_device(user=staff, edition=edition, name="Scanner 1")
    client = Client()
    bearer = bearer_of(token)
    assert (
        client.get(api_url(edition, "search"), {"q": "Muster"}, headers=bearer).status_code == 200
    )

    devices.revoke_device(device=device, by_user=staff)

    refused = scan(client, edition, ticket_payload(person), **bearer)
    search = client.get(api_url(edition, "search"), {"q": "Muster"}, headers=bearer)
    for response in (refused, search):
        assert response.status_code == 403
        assert response.json() == {
            "ok": False,
            "code": "device_refused",
            "message": "Dieses Gerät ist gesperrt.",
        }
    assert CheckIn.objects.count() == 0
    entry = LogEntry.objects.get(action=LogAction.DEVICE_REVOKED)
    assert (entry.user, entry.object_id) == (staff, str(device.pk))


def test_device_past_its_editions_last_day_is_refused(category, edition, staff):
    person = RegistrationFactory(category=category)
    device, token = devices.issue_device(user=staff, edition=edition, name="Scanner 1")
    CheckInDevice.objects.filter(pk=device.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    devices.forget_device_state(device.pk)
    client = Client()

    response = scan(client, edition, ticket_payload(person), **bearer_of(token))
    search = client.get(api_url(edition, "search"), {"q": "Muster"}, headers=bearer_of(token))

    assert (response.status_code, response.json()["code"]) == (403, "device_refused")
    assert response.json()["message"] == "Der Zugang dieses Geräts ist abgelaufen."
    assert search.status_code == 403
    assert CheckIn.objects.count() == 0


def test_device_token_of_a_deleted_device_or_the_old_format_is_refused(edition, staff):
    from django.core import signing

    device, token = devices.issue_device(user=staff, edition=edition, name="Scanner 1")
    old = signing.dumps(
        {"u": staff.pk, "e": edition.pk}, salt=devices.DEVICE_TOKEN_SALT, compress=False
    )
    device.delete()
    devices.forget_device_state(device.pk)
    client = Client()

    for value in (token, old):
        response = client.get(api_url(edition, "status"), headers=bearer_of(value))
        assert response.status_code == 403
        assert response.json()["message"] == "Das Token ist ungültig oder abgelaufen."


def test_device_use_is_recorded_when_its_state_is_read(edition, staff):
    device, token = devices.issue_device(user=staff, edition=edition, name="Scanner 1")
    assert device.last_used_at is None

    Client().get(api_url(edition, "status"), headers=bearer_of(token))

    device.refresh_from_db()
    assert device.last_used_at is not None


# The admin ------------------------------------------------------------------------------------


@pytest.fixture
def two_editions():
    a, b = EditionFactory(title="Ausgabe a"), EditionFactory(title="Ausgabe b")
    return a, b


def test_device_listing_shows_only_permitted_devices(client, two_editions):
    a, b = two_editions
    staff_a, other_staff_a = checkin_staff_of(a), checkin_staff_of(a)
    devices.issue_device(user=staff_a, edition=a, name="Eigenes Gerät")
    devices.issue_device(user=other_staff_a, edition=a, name="Gerät der Kollegin")
    devices.issue_device(user=checkin_staff_of(b), edition=b, name="Gerät in b")
    organiser = organiser_of(a.congress)
    index = reverse("checkin_devices:index")

    client.force_login(staff_a)
    own_response = client.get(index)
    client.force_login(organiser)
    organised_response = client.get(index)
    own, organised = own_response.content.decode(), organised_response.content.decode()

    assert (own_response.status_code, organised_response.status_code) == (200, 200)

    assert "Eigenes Gerät" in own
    assert "Gerät der Kollegin" not in own and "Gerät in b" not in own
    assert "Eigenes Gerät" in organised and "Gerät der Kollegin" in organised
    assert "Gerät in b" not in organised


def test_organiser_revokes_a_device_of_their_congress_only(client, two_editions):
    a, b = two_editions
    device_a, _token = devices.issue_device(user=checkin_staff_of(a), edition=a, name="A1")
    device_b, token_b = devices.issue_device(user=checkin_staff_of(b), edition=b, name="B1")
    client.force_login(organiser_of(a.congress))

    ok = client.post(reverse("registrations_checkin_device_revoke", args=[device_a.pk]))
    other = client.post(reverse("registrations_checkin_device_revoke", args=[device_b.pk]))

    assert ok.status_code == 302
    device_a.refresh_from_db()
    device_b.refresh_from_db()
    assert device_a.revoked_at is not None
    assert device_b.revoked_at is None
    # Wagtail answers a refused admin URL with a redirect to the dashboard.
    assert (other.status_code, other["Location"]) == (302, reverse("wagtailadmin_home"))
    assert Client().get(api_url(b, "status"), headers=bearer_of(token_b)).status_code == 200


def test_staff_revokes_their_own_device_not_a_colleagues(client, edition, staff):
    own, _token = devices.issue_device(user=staff, edition=edition, name="Eigenes")
    colleague, _other = devices.issue_device(
        user=checkin_staff_of(edition), edition=edition, name="Fremdes"
    )
    client.force_login(staff)

    client.post(reverse("registrations_checkin_device_revoke", args=[own.pk]))
    client.post(reverse("registrations_checkin_device_revoke", args=[colleague.pk]))

    assert CheckInDevice.objects.get(pk=own.pk).revoked_at is not None
    assert CheckInDevice.objects.get(pk=colleague.pk).revoked_at is None


def test_revoke_page_asks_first_and_edit_renames(client, edition, staff):
    device, _token = devices.issue_device(user=staff, edition=edition, name="Scanner 1")
    client.force_login(staff)

    confirm = client.get(reverse("registrations_checkin_device_revoke", args=[device.pk]))
    edit = client.post(reverse("checkin_devices:edit", args=[device.pk]), {"name": "Nordtor"})

    assert confirm.status_code == 200
    assert "Gerät sperren?" in confirm.content.decode()
    assert edit.status_code == 302
    device.refresh_from_db()
    assert (device.name, device.revoked_at) == ("Nordtor", None)


def test_device_listing_query_count_is_constant(client, edition):
    organiser = organiser_of(edition.congress)
    client.force_login(organiser)
    staff = checkin_staff_of(edition)
    index = reverse("checkin_devices:index")
    devices.issue_device(user=staff, edition=edition, name="Scanner 0")
    client.get(index)  # warm up the session and Wagtail's caches

    counts = []
    for total in (2, 15):
        for number in range(CheckInDevice.objects.count(), total):
            devices.issue_device(user=checkin_staff_of(edition), edition=edition, name=f"S{number}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
