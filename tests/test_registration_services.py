"""Registration rules: categories, capacity, waiting list, promotion, cancel, switch, expiry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from congress.models import LogEntry
from registrations import services
from registrations.enums import Attendance, CategoryAttendance, RegistrationState
from registrations.models import Registration
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    VoucherFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState


def register(category, n=0, **kwargs):
    values = {
        "category": category,
        "first_name": "Max",
        "last_name": f"Muster{n}",
        "email": f"max{n}@example.org",
        "attendance": Attendance.ONSITE,
        "terms_accepted": True,
    }
    values.update(kwargs)
    return services.register_attendee(**values)


@pytest.fixture
def category():
    return TicketCategoryFactory(edition=EditionFactory(onsite_capacity=2))


def test_register_attendee_confirms_free_ticket_and_sends_ticket(
    category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(category)

    assert registration.state == S.CONFIRMED
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["max0@example.org"]
    assert mail.subject == f"Ihr Ticket: {category.edition.title}"
    assert [(name, mime) for name, _content, mime in mail.attachments] == [
        (
            f"ticket-{category.edition.congress.slug}-{category.edition.year}-{registration.pk}.pdf",
            "application/pdf",
        ),
        ("mein-programm.ics", "text/calendar"),
    ]
    assert f"/anmeldung/verwalten/{registration.manage_token}/" in mail.body
    assert list(LogEntry.objects.values_list("action", flat=True)) == ["registration.created"]


def test_register_attendee_waitlists_when_onsite_is_full(
    category, mailoutbox, django_capture_on_commit_callbacks
):
    register(category, 1)
    register(category, 2)

    with django_capture_on_commit_callbacks(execute=True):
        third = register(category, 3)

    assert third.state == S.WAITLISTED
    assert mailoutbox[-1].subject == f"Warteliste: {category.edition.title}"
    assert mailoutbox[-1].attachments == []


def test_register_attendee_goes_online_when_full_and_accepted(category):
    register(category, 1)
    register(category, 2)

    third = register(category, 3, accepts_online=True)

    assert (third.state, third.attendance) == (S.CONFIRMED, Attendance.ONLINE)


def test_register_attendee_onsite_only_category_waitlists_despite_online_consent(category):
    category.attendance = CategoryAttendance.ONSITE
    category.save()
    register(category, 1)
    register(category, 2)

    assert register(category, 3, accepts_online=True).state == S.WAITLISTED


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        ({}, {"terms_accepted": False}, "Bitte stimmen Sie den Teilnahmebedingungen"),
        ({"requires_authority": True}, {}, "Bitte nennen Sie Ihre Behörde"),
        ({"email_domains": "nrw.de"}, {}, "Diese Ticketkategorie ist Adressen dieser Domains"),
        ({"quota": 0}, {}, "Das Kontingent dieser Ticketkategorie ist ausgeschöpft."),
        ({"is_public": False}, {}, "Diese Ticketkategorie vergibt das Organisationsteam."),
        (
            {"requires_voucher": True},
            {},
            "Für diese Ticketkategorie brauchen Sie einen Gutscheincode.",
        ),
        ({"attendance": CategoryAttendance.ONLINE}, {}, "Diese Ticketkategorie gilt nicht"),
        ({"price_net": Decimal("100")}, {}, "Die Online-Zahlung ist noch nicht eingerichtet."),
        (
            {"sales_end": timezone.now() - dt.timedelta(days=1)},
            {},
            "Für diese Ticketkategorie läuft",
        ),
    ],
)
def test_register_attendee_refuses_with_message_and_writes_nothing(
    category, change, kwargs, message
):
    for key, value in change.items():
        setattr(category, key, value)
    category.save()

    with pytest.raises(services.RegistrationError) as excinfo:
        register(category, **kwargs)

    assert excinfo.value.message.startswith(message)
    assert Registration.objects.count() == 0
    assert LogEntry.objects.count() == 0


def test_register_attendee_accepts_subdomain_of_allowed_domain(category):
    category.email_domains = "nrw.de\n@bund.de"
    category.save()

    registration = register(category, email="a@it.nrw.de")

    assert registration.state == S.CONFIRMED


def test_register_attendee_refuses_second_active_registration_with_same_email(category):
    register(category, 1)

    with pytest.raises(services.RegistrationError, match="bereits eine Anmeldung"):
        register(category, 2, email="MAX1@example.org")


def test_register_attendee_with_voucher_once(category):
    voucher = VoucherFactory(category__edition=category.edition, code="PARTNER-1")
    partner = voucher.category
    partner.requires_voucher = True
    partner.is_public = False
    partner.save()

    registration = register(partner, 1, voucher_code="partner-1")

    assert registration.voucher == voucher
    with pytest.raises(services.RegistrationError, match="bereits eingelöst"):
        register(partner, 2, voucher_code="PARTNER-1")
    with pytest.raises(services.RegistrationError, match="gilt nicht für diese"):
        register(partner, 3, voucher_code="WRONG")


def test_cancel_registration_offers_seat_to_first_on_waiting_list(
    category, mailoutbox, django_capture_on_commit_callbacks
):
    first = register(category, 1)
    register(category, 2)
    waiting_1 = register(category, 3)
    waiting_2 = register(category, 4)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first)

    first.refresh_from_db()
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert (first.state, waiting_1.state, waiting_2.state) == (S.CANCELLED, S.OFFERED, S.WAITLISTED)
    assert waiting_1.offer_expires_at is not None
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox) == [
        ("max1@example.org", "Stornierung Ihrer Anmeldung"),
        ("max3@example.org", "Ein Platz ist frei geworden"),
    ]


def test_accept_offer_confirms_and_sends_ticket(
    category, mailoutbox, django_capture_on_commit_callbacks
):
    first = register(category, 1)
    register(category, 2)
    waiting = register(category, 3)
    services.cancel_registration(registration=first)
    waiting.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer(registration=waiting)

    waiting.refresh_from_db()
    assert waiting.state == S.CONFIRMED
    assert mailoutbox[-1].subject.startswith("Ihr Ticket")
    assert [a[2] for a in mailoutbox[-1].attachments] == ["application/pdf", "text/calendar"]


def test_expired_offer_passes_seat_to_next(category):
    first = register(category, 1)
    register(category, 2)
    waiting_1 = register(category, 3)
    waiting_2 = register(category, 4)
    services.cancel_registration(registration=first)

    later = timezone.now() + dt.timedelta(hours=49)
    assert services.expire_stale_registrations(now=later) == 1

    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert (waiting_1.state, waiting_2.state) == (S.EXPIRED, S.OFFERED)
    with pytest.raises(services.RegistrationError, match="gilt nicht mehr"):
        services.accept_offer(registration=waiting_1)


def test_expire_stale_registrations_frees_unpaid_reservation(category):
    edition = category.edition
    unpaid = RegistrationFactory(
        category=category,
        state=S.PENDING_PAYMENT,
        reserved_until=timezone.now() - dt.timedelta(minutes=1),
    )
    RegistrationFactory(category=category)
    waiting = RegistrationFactory(category=category, state=S.WAITLISTED)

    assert services.expire_stale_registrations() == 1

    unpaid.refresh_from_db()
    waiting.refresh_from_db()
    assert (unpaid.state, waiting.state) == (S.EXPIRED, S.OFFERED)
    assert services.free_onsite_seats(edition) == 0


def test_switch_attendance_online_frees_seat_and_back_needs_one(category):
    first = register(category, 1)
    register(category, 2)
    waiting = register(category, 3)

    services.switch_attendance(registration=first, attendance=Attendance.ONLINE)

    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.attendance, waiting.state) == (Attendance.ONLINE, S.OFFERED)
    with pytest.raises(services.RegistrationError, match="keine Plätze mehr frei"):
        services.switch_attendance(registration=first, attendance=Attendance.ONSITE)


def test_switch_attendance_refused_when_category_forbids(category):
    category.attendance = CategoryAttendance.ONSITE
    category.save()
    registration = register(category, 1)

    with pytest.raises(services.RegistrationError, match="erlaubt diese Teilnahmeform nicht"):
        services.switch_attendance(registration=registration, attendance=Attendance.ONLINE)


def test_cancel_registration_twice_is_refused(category):
    registration = register(category, 1)
    services.cancel_registration(registration=registration)

    with pytest.raises(services.RegistrationError, match="bereits storniert"):
        services.cancel_registration(registration=registration)


def test_set_registration_state_refuses_illegal_transition_and_logs_legal(category):
    registration = register(category, 1)

    with pytest.raises(services.RegistrationError):
        services.set_registration_state(registration=registration, state=S.OFFERED)
    services.set_registration_state(registration=registration, state=S.CANCELLED)

    entry = LogEntry.objects.for_instance(registration).first()
    assert (entry.action, entry.data) == (
        "registration.cancelled",
        {"old": "confirmed", "new": "cancelled"},
    )


def test_issue_speaker_ticket_once_with_speaker_category(category, mailoutbox):
    from registrations.enums import CategoryKind

    edition = category.edition
    assert (
        services.issue_speaker_ticket(
            edition=edition, first_name="R", last_name="S", email="r@example.org"
        )
        is None
    )
    TicketCategoryFactory(
        edition=edition,
        name="Referent/in",
        kind=CategoryKind.SPEAKER,
        is_public=False,
        attendance=CategoryAttendance.ONSITE,
    )

    ticket = services.issue_speaker_ticket(
        edition=edition, first_name="R", last_name="S", email="r@example.org"
    )

    assert (ticket.category.kind, ticket.state) == (CategoryKind.SPEAKER, S.CONFIRMED)
    again = services.issue_speaker_ticket(
        edition=edition, first_name="R", last_name="S", email="R@example.org"
    )
    assert again is None


def test_expire_registrations_command(category):
    from io import StringIO

    from django.core.management import call_command

    RegistrationFactory(
        category=category,
        state=S.PENDING_PAYMENT,
        reserved_until=timezone.now() - dt.timedelta(minutes=1),
    )
    out = StringIO()

    call_command("expire_registrations", stdout=out)
    call_command("expire_registrations", stdout=out)

    assert out.getvalue() == "1 expired, 0 offered\n0 expired, 0 offered\n"
