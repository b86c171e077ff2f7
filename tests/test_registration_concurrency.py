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

from congress.models import Edition, LogEntry
from registrations import services
from registrations.enums import HOLDING_STATES, Attendance, RegistrationState
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


def test_capacity_raised_while_newcomers_register_offers_the_waiting_first():
    """The issue's case on a larger scale: the venue is full (120), ten people wait, the
    organisers raise the capacity by 20 while 100 newcomers register at once. Everyone who
    waited before is offered a seat before any newcomer gets one, nobody is overbooked, and
    every newcomer who got no seat waits behind the earlier ones."""
    capacity, waiting_before, raised_by, newcomers = 120, 10, 20, 100
    edition = EditionFactory(onsite_capacity=capacity)
    category = TicketCategoryFactory(edition=edition)
    RegistrationFactory.create_batch(capacity, category=category)
    earlier = RegistrationFactory.create_batch(
        waiting_before, category=category, state=RegistrationState.WAITLISTED
    )
    start = threading.Barrier(WORKERS)

    def raise_capacity():
        # What the admin's edit does: save the edition, then the hook offers the new seats.
        Edition.objects.filter(pk=edition.pk).update(onsite_capacity=capacity + raised_by)
        services.offer_free_seats(edition=edition)
        return "raised"

    def attempt(n):
        return services.register_attendee(
            category=category,
            first_name="Neu",
            last_name=f"Person{n}",
            email=f"newcomer{n}@example.org",
            attendance=Attendance.ONSITE,
            terms_accepted=True,
        ).state

    def worker(first):
        try:
            start.wait(timeout=30)
            outcomes = []
            for n in range(first, newcomers, WORKERS):
                if n == newcomers // 2:
                    outcomes.append(raise_capacity())
                outcomes.append(attempt(n))
            return outcomes
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = [state for result in pool.map(worker, range(WORKERS)) for state in result]

    assert outcomes.count("raised") == 1
    assert len(outcomes) == newcomers + 1
    # Nobody overbooked: exactly the new capacity holds seats.
    assert Registration.objects.holding_seat().count() == capacity + raised_by
    # Everyone who waited before holds an offer.
    earlier_ids = {r.pk for r in earlier}
    assert set(Registration.objects.filter(pk__in=earlier_ids).values_list("state", flat=True)) == {
        RegistrationState.OFFERED
    }
    # ... given before any newcomer got a seat (the audit log's order is the commit order
    # under the edition's lock).
    newcomer_rows = Registration.objects.filter(email__startswith="newcomer")
    seated = newcomer_rows.filter(state__in=HOLDING_STATES)
    assert seated.count() == raised_by - waiting_before
    entries = LogEntry.objects.filter(
        object_id__in=[str(pk) for pk in newcomer_rows.values_list("pk", flat=True)]
        + [str(pk) for pk in earlier_ids],
        action__in=["registration.offered", "registration.created"],
    ).order_by("pk")
    first_newcomer_seat = min(
        entry.pk
        for entry in entries
        if int(entry.object_id) not in earlier_ids
        and (entry.action == "registration.offered" or entry.data.get("state") in HOLDING_STATES)
    )
    last_earlier_offer = max(
        entry.pk
        for entry in entries
        if int(entry.object_id) in earlier_ids and entry.action == "registration.offered"
    )
    assert last_earlier_offer < first_newcomer_seat
    # The rest of the newcomers wait, in the order they registered.
    assert newcomer_rows.filter(state=RegistrationState.WAITLISTED).count() == (
        newcomers - (raised_by - waiting_before)
    )
