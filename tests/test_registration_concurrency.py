"""No overbooking under concurrency: on PostgreSQL, 200 concurrent attempts for the last 50 seats
end with exactly 50 confirmed and every other attempt on the waiting list, nothing lost.

Runs only on PostgreSQL (``DATABASE_URL=postgres://...``), where the edition row lock of
``register_attendee`` is what prevents overbooking; SQLite serialises writers anyway.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from registrations import services
from registrations.enums import Attendance, RegistrationState
from registrations.models import Registration
from tests.factories import EditionFactory, RegistrationFactory, TicketCategoryFactory

ATTEMPTS = 200
SEATS_LEFT = 50
ALREADY_TAKEN = 10
# Connections at once: below PostgreSQL's default max_connections of 100, shared with others.
WORKERS = 40

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.integration,
    # serialized_rollback: restore the rows of the migrations (content types among them) that
    # another transactional test before this one flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locking"),
]


def test_register_attendee_never_overbooks_under_concurrency():
    edition = EditionFactory(onsite_capacity=ALREADY_TAKEN + SEATS_LEFT)
    category = TicketCategoryFactory(edition=edition)
    RegistrationFactory.create_batch(ALREADY_TAKEN, category=category)
    start = threading.Barrier(WORKERS)

    def attempt(n):
        try:
            registration = services.register_attendee(
                category=category,
                first_name="Max",
                last_name=f"Muster{n}",
                email=f"concurrent{n}@example.org",
                attendance=Attendance.ONSITE,
                terms_accepted=True,
            )
            return registration.state
        except services.RegistrationError as error:
            return f"refused: {error.message}"

    def worker(first):
        try:
            start.wait(timeout=30)
            return [attempt(n) for n in range(first, ATTEMPTS, WORKERS)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = [state for result in pool.map(worker, range(WORKERS)) for state in result]

    assert len(outcomes) == ATTEMPTS
    assert Counter(outcomes) == {
        RegistrationState.CONFIRMED: SEATS_LEFT,
        RegistrationState.WAITLISTED: ATTEMPTS - SEATS_LEFT,
    }
    new = Registration.objects.filter(email__startswith="concurrent")
    assert new.count() == ATTEMPTS
    assert Registration.objects.holding_seat().count() == ALREADY_TAKEN + SEATS_LEFT
    assert services.free_onsite_seats(edition) == 0


def test_cancellations_and_registrations_concurrently_never_overbook():
    edition = EditionFactory(onsite_capacity=20)
    category = TicketCategoryFactory(edition=edition)
    booked = RegistrationFactory.create_batch(20, category=category)
    start = threading.Barrier(WORKERS)

    def worker(n):
        try:
            start.wait(timeout=30)
            if n < 10:
                services.cancel_registration(registration=booked[n])
                return "cancelled"
            return services.register_attendee(
                category=category,
                first_name="Max",
                last_name=f"M{n}",
                email=f"race{n}@example.org",
                attendance=Attendance.ONSITE,
                terms_accepted=True,
            ).state
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(worker, range(WORKERS)))

    assert len(outcomes) == WORKERS
    assert Registration.objects.holding_seat().count() == 20
    assert Registration.objects.filter(state=RegistrationState.CANCELLED).count() == 10
    assert Registration.objects.count() == 20 + WORKERS - 10
