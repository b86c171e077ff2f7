"""The first scan wins under concurrency: on PostgreSQL, many scanners scanning the same ticket
at the same moment admit it exactly once; every other scan is a duplicate naming the time of
the one admission.

Runs only on PostgreSQL (``DATABASE_URL=postgres://...``); SQLite serialises writers anyway.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from congress.models import LogEntry
from registrations import checkin
from registrations.models import CheckIn
from registrations.tickets import ticket_payload
from tests.factories import RegistrationFactory, RoomFactory

# Connections at once: below PostgreSQL's default max_connections of 100, shared with others.
SCANNERS = 16
ROUNDS = 5

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.integration,
    # serialized_rollback: restore the rows of the migrations (content types among them) that
    # a browser test before this one may have flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL"),
]


def scan_all_at_once(payload, edition, room=None) -> list:
    start = threading.Barrier(SCANNERS)

    def scanner(n):
        try:
            start.wait(timeout=30)
            try:
                result = checkin.check_in_ticket(
                    payload=payload, edition=edition, room=room, device=f"Scanner {n}"
                )
            except checkin.CheckInRefused as refusal:
                result = refusal.result
            return result
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=SCANNERS) as pool:
        return list(pool.map(scanner, range(SCANNERS)))


def test_same_ticket_scanned_at_once_is_admitted_exactly_once():
    registrations = RegistrationFactory.create_batch(ROUNDS)
    for registration in registrations:
        edition = registration.edition
        results = scan_all_at_once(ticket_payload(registration), edition)

        assert Counter(r.code for r in results) == {"admitted": 1, "duplicate": SCANNERS - 1}
        (check_in,) = CheckIn.objects.filter(registration=registration)
        assert {r.first_scan_at for r in results} == {check_in.scanned_at}
        assert (
            LogEntry.objects.for_instance(registration)
            .filter(action="registration.checked_in")
            .count()
            == 1
        )


def test_same_ticket_scanned_at_once_at_a_room_door_is_admitted_once():
    registration = RegistrationFactory()
    room = RoomFactory(venue=registration.edition.venue)
    payload = ticket_payload(registration)

    results = scan_all_at_once(payload, registration.edition, room)

    assert Counter(r.code for r in results) == {"admitted": 1, "duplicate": SCANNERS - 1}
    assert CheckIn.objects.filter(registration=registration, room=room).count() == 1
