"""Gapless document numbers under concurrency (PostgreSQL): invoices and credit notes issued at
the same time from many connections share one sequence per year without gaps or duplicates,
also when some of the transactions roll back."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from registrations import services
from registrations.enums import Attendance, CategoryKind
from registrations.models import CreditNote, Invoice
from tests.factories import EditionFactory, TicketCategoryFactory

WORKERS = 16
PER_WORKER = 6

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locking"),
]


class Rollback(Exception):
    pass


def test_invoices_and_credit_notes_are_numbered_without_gaps_or_duplicates():
    category = TicketCategoryFactory(
        edition=EditionFactory(),  # unlimited: no edition lock serialises the invoices
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("100.00"),
        allows_invoice=True,
    )
    start = threading.Barrier(WORKERS)

    def register(n):
        return services.register_attendee(
            category=category,
            first_name="Eva",
            last_name=f"Amt{n}",
            email=f"eva{n}@stadt.example",
            attendance=Attendance.ONSITE,
            terms_accepted=True,
            payment_method="invoice",
            billing_address="Markt 2\n41460 Neuss",
        )

    def work(worker):
        try:
            start.wait(timeout=30)
            for i in range(PER_WORKER):
                n = worker * PER_WORKER + i
                registration = register(n)
                if i % 3 == 1:  # a cancellation invoice right away
                    services.cancel_registration(registration=registration)
                elif i % 3 == 2:  # a correction drawn in a transaction that rolls back
                    try:
                        with transaction.atomic():
                            services.issue_credit_note(
                                invoice=registration.invoice,
                                gross=Decimal("10.00"),
                                reason="Test",
                            )
                            raise Rollback
                    except Rollback:
                        pass
                    services.issue_credit_note(
                        invoice=registration.invoice, gross=Decimal("5.00"), reason="Test"
                    )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(work, range(WORKERS)))

    numbers = [*Invoice.objects.values_list("number", flat=True)]
    numbers += CreditNote.objects.values_list("number", flat=True)
    year = timezone.localdate().year
    total = WORKERS * PER_WORKER
    credit_notes = WORKERS * (PER_WORKER // 3) * 2
    assert Invoice.objects.count() == total
    assert CreditNote.objects.count() == credit_notes
    assert sorted(numbers) == [f"RE-{year}-{n:05d}" for n in range(1, total + credit_notes + 1)]
