"""No back doors in the admin: registrations, invoices, credit notes and payments are read-only
(no edit, delete or create view; the models refuse changes to issued documents), and every
change an organiser makes is an action that calls the services, keeps capacity, asks the rules
and writes the audit log."""

from decimal import Decimal

import pytest
from django.urls import reverse

from congress.models import LogEntry
from registrations import services
from registrations.enums import (
    Attendance,
    CategoryAttendance,
    CategoryKind,
    CreditNoteKind,
    InvoiceState,
    RegistrationState,
)
from registrations.models import CreditNote, Invoice, IssuedDocumentError, Registration
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    checkin_staff_of,
    organiser_of,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState


@pytest.fixture
def edition():
    return EditionFactory(onsite_capacity=1)


@pytest.fixture
def paid_category(edition):
    return TicketCategoryFactory(
        edition=edition,
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("100.00"),
        allows_invoice=True,
    )


def register(category, n=0, **kwargs):
    values = {
        "category": category,
        "first_name": "Eva",
        "last_name": f"Amt{n}",
        "email": f"eva{n}@stadt.example",
        "attendance": Attendance.ONSITE,
        "terms_accepted": True,
        "payment_method": "invoice",
        "billing_address": "Markt 2\n41460 Neuss",
    }
    values.update(kwargs)
    return services.register_attendee(**values)


@pytest.fixture
def organiser(client, edition):
    client.force_login(organiser_of(edition.congress))
    return client


def actions_of(registration) -> list[str]:
    return list(
        LogEntry.objects.for_instance(registration).order_by("pk").values_list("action", flat=True)
    )


# Issued documents never change --------------------------------------------------------------


def test_issued_invoice_cannot_be_changed_or_deleted(paid_category):
    invoice = register(paid_category).invoice

    invoice.buyer_name = "Jemand anderes"
    with pytest.raises(IssuedDocumentError):
        invoice.save()
    with pytest.raises(IssuedDocumentError):
        invoice.save(update_fields=["buyer_name"])
    with pytest.raises(IssuedDocumentError):
        Invoice.objects.filter(pk=invoice.pk).update(gross=Decimal("1.00"))
    with pytest.raises(IssuedDocumentError):
        invoice.delete()
    with pytest.raises(IssuedDocumentError):
        Invoice.objects.all().delete()
    stored = Invoice.objects.get(pk=invoice.pk)
    assert (stored.buyer_name, stored.gross) == ("Eva Amt0", Decimal("119.00"))
    # Its bookkeeping may change: paid.
    services.mark_invoice_paid(invoice=stored)
    assert Invoice.objects.get(pk=invoice.pk).state == InvoiceState.PAID


def test_credit_note_cannot_be_changed_or_deleted(paid_category):
    registration = register(paid_category)
    services.cancel_registration(registration=registration)
    note = CreditNote.objects.get()

    note.gross = Decimal("1.00")
    with pytest.raises(IssuedDocumentError):
        note.save()
    with pytest.raises(IssuedDocumentError):
        note.delete()
    with pytest.raises(IssuedDocumentError):
        CreditNote.objects.update(reason="x")
    assert CreditNote.objects.get().gross == Decimal("119.00")


@pytest.mark.parametrize("viewset", ["invoices", "credit_notes", "payments", "registration_admin"])
def test_admin_has_no_edit_or_delete_views(admin_client, paid_category, viewset, monkeypatch):
    registration = register(paid_category)
    services.cancel_registration(registration=registration)
    obj = {
        "invoices": Invoice.objects.first(),
        "credit_notes": CreditNote.objects.first(),
        "registration_admin": registration,
    }.get(viewset)
    if obj is None:  # a payment
        from registrations.models import Payment

        obj = Payment.objects.create(
            registration=registration, amount=Decimal("119.00"), checkout_session_id="cs_1"
        )
    inspect = reverse(f"{viewset}:inspect", args=[obj.pk])

    assert admin_client.get(inspect).status_code == 200
    for view in ("edit", "delete"):
        url = inspect.replace("/inspect/", f"/{view}/")
        assert admin_client.get(url).status_code == 404
        assert admin_client.post(url, {"buyer_name": "x"}).status_code == 404
    listing = admin_client.get(reverse(f"{viewset}:index")).content.decode()
    assert "/edit/" not in listing and "/delete/" not in listing
    if viewset != "registration_admin":
        assert (
            admin_client.get(reverse(f"{viewset}:index").rstrip("/") + "/new/").status_code == 404
        )


# Every change is an action: logged, within capacity, by permission ---------------------------


def test_change_category_keeps_quota_and_is_logged(organiser, edition, mailoutbox):
    old = TicketCategoryFactory(edition=edition, name="Alt")
    full = TicketCategoryFactory(edition=edition, name="Voll", quota=1)
    free = TicketCategoryFactory(edition=edition, name="Frei")
    RegistrationFactory(category=full)
    registration = RegistrationFactory(category=old)
    url = reverse("registrations_admin_change_category", args=[registration.pk])

    assert organiser.get(url).status_code == 200
    refused = organiser.post(url, {"category": full.pk})
    assert refused.status_code == 400
    assert "Das Kontingent dieser Ticketkategorie ist ausgeschöpft." in refused.content.decode()
    registration.refresh_from_db()
    assert registration.category == old

    done = organiser.post(url, {"category": free.pk})

    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.category == free
    entry = LogEntry.objects.for_instance(registration).get(action="registration.category_changed")
    assert (entry.data, entry.user is not None) == ({"old": "Alt", "new": "Frei"}, True)


def test_change_category_refuses_another_price(organiser, edition, paid_category):
    registration = RegistrationFactory(category=TicketCategoryFactory(edition=edition))

    response = organiser.post(
        reverse("registrations_admin_change_category", args=[registration.pk]),
        {"category": paid_category.pk},
    )

    assert response.status_code == 400
    assert "nur in eine Kategorie gleichen Preises" in response.content.decode()


def test_change_attendance_keeps_the_capacity_and_offers_the_seat(organiser, edition):
    category = TicketCategoryFactory(edition=edition, attendance=CategoryAttendance.BOTH)
    onsite = RegistrationFactory(category=category)
    online = RegistrationFactory(category=category, attendance=Attendance.ONLINE)
    waiting = RegistrationFactory(category=category, state=S.WAITLISTED)

    refused = organiser.post(
        reverse("registrations_admin_change_attendance", args=[online.pk]), {"attendance": "onsite"}
    )
    assert refused.status_code == 400
    assert "Vor Ort sind leider keine Plätze mehr frei." in refused.content.decode()

    organiser.post(
        reverse("registrations_admin_change_attendance", args=[onsite.pk]), {"attendance": "online"}
    )

    onsite.refresh_from_db()
    waiting.refresh_from_db()
    assert (onsite.attendance, waiting.state) == (Attendance.ONLINE, S.OFFERED)
    assert "registration.attendance_changed" in actions_of(onsite)
    assert services.free_onsite_seats(edition) == 0


def test_cancel_and_resend_are_logged_and_offer_the_seat(organiser, edition):
    category = TicketCategoryFactory(edition=edition)
    registration = RegistrationFactory(category=category)
    waiting = RegistrationFactory(category=category, state=S.WAITLISTED)

    organiser.post(reverse("registrations_admin_resend", args=[registration.pk]))
    organiser.post(reverse("registrations_admin_cancel", args=[registration.pk]))

    waiting.refresh_from_db()
    assert waiting.state == S.OFFERED
    assert actions_of(registration) == ["registration.ticket_resent", "registration.cancelled"]


def test_refund_on_invoice_in_part_then_in_full(organiser, edition, paid_category, mailoutbox):
    registration = register(paid_category)
    waiting = register(paid_category, 1)
    services.mark_invoice_paid(invoice=registration.invoice)
    url = reverse("registrations_admin_refund", args=[registration.pk])

    too_much = organiser.post(url, {"amount": "500.00"})
    assert too_much.status_code == 400
    assert "höchstens 119.00 EUR" in too_much.content.decode()
    organiser.post(url, {"amount": "19.00"})
    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED
    organiser.post(url, {"amount": ""})

    registration.refresh_from_db()
    waiting.refresh_from_db()
    notes = list(CreditNote.objects.order_by("pk").values_list("kind", "gross"))
    assert notes == [
        (CreditNoteKind.CORRECTION, Decimal("19.00")),
        (CreditNoteKind.CORRECTION, Decimal("100.00")),
    ]
    assert (registration.state, waiting.state) == (S.REFUNDED, S.OFFERED)
    assert actions_of(registration).count("invoice.credit_note_issued") == 2
    assert "registration.refunded" in actions_of(registration)
    again = organiser.post(url, {"amount": ""})
    assert again.status_code == 400


def test_mark_paid_is_logged(organiser, paid_category):
    registration = register(paid_category)

    organiser.post(reverse("registrations_admin_invoice_paid", args=[registration.invoice.pk]))

    assert "invoice.paid" in actions_of(registration)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("change_category", {}),
        ("change_attendance", {"attendance": "online"}),
        ("refund", {}),
        ("cancel", {}),
        ("resend", {}),
    ],
)
def test_actions_are_refused_without_the_role(client, edition, paid_category, action, data):
    registration = register(paid_category)
    other = EditionFactory()
    client.force_login(organiser_of(other.congress))
    checkin_staff_of(edition, user=organiser_of(other.congress))

    response = client.post(reverse(f"registrations_admin_{action}", args=[registration.pk]), data)

    assert response.status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED
    assert actions_of(registration) == ["registration.created", "invoice.issued"]


def test_inspect_page_offers_the_actions(organiser, paid_category):
    registration = register(paid_category)

    page = organiser.get(reverse("registration_admin:inspect", args=[registration.pk]))

    content = page.content.decode()
    for action in ("kategorie", "teilnahme", "erstatten", "stornieren", "ticket-senden"):
        assert f"/anmeldungen/{registration.pk}/{action}/" in content
    assert Registration.objects.count() == 1


# Query counts of the listings ----------------------------------------------------------------


def listing_queries(client, name) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


def paid_and_cancelled(category, n):
    from registrations.models import Payment

    registration = register(category, n)
    Payment.objects.create(
        registration=registration,
        amount=Decimal("119.00"),
        checkout_session_id=f"cs_{n}",
        state="paid",
    )
    services.cancel_registration(registration=registration)


@pytest.mark.parametrize(
    "name", ["credit_notes:index", "payments:index", "invoices:index", "registration_admin:index"]
)
def test_listings_query_count_does_not_grow_with_rows(organiser, edition, paid_category, name):
    edition.onsite_capacity = None
    edition.save()
    for n in range(2):
        paid_and_cancelled(paid_category, n)
    few = listing_queries(organiser, name)
    for n in range(2, 22):
        paid_and_cancelled(paid_category, n)

    assert listing_queries(organiser, name) == few


def test_credit_notes_download_only_for_their_own_registration_and_organisers(
    client, edition, paid_category
):
    mine = register(paid_category)
    other = register(paid_category, 1)
    services.cancel_registration(registration=mine)
    note = CreditNote.objects.get()

    own = client.get(reverse("registrations:credit_note", args=[mine.manage_token, note.pk]))
    foreign = client.get(reverse("registrations:credit_note", args=[other.manage_token, note.pk]))
    assert (own.status_code, own["Content-Type"]) == (200, "application/pdf")
    assert foreign.status_code == 404
    assert (
        client.get(
            reverse("registrations:credit_note_xml", args=[other.manage_token, note.pk])
        ).status_code
        == 404
    )

    pdf = reverse("registrations_admin_credit_note_pdf", args=[note.pk])
    client.force_login(organiser_of(EditionFactory().congress))
    assert client.get(pdf).status_code in (302, 403)
    client.force_login(organiser_of(edition.congress))
    assert client.get(pdf).status_code == 200


def test_correct_details_is_logged_and_keeps_the_address(organiser, edition, mailoutbox):
    registration = RegistrationFactory(
        category=TicketCategoryFactory(edition=edition), first_name="Lukas", last_name="Zolc"
    )
    url = reverse("registrations_admin_correct_details", args=[registration.pk])

    assert 'value="Lukas"' in organiser.get(url).content.decode()
    empty = organiser.post(url, {"first_name": " ", "last_name": "Żółć"})
    assert empty.status_code == 200  # the form asks again
    organiser.post(url, {"first_name": "Łukasz", "last_name": "Żółć", "organisation": "Amt"})

    registration.refresh_from_db()
    assert (registration.full_name, registration.organisation) == ("Łukasz Żółć", "Amt")
    entry = LogEntry.objects.for_instance(registration).get(action="registration.details_corrected")
    assert entry.data == {
        "first_name": ["Lukas", "Łukasz"],
        "last_name": ["Zolc", "Żółć"],
        "organisation": ["", "Amt"],
    }
    unchanged = organiser.post(
        url, {"first_name": "Łukasz", "last_name": "Żółć", "organisation": "Amt"}
    )
    assert "Es hat sich nichts geändert." in unchanged.content.decode()
