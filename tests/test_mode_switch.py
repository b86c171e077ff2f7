"""Switching an edition between in person, hybrid and online (issue 7): registrations, tickets,
one email per person, calendars, the banner, the admin and the query counts."""

import datetime as dt
import io
import smtplib
from decimal import Decimal

import pytest
import zxingcpp
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from congress.enums import EditionMode
from congress.models import LogEntry, OutboxMessage
from congress.outbox import send_due_messages
from programme.models import Session
from registrations import services
from registrations.emails import mode_switch_batch
from registrations.enums import Attendance, CategoryAttendance, RegistrationState
from registrations.models import ModeSwitch, Registration
from registrations.tasks import mode_switch_progress
from registrations.tickets import verify_ticket
from tests.factories import (
    CongressFactory,
    EditionFactory,
    RegistrationFactory,
    SpeakerProfileFactory,
    TicketCategoryFactory,
    UserFactory,
    checkin_staff_of,
    organiser_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
ONSITE, ONLINE = Attendance.ONSITE, Attendance.ONLINE
ONLINE_URL = "https://stream.example.org/e-nrw-2020"
EDITION_URL = "/e-nrw/2020/"
PROGRAMME_URL = "/e-nrw/2020/programm/"
PROGRAMME_ICS = "/e-nrw/2020/programm/programm.ics"
SUBJECT = "Geänderte Durchführung: e-nrw 2020"


def qr_payloads(pdf: bytes) -> list[str]:
    texts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            texts += [code.text for code in zxingcpp.read_barcodes(image.image)]
    return texts


class Scene:
    """e-nrw 2020 in person, 3 seats on site, 4 published sessions; registrations in every
    state, two speakers with an address (one also registered) and moderators without."""

    def __init__(self, site_tree, build_programme):
        self.edition = site_tree.edition
        self.edition.mode = EditionMode.IN_PERSON
        self.edition.onsite_capacity = 3
        self.edition.online_url = ONLINE_URL
        self.edition.save()
        self.programme = build_programme(4)
        free = TicketCategoryFactory(edition=self.edition)
        paid = TicketCategoryFactory(
            edition=self.edition, name="Wirtschaft", price_net=Decimal("100.00")
        )
        start = timezone.now() - dt.timedelta(days=30)

        def reg(name, category, state, attendance, **kwargs):
            return RegistrationFactory(
                category=category,
                state=state,
                attendance=attendance,
                first_name=name.capitalize(),
                last_name="Muster",
                email=f"{name}@example.org",
                created_at=start + dt.timedelta(hours=len(self.regs)),
                **kwargs,
            )

        self.regs = {}
        for name, category, state, attendance in [
            ("anna", free, S.CONFIRMED, ONSITE),
            ("bernd", paid, S.PENDING_PAYMENT, ONSITE),
            ("clara", free, S.OFFERED, ONSITE),
            ("dirk", free, S.CONFIRMED, ONLINE),
            ("elke", free, S.WAITLISTED, ONSITE),
            ("frank", paid, S.WAITLISTED, ONSITE),
            ("gabi", free, S.CANCELLED, ONSITE),
        ]:
            self.regs[name] = reg(name, category, state, attendance)
        speaker, other = self.programme.speakers[:2]
        # Anna also speaks; her profile spells the address in capitals.
        SpeakerProfileFactory(person=speaker, email="ANNA@example.org")
        SpeakerProfileFactory(person=other, email="sprecher@example.org")

    def state(self, name) -> tuple:
        r = Registration.objects.get(pk=self.regs[name].pk)
        return (r.state, r.attendance, r.preferred_attendance)


@pytest.fixture
def scene(site_tree, build_programme):
    return Scene(site_tree, build_programme)


def switch(edition, mode, capture, **kwargs):
    mail.outbox.clear()
    with capture(execute=True):
        result = services.switch_edition_mode(edition=edition, mode=mode, **kwargs)
    return result


def emails_by_recipient() -> dict[str, list]:
    found = {}
    for message in mail.outbox:
        for address in message.to:
            found.setdefault(address.lower(), []).append(message)
    return found


def ics_events(client) -> list:
    response = client.get(PROGRAMME_ICS)
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_switch_to_online_and_back_moves_everyone_and_mails_each_person_once(
    scene, client, django_capture_on_commit_callbacks
):
    sequences = {e["UID"]: int(e["SEQUENCE"]) for e in ics_events(client)}
    assert len(sequences) == 4
    user = UserFactory()

    result = switch(
        scene.edition,
        EditionMode.ONLINE,
        django_capture_on_commit_callbacks,
        by_user=user,
        notice="Die Stadthalle Neuss bleibt geschlossen.",
    )

    assert {name: scene.state(name) for name in scene.regs} == {
        "anna": (S.CONFIRMED, ONLINE, ONSITE),
        "bernd": (S.PENDING_PAYMENT, ONLINE, ONSITE),
        "clara": (S.OFFERED, ONLINE, ONSITE),
        "dirk": (S.CONFIRMED, ONLINE, ""),
        "elke": (S.CONFIRMED, ONLINE, ONSITE),
        "frank": (S.OFFERED, ONLINE, ONSITE),
        "gabi": (S.CANCELLED, ONSITE, ""),
    }
    assert Registration.objects.get(pk=scene.regs["frank"].pk).offer_expires_at > timezone.now()
    assert result.old_mode == EditionMode.IN_PERSON and result.new_mode == EditionMode.ONLINE
    assert result.user == user
    assert result.effects == {
        "onsite_to_online": 3,
        "waitlist_admitted_online": 2,
        "waitlist_offered_online": 1,
        "online_to_onsite": 0,
        "stay_online": 0,
        "to_waitlist": 0,
        "waitlist_offered_onsite": 0,
        "sessions": 4,
        "attendees_notified": 6,
        "speakers_notified": 1,
        "emails": 7,
    }
    scene.edition.refresh_from_db()
    assert scene.edition.mode == EditionMode.ONLINE
    assert scene.edition.mode_changed_at is not None
    assert scene.edition.mode_notice == "Die Stadthalle Neuss bleibt geschlossen."
    entries = LogEntry.objects.filter(action="registration.mode_switched")
    assert sorted(e.label.split()[0] for e in entries) == [
        "Anna",
        "Bernd",
        "Clara",
        "Elke",
        "Frank",
    ]
    assert entries.get(object_id=str(scene.regs["elke"].pk)).data == {
        "switch": result.pk,
        "old_mode": "in_person",
        "new_mode": "online",
        "old": "waitlisted",
        "new": "confirmed",
        "old_attendance": "onsite",
        "new_attendance": "online",
    }
    assert all(e.user == user for e in entries)

    # Exactly one email per person; Anna, who also speaks, gets the attendee email.
    received = emails_by_recipient()
    assert sorted(received) == [
        "anna@example.org",
        "bernd@example.org",
        "clara@example.org",
        "dirk@example.org",
        "elke@example.org",
        "frank@example.org",
        "sprecher@example.org",
    ]
    assert all(len(messages) == 1 for messages in received.values())
    assert all(m.subject == SUBJECT for m in mail.outbox)
    anna = received["anna@example.org"][0]
    assert "Sie wirken außerdem im Programm mit" in anna.body
    assert "findet nicht wie geplant statt, sondern online" in anna.body
    assert "Die Stadthalle Neuss bleibt geschlossen." in anna.body
    assert ONLINE_URL in anna.body
    assert f"/anmeldung/verwalten/{scene.regs['anna'].manage_token}/" in anna.body
    for name in ("anna", "dirk", "elke"):  # confirmed: the new ticket and the agenda
        message = received[f"{name}@example.org"][0]
        assert [(n, mime) for n, _c, mime in message.attachments] == [
            (f"ticket-e-nrw-2020-{scene.regs[name].pk}.pdf", "application/pdf"),
            ("mein-programm.ics", "text/calendar"),
        ]
        ticket = verify_ticket(qr_payloads(message.attachments[0][1])[0])
        assert (ticket.registration_id, ticket.attendance) == (scene.regs[name].pk, "online")
    for name in ("bernd", "clara", "frank"):
        assert received[f"{name}@example.org"][0].attachments == []
    speaker = received["sprecher@example.org"][0]
    assert "Sie wirken im Programm mit" in speaker.body
    assert speaker.attachments == []
    assert mode_switch_progress(result) == {
        "total": 7,
        "sent": 7,
        "failed": 0,
        "retrying": 0,
        "waiting": 0,
    }

    # Calendars: every session online, SEQUENCE raised.
    events = ics_events(client)
    assert {str(e["LOCATION"]) for e in events} == {ONLINE_URL}
    assert {str(e["URL"]) for e in events} == {ONLINE_URL}
    assert {e["UID"]: int(e["SEQUENCE"]) for e in events} == {
        uid: seq + 1 for uid, seq in sequences.items()
    }

    # And back in person: 3 seats, in order of registration; the rest on the waiting list.
    back = switch(scene.edition, EditionMode.IN_PERSON, django_capture_on_commit_callbacks)

    assert {name: scene.state(name) for name in scene.regs} == {
        "anna": (S.CONFIRMED, ONSITE, ""),
        "bernd": (S.PENDING_PAYMENT, ONSITE, ""),
        "clara": (S.OFFERED, ONSITE, ""),
        "dirk": (S.WAITLISTED, ONSITE, ONLINE),
        "elke": (S.WAITLISTED, ONSITE, ""),
        "frank": (S.WAITLISTED, ONSITE, ""),
        "gabi": (S.CANCELLED, ONSITE, ""),
    }
    assert back.effects["online_to_onsite"] == 3
    assert back.effects["to_waitlist"] == 3
    assert back.effects["emails"] == 7
    received = emails_by_recipient()
    assert len(mail.outbox) == 7 and all(len(m) == 1 for m in received.values())
    ticket = verify_ticket(qr_payloads(received["anna@example.org"][0].attachments[0][1])[0])
    assert ticket.attendance == "onsite"
    assert "Warteliste" in received["dirk@example.org"][0].body
    assert received["dirk@example.org"][0].attachments == []
    events = ics_events(client)
    assert all("Stadthalle Neuss" in str(e["LOCATION"]) for e in events)
    assert all(str(e["URL"]).startswith("http") and str(e["URL"]) != ONLINE_URL for e in events)
    assert {e["UID"]: int(e["SEQUENCE"]) for e in events} == {
        uid: seq + 2 for uid, seq in sequences.items()
    }
    # Nobody was cancelled on the way.
    assert Registration.objects.filter(state=S.CANCELLED).count() == 1


def test_switch_online_to_hybrid_brings_back_on_site_while_seats_allow(
    scene, django_capture_on_commit_callbacks
):
    switch(scene.edition, EditionMode.ONLINE, django_capture_on_commit_callbacks)

    result = switch(scene.edition, EditionMode.HYBRID, django_capture_on_commit_callbacks)

    assert {name: scene.state(name) for name in scene.regs} == {
        "anna": (S.CONFIRMED, ONSITE, ""),
        "bernd": (S.PENDING_PAYMENT, ONSITE, ""),
        "clara": (S.OFFERED, ONSITE, ""),
        "dirk": (S.CONFIRMED, ONLINE, ""),
        "elke": (S.CONFIRMED, ONLINE, ONSITE),
        "frank": (S.OFFERED, ONLINE, ONSITE),
        "gabi": (S.CANCELLED, ONSITE, ""),
    }
    assert (result.effects["online_to_onsite"], result.effects["stay_online"]) == (3, 2)
    received = emails_by_recipient()
    assert len(mail.outbox) == 7
    assert "Sie bleiben online angemeldet" in received["elke@example.org"][0].body
    assert "Sie bleiben online angemeldet" not in received["dirk@example.org"][0].body


def test_switch_in_person_to_hybrid_admits_who_accepts_online(
    scene, django_capture_on_commit_callbacks
):
    Registration.objects.filter(pk=scene.regs["elke"].pk).update(accepts_online=True)
    online_only = TicketCategoryFactory(
        edition=scene.edition, name="Nur vor Ort", attendance=CategoryAttendance.ONSITE
    )
    RegistrationFactory(
        category=online_only, state=S.WAITLISTED, accepts_online=True, email="hans@example.org"
    )

    result = switch(scene.edition, EditionMode.HYBRID, django_capture_on_commit_callbacks)

    assert scene.state("elke") == (S.CONFIRMED, ONLINE, ONSITE)
    assert scene.state("frank") == (S.WAITLISTED, ONSITE, "")  # does not accept online
    assert Registration.objects.get(email="hans@example.org").state == S.WAITLISTED
    assert scene.state("anna") == (S.CONFIRMED, ONSITE, "")
    assert result.effects["waitlist_admitted_online"] == 1
    assert result.effects["onsite_to_online"] == 0


def test_mode_switch_task_run_again_sends_nothing_more(scene, django_capture_on_commit_callbacks):
    switch(scene.edition, EditionMode.ONLINE, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 7

    again = send_due_messages()

    assert again == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 7


def test_mode_switch_email_failure_is_retried_and_sent_once(
    scene, django_capture_on_commit_callbacks, monkeypatch
):
    send = EmailBackend.send_messages
    failures = []

    def flaky(self, messages):
        if messages[0].to == ["bernd@example.org"] and not failures:
            failures.append(1)
            raise smtplib.SMTPServerDisconnected("Verbindung verloren")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)

    result = switch(scene.edition, EditionMode.ONLINE, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 6
    assert mode_switch_progress(result)["retrying"] == 1
    assert send_due_messages() == {"sent": 0, "failed": 0}  # not before its next attempt is due
    send_due_messages(now=timezone.now() + dt.timedelta(minutes=2))

    received = emails_by_recipient()
    assert len(mail.outbox) == 7
    assert len(received["bernd@example.org"]) == 1
    rows = OutboxMessage.objects.in_batch(mode_switch_batch(result))
    bernd = rows.get(to="bernd@example.org")
    assert (bernd.attempts, bernd.last_error, bernd.state) == (2, "", "sent")
    assert set(rows.exclude(pk=bernd.pk).values_list("attempts", flat=True)) == {1}


def send_until_given_up():
    """Run the sender at each next attempt until every failing row is FAILED (about 26 h)."""
    now = timezone.now()
    for _attempt in range(12):
        now += dt.timedelta(hours=11)
        send_due_messages(now=now)


def test_mode_switch_email_failing_for_good_gives_up_and_shows_as_failed(
    scene, django_capture_on_commit_callbacks, monkeypatch
):
    send = EmailBackend.send_messages

    def broken(self, messages):
        if messages[0].to == ["bernd@example.org"]:
            raise ConnectionRefusedError("Verbindung abgelehnt")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", broken)

    result = switch(scene.edition, EditionMode.ONLINE, django_capture_on_commit_callbacks)
    send_until_given_up()

    assert len(mail.outbox) == 6
    bernd = OutboxMessage.objects.in_batch(mode_switch_batch(result)).get(to="bernd@example.org")
    assert (bernd.attempts, bernd.sent_at, bernd.state) == (10, None, "failed")
    assert bernd.last_error == "ConnectionRefusedError: Verbindung abgelehnt"
    assert mode_switch_progress(result) == {
        "total": 7,
        "sent": 6,
        "failed": 1,
        "retrying": 0,
        "waiting": 0,
    }


def test_mode_switch_progress_names_failed_addresses_only_to_who_sees_registrations(
    scene, client, admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(self, messages):
        raise ConnectionRefusedError("Verbindung abgelehnt")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    result = switch(scene.edition, EditionMode.ONLINE, django_capture_on_commit_callbacks)
    send_until_given_up()
    url = reverse("registrations_mode_switch_progress", args=[result.pk])

    assert "bernd@example.org" in admin_client.get(url).content.decode()
    client.force_login(organiser_of(scene.edition.congress))
    page = client.get(url)
    assert page.status_code == 200
    assert "Fehlgeschlagen" in page.content.decode()
    assert "bernd@example.org" in page.content.decode()
    outbox_link = (
        f"/admin/postausgang/?edition={scene.edition.pk}&amp;kind=registration.mode_switch"
    )
    assert outbox_link in page.content.decode()
    # The organisers of another congress see nothing of this switch.
    client.force_login(organiser_of(CongressFactory()))
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))


def test_mode_switch_banner_on_edition_and_programme_pages(
    scene, client, django_capture_on_commit_callbacks
):
    for url in (EDITION_URL, PROGRAMME_URL):  # cached before the switch
        assert "Geänderte Durchführung" not in client.get(url).content.decode()

    switch(
        scene.edition,
        EditionMode.ONLINE,
        django_capture_on_commit_callbacks,
        notice="Alle Foren im Livestream.",
    )

    for url in (EDITION_URL, PROGRAMME_URL):
        body = client.get(url).content.decode()
        assert '<div class="notice mode-banner" role="status">' in body
        assert "Geänderte Durchführung:</strong> Der Kongress findet online statt." in body
        assert "Alle Foren im Livestream." in body


def test_mode_switch_bad_input_gives_a_german_message(scene):
    with pytest.raises(services.RegistrationError) as unknown:
        services.preview_mode_switch(edition=scene.edition, mode="mars")
    with pytest.raises(services.RegistrationError) as same:
        services.switch_edition_mode(edition=scene.edition, mode=EditionMode.IN_PERSON)

    assert unknown.value.message == (
        "Bitte wählen Sie ein gültiges Format: Präsenz, Hybrid oder Online."
    )
    assert same.value.message == "„e-nrw 2020“ hat bereits das Format „Präsenz“."
    assert ModeSwitch.objects.count() == 0


# Admin -----------------------------------------------------------------------------------------


def admin_url(edition):
    return reverse("registrations_mode_switch", args=[edition.pk])


def test_mode_switch_admin_preview_counts_without_writing(scene, admin_client):
    before = {name: scene.state(name) for name in scene.regs}
    sequences = list(Session.objects.order_by("pk").values_list("sequence", flat=True))

    response = admin_client.post(
        admin_url(scene.edition), {"mode": "online", "notice": "", "action": "preview"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "3 Anmeldungen vor Ort werden online, 2 von der Warteliste werden online zugelassen "
        "(1 davon mit Angebot zum Bezahlen), 4 Programmpunkte ändern ihren Ort, "
        "7 E-Mails werden verschickt." in body
    )
    assert "Wechsel bestätigen" in body
    assert {name: scene.state(name) for name in scene.regs} == before
    assert list(Session.objects.order_by("pk").values_list("sequence", flat=True)) == sequences
    assert ModeSwitch.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    scene.edition.refresh_from_db()
    assert scene.edition.mode == EditionMode.IN_PERSON


def test_mode_switch_admin_confirm_switches_and_shows_progress(scene, admin_client):
    response = admin_client.post(
        admin_url(scene.edition),
        {"mode": "online", "notice": "Bitte beachten.", "action": "confirm"},
    )

    switch_row = ModeSwitch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registrations_mode_switch_progress", args=[switch_row.pk])
    assert (switch_row.old_mode, switch_row.new_mode) == ("in_person", "online")
    assert switch_row.effects["emails"] == 7
    assert OutboxMessage.objects.in_batch(mode_switch_batch(switch_row)).count() == 7
    scene.edition.refresh_from_db()
    assert (scene.edition.mode, scene.edition.mode_notice) == ("online", "Bitte beachten.")
    progress = admin_client.get(response.url).content.decode()
    assert "0 / 7" in progress  # the task runs after the commit, outside this test
    index = admin_client.get(reverse("registrations_mode_switch_index")).content.decode()
    assert admin_url(scene.edition) in index


def test_mode_switch_admin_bad_input_is_a_message_not_an_error(scene, admin_client):
    unknown = admin_client.post(admin_url(scene.edition), {"mode": "mars", "action": "preview"})
    same = admin_client.post(admin_url(scene.edition), {"mode": "in_person", "action": "confirm"})

    assert unknown.status_code == same.status_code == 200
    assert "Bitte wählen Sie ein gültiges Format" in unknown.content.decode()
    assert "hat bereits das Format „Präsenz“" in same.content.decode()
    assert ModeSwitch.objects.count() == 0


def test_mode_switch_admin_needs_the_organiser_role(scene, client):
    from django.contrib.auth.models import Permission

    editor = UserFactory()
    # Django's global permissions grant nothing here, nor the check-in role.
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_edition"])
    )
    checkin_staff_of(scene.edition, user=editor)
    client.force_login(editor)

    for response in (
        client.get(admin_url(scene.edition)),
        client.post(admin_url(scene.edition), {"mode": "online", "action": "confirm"}),
        client.get(reverse("registrations_mode_switch_index")),
    ):  # Wagtail answers a PermissionDenied with the dashboard and a message
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    client.logout()
    anonymous = client.post(admin_url(scene.edition), {"mode": "online", "action": "confirm"})
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("wagtailadmin_login"))
    assert ModeSwitch.objects.count() == 0

    organiser_of(scene.edition.congress, user=editor)
    client.force_login(editor)
    assert client.get(admin_url(scene.edition)).status_code == 200


def test_edition_listing_links_to_the_mode_switch(scene, admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_congress_edition:list")).content.decode()

    assert admin_url(scene.edition) in listing


# Query counts ----------------------------------------------------------------------------------


def edition_with(n: int, *, capacity: int | None = None):
    capacity = n // 2 if capacity is None else capacity
    edition = EditionFactory(onsite_capacity=capacity, mode=EditionMode.IN_PERSON)
    free = TicketCategoryFactory(edition=edition)
    paid = TicketCategoryFactory(edition=edition, price_net=Decimal("50.00"))
    states = [
        (free, S.CONFIRMED, ONSITE),
        (paid, S.PENDING_PAYMENT, ONSITE),
        (free, S.CONFIRMED, ONLINE),
        (free, S.WAITLISTED, ONSITE),
        (paid, S.WAITLISTED, ONSITE),
    ]
    for i in range(n):
        category, state, attendance = states[i % len(states)]
        RegistrationFactory(category=category, state=state, attendance=attendance)
    return edition


@pytest.mark.parametrize("mode", [EditionMode.ONLINE, EditionMode.HYBRID])
def test_mode_switch_query_count_does_not_grow_with_registrations(
    mode, django_assert_max_num_queries
):
    # Full on site with few as with many (two of five hold a seat), so no seat is left to offer.
    few, many = edition_with(5, capacity=2), edition_with(50, capacity=20)
    with CaptureQueriesContext(connection) as preview_few:
        services.preview_mode_switch(edition=few, mode=mode)
    with CaptureQueriesContext(connection) as switch_few:
        services.switch_edition_mode(edition=few, mode=mode)

    with django_assert_max_num_queries(len(preview_few)):
        effects = services.preview_mode_switch(edition=many, mode=mode)
    with django_assert_max_num_queries(len(switch_few)):
        result = services.switch_edition_mode(edition=many, mode=mode)

    assert result.effects == effects
    assert OutboxMessage.objects.in_batch(mode_switch_batch(result)).count() == 50
    # 14 before the outbox; +1 loading the registrations for rendering their emails, +1 the
    # outbox rows to send after the commit (no worker in the tests), +1 the new content version
    # (congress/content_version.py).
    assert len(switch_few) <= 17


def test_mode_switch_back_in_person_query_count_does_not_grow(django_assert_max_num_queries):
    """10 rather than 5: so that with few as with many, some who had chosen online get a seat
    and some go on the waiting list (one UPDATE per kind of change)."""
    few, many = edition_with(10), edition_with(50)
    for edition in (few, many):
        services.switch_edition_mode(edition=edition, mode=EditionMode.ONLINE)
    with CaptureQueriesContext(connection) as switch_few:
        services.switch_edition_mode(edition=few, mode=EditionMode.IN_PERSON)

    with django_assert_max_num_queries(len(switch_few)):
        result = services.switch_edition_mode(edition=many, mode=EditionMode.IN_PERSON)

    assert result.effects["online_to_onsite"] == 25
    assert result.effects["to_waitlist"] == 25


# Demo data -------------------------------------------------------------------------------------


def test_mode_switch_of_the_demo_edition(monkeypatch, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from congress.models import Edition

    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    # The demo registers 467 people for 2020; their reissued tickets need not be drawn here.
    monkeypatch.setattr("registrations.emails.ticket_pdf", lambda registration: b"%PDF-1.4")
    call_command("load_demo", verbosity=0)
    edition = Edition.objects.get(congress__slug="e-nrw", year=2020)
    assert edition.mode == EditionMode.ONLINE
    live = Session.objects.live().for_edition(edition).count()

    effects = services.preview_mode_switch(edition=edition, mode=EditionMode.IN_PERSON)
    result = switch(edition, EditionMode.IN_PERSON, django_capture_on_commit_callbacks)

    assert result.effects == effects
    assert effects["sessions"] == live > 50
    # Back in person: the 386 who had seats get them back, the others wait.
    assert (effects["online_to_onsite"], effects["to_waitlist"]) == (386, 81)
    assert len(mail.outbox) == effects["emails"] == 467


def test_mode_switch_offers_seats_left_free_to_the_waiting_list(
    scene, django_capture_on_commit_callbacks
):
    # Two more seats than are taken: the switch offers them to Elke and Frank, who wait.
    from congress.models import Edition

    Edition.objects.filter(pk=scene.edition.pk).update(onsite_capacity=5)
    scene.edition.refresh_from_db()

    result = switch(scene.edition, EditionMode.HYBRID, django_capture_on_commit_callbacks)

    assert scene.state("elke") == (S.OFFERED, ONSITE, "")
    assert scene.state("frank") == (S.OFFERED, ONSITE, "")
    assert scene.state("dirk") == (S.CONFIRMED, ONLINE, "")
    assert result.effects["waitlist_offered_onsite"] == 2
    received = emails_by_recipient()
    assert len(received["elke@example.org"]) == 1
    assert "Für Sie ist ein Platz frei" in received["elke@example.org"][0].body
    elke = Registration.objects.get(pk=scene.regs["elke"].pk)
    assert elke.offer_expires_at > timezone.now()


def test_edition_edit_form_keeps_the_mode_for_the_switch(scene, admin_client):
    url = reverse("wagtailsnippets_congress_edition:edit", args=[scene.edition.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Format wechseln" in page.content.decode()
    form = page.context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if not name.startswith("partners")
    }
    data.update(
        {
            "start_date": scene.edition.start_date.isoformat(),
            "end_date": scene.edition.end_date.isoformat(),
            "mode": EditionMode.ONLINE,
            "motto": "Neues Motto",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
            "partners-MIN_NUM_FORMS": "0",
            "partners-MAX_NUM_FORMS": "1000",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    scene.edition.refresh_from_db()
    assert scene.edition.motto == "Neues Motto"
    assert scene.edition.mode == EditionMode.IN_PERSON
