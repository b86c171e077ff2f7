"""Admission rules of issue 13: registration windows, confirmed addresses (signed link, held
seat, expiry), the approval queue, and the same answer for an address registered already."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.models import LogEntry
from registrations import services
from registrations.addresses import confirmation_token
from registrations.enums import Attendance, CategoryKind, RegistrationState
from registrations.models import Registration
from tests.factories import (
    EditionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    organiser_of,
)
from tests.test_registration_tickets import qr_codes_in_pdf

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
LINK = re.compile(r"https?://\S+/anmeldung/bestaetigen/\S+/")


def form_values(category, **overrides):
    values = {
        "category": category.pk,
        "attendance": Attendance.ONSITE,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@stadt.example.org",
        "terms": "on",
    }
    values.update(overrides)
    return values


def register_url(edition):
    return reverse("registrations:register", args=[edition.congress.slug, edition.year])


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
def confirming():
    """A free public-sector category that confirms addresses, in an edition with 2 seats."""
    return TicketCategoryFactory(
        edition=EditionFactory(onsite_capacity=2), requires_confirmation=True
    )


# --- registration windows ----------------------------------------------------------------------


def test_service_refuses_registration_after_the_edition_ended():
    edition = EditionFactory(
        title="e-nrw 2021", start_date=dt.date(2021, 11, 10), end_date=dt.date(2021, 11, 10)
    )
    category = TicketCategoryFactory(edition=edition)

    with pytest.raises(services.RegistrationError) as refused:
        register(category)
    with pytest.raises(services.RegistrationError):
        register(category, skip_sales_checks=True)

    assert refused.value.message == (
        "Die Anmeldung für e-nrw 2021 ist geschlossen; der Kongress fand am 10.11.2021 statt."
    )
    assert not Registration.objects.exists()


def test_category_sells_until_its_sales_end_and_never_after_the_edition():
    now = timezone.now()
    edition = EditionFactory(start_date=timezone.localdate() + dt.timedelta(days=10))
    ends_soon = TicketCategoryFactory(edition=edition, sales_end=now + dt.timedelta(hours=1))
    open_end = TicketCategoryFactory(edition=edition, name="Wirtschaft")

    assert ends_soon.is_on_sale(now) and open_end.is_on_sale(now)
    assert not ends_soon.is_on_sale(now + dt.timedelta(hours=1))
    after = edition.ends_at
    assert not open_end.is_on_sale(after)
    assert open_end.is_on_sale(after - dt.timedelta(seconds=1))
    with pytest.raises(services.RegistrationError):
        register(ends_soon, now=now + dt.timedelta(hours=2))
    assert register(ends_soon, now=now).state == S.CONFIRMED


def test_past_edition_page_shows_the_sentence_and_no_form(site_tree, client):
    edition = site_tree.edition  # e-nrw 2020, 5 and 6 November 2020
    category = TicketCategoryFactory(edition=edition)

    response = client.get(register_url(edition))
    posted = client.post(register_url(edition), form_values(category))

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Die Anmeldung für e-nrw 2020 ist geschlossen; der Kongress fand am "
        "05.11.2020–06.11.2020 statt." in html
    )
    assert "<form" not in html.split("<main", 1)[1]
    assert 'href="/e-nrw/2020/programm/"' in html
    assert posted.status_code == 200
    assert not Registration.objects.exists()


# --- confirmed addresses -----------------------------------------------------------------------


def test_confirmation_holds_the_seat_mails_the_link_and_issues_the_ticket_after_the_click(
    confirming, client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = confirming.edition
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(edition), form_values(confirming))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert registration.state == S.AWAITING_CONFIRMATION
    assert registration.reserved_until > timezone.now() + dt.timedelta(hours=23)
    assert services.free_onsite_seats(edition) == 1  # the seat is held
    (mail,) = mailoutbox
    assert mail.subject == f"Bitte bestätigen Sie Ihre E-Mail-Adresse: {edition.title}"
    assert mail.attachments == []  # no ticket before the click
    link = LINK.search(mail.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Adresse bestätigen" in page.content.decode()
    registration.refresh_from_db()
    assert registration.state == S.AWAITING_CONFIRMATION  # GET confirms nothing

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post("/" + path)
    registration.refresh_from_db()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse(
        "registrations:manage", args=[registration.manage_token]
    )
    assert registration.state == S.CONFIRMED
    ticket_mail = mailoutbox[1]
    assert ticket_mail.subject == f"Ihr Ticket: {edition.title}"
    assert len(qr_codes_in_pdf(ticket_mail.attachments[0][1])) == 1
    actions = list(
        LogEntry.objects.filter(object_id=str(registration.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "registration.created",
        "registration.address_confirmed",
        "registration.confirmed",
    ]
    # A second click changes nothing and sends nothing.
    again = client.post("/" + path)
    assert again.status_code == 302
    assert len(mailoutbox) == 2


def test_forged_or_garbled_confirmation_link_is_refused_without_500(confirming, client):
    registration = register(confirming)
    token = confirmation_token(registration)

    for bad in [token[:-2] + "xx", "nope", "a" * 300]:
        url = reverse("registrations:confirm_address", args=[bad])
        assert client.get(url).status_code == 400
        assert client.post(url).status_code == 400
    registration.refresh_from_db()
    assert registration.state == S.AWAITING_CONFIRMATION


def test_unconfirmed_hold_expires_and_its_seat_goes_to_the_waiting_list(
    confirming, client, mailoutbox, django_capture_on_commit_callbacks
):
    holder = register(confirming, 0)
    register(confirming, 1)
    waiting = register(confirming, 2)
    assert waiting.state == S.WAITLISTED
    Registration.objects.filter(pk=holder.pk).update(
        reserved_until=timezone.now() - dt.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.state, waiting.state) == (S.EXPIRED, S.OFFERED)
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["max0@example.org"].startswith("Ihre Reservierung ist verfallen")
    assert subjects["max2@example.org"].startswith("Ein Platz ist frei geworden")
    # The late click is refused with a message, no ticket.
    url = reverse("registrations:confirm_address", args=[confirmation_token(holder)])
    response = client.post(url)
    assert response.status_code == 400
    assert "nicht mehr gültig" in response.content.decode()


def test_new_categories_confirm_free_public_sector_and_domain_restricted_by_default():
    edition = EditionFactory()
    free_public = TicketCategoryFactory.build(edition=edition, kind=CategoryKind.PUBLIC_SECTOR)
    domains = TicketCategoryFactory.build(
        edition=edition, kind=CategoryKind.BUSINESS, email_domains="nrw.de", price_net=100
    )
    paid_business = TicketCategoryFactory.build(
        edition=edition, kind=CategoryKind.BUSINESS, price_net=100
    )

    assert free_public.confirmation_by_default
    assert domains.confirmation_by_default
    assert not paid_business.confirmation_by_default


def test_ticket_category_created_in_the_admin_confirms_addresses_by_default(admin_client):
    edition = EditionFactory()
    url = reverse("ticket_categories:add")
    data = {
        "edition": edition.pk,
        "name": "Verwaltung",
        "kind": CategoryKind.PUBLIC_SECTOR,
        "description": "",
        "price_net": "0.00",
        "vat_rate": "19.00",
        "attendance": "both",
        "sort_order": "0",
        "is_public": "on",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    category = edition.ticket_categories.get()
    assert category.requires_confirmation is True


# --- no enumeration ----------------------------------------------------------------------------


def test_registering_a_known_address_answers_like_a_new_one_and_mails_the_private_link(
    confirming, client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = confirming.edition
    other = TicketCategoryFactory(edition=edition, name="Wirtschaft", kind=CategoryKind.BUSINESS)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(register_url(edition), form_values(confirming))
        second = client.post(
            register_url(edition), form_values(other, email="ERIKA@stadt.example.org")
        )
        unknown = client.post(register_url(edition), form_values(other, email="neu@example.org"))

    registration = Registration.objects.get(email="erika@stadt.example.org")
    assert Registration.objects.count() == 2
    answers = [(r.status_code, r["Location"]) for r in (first, second, unknown)]
    sent = reverse("registrations:register_sent", args=[edition.congress.slug, edition.year])
    assert answers == [(302, sent)] * 3
    page = client.get(sent)
    assert page.status_code == 200
    assert "bereits" not in page.content.decode()
    reminder = mailoutbox[1]
    assert reminder.to == ["erika@stadt.example.org"]
    assert reminder.subject == f"Ihr persönlicher Link: {edition.title}"
    assert f"/anmeldung/verwalten/{registration.manage_token}/" in reminder.body
    assert LogEntry.objects.filter(
        object_id=str(registration.pk), action="registration.link_resent"
    ).exists()


# --- approval queue ----------------------------------------------------------------------------


@pytest.fixture
def approving():
    return TicketCategoryFactory(
        edition=EditionFactory(onsite_capacity=1), name="Presse", requires_approval=True
    )


def queue_url():
    return reverse("registrations_approval_queue")


def decide_url(registration):
    return reverse("registrations_approval_decide", args=[registration.pk])


def test_approval_queue_lists_waiting_registrations_for_the_congress_organisers_only(
    approving, client
):
    registration = register(approving, 0, organisation="Kommune21")
    assert registration.state == S.AWAITING_APPROVAL
    organiser = organiser_of(approving.edition.congress)
    stranger = organiser_of(EditionFactory().congress)

    client.force_login(organiser)
    page = client.get(queue_url())
    assert page.status_code == 200
    assert "Kommune21" in page.content.decode()

    client.force_login(stranger)
    assert "Kommune21" not in client.get(queue_url()).content.decode()
    refused = client.post(decide_url(registration), {"decision": "approve"})
    assert refused.status_code in (302, 403)
    registration.refresh_from_db()
    assert registration.state == S.AWAITING_APPROVAL


def test_approve_sends_the_ticket_with_the_message_and_is_logged(
    approving, client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(approving)
    organiser = organiser_of(approving.edition.congress)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(registration),
            {"decision": "approve", "message": "Willkommen, bitte Presseausweis mitbringen."},
        )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED
    (mail,) = mailoutbox
    assert mail.subject == f"Ihr Ticket: {approving.edition.title}"
    assert "Willkommen, bitte Presseausweis mitbringen." in mail.body
    entry = LogEntry.objects.get(object_id=str(registration.pk), action="registration.confirmed")
    assert entry.user_id == organiser.pk
    assert entry.data["message"] == "Willkommen, bitte Presseausweis mitbringen."


def test_reject_needs_a_message_mails_it_and_frees_the_seat_for_the_waiting_list(
    approving, client, mailoutbox, django_capture_on_commit_callbacks
):
    registration = register(approving, 0)
    waiting = register(approving, 1)
    assert waiting.state == S.WAITLISTED
    client.force_login(organiser_of(approving.edition.congress))

    client.post(decide_url(registration), {"decision": "reject", "message": ""})
    registration.refresh_from_db()
    assert registration.state == S.AWAITING_APPROVAL

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            decide_url(registration),
            {"decision": "reject", "message": "Leider nur für akkreditierte Presse."},
        )

    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.state, waiting.state) == (S.REJECTED, S.OFFERED)
    rejected = next(m for m in mailoutbox if m.to == ["max0@example.org"])
    assert rejected.subject == f"Ihre Anmeldung wurde abgelehnt: {approving.edition.title}"
    assert "Leider nur für akkreditierte Presse." in rejected.body
    assert LogEntry.objects.filter(
        object_id=str(registration.pk), action="registration.rejected"
    ).exists()
    # Deciding twice is refused.
    with pytest.raises(services.RegistrationError):
        services.approve_registration(registration=registration, by_user=None)


def test_confirmation_then_approval_then_ticket(approving, django_capture_on_commit_callbacks):
    approving.requires_confirmation = True
    approving.save()
    registration = register(approving)
    assert registration.state == S.AWAITING_CONFIRMATION

    services.confirm_address(registration=registration)
    registration.refresh_from_db()
    assert registration.state == S.AWAITING_APPROVAL

    services.approve_registration(registration=registration, by_user=None)
    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED


@pytest.mark.parametrize("rows", [2, 12])
def test_approval_queue_query_count_does_not_grow_with_rows(approving, client, rows):
    approving.edition.onsite_capacity = None
    approving.edition.save()
    RegistrationFactory.create_batch(rows, category=approving, state=S.AWAITING_APPROVAL)
    client.force_login(organiser_of(approving.edition.congress))
    client.get(queue_url())  # warm caches (session, roles)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(queue_url())

    assert response.status_code == 200
    assert response.content.decode().count('name="decision" value="approve"') == rows
    assert len(queries) <= 12


def test_organisers_registering_someone_need_no_confirmation_or_approval(approving):
    approving.requires_confirmation = True
    approving.save()

    registration = register(approving, skip_sales_checks=True)

    assert registration.state == S.CONFIRMED


def test_mode_switch_online_offers_waiting_unconfirmed_addresses_instead_of_tickets(confirming):
    from congress.enums import EditionMode

    edition = confirming.edition
    edition.mode = EditionMode.HYBRID
    edition.save()
    register(confirming, 0)
    register(confirming, 1)
    waiting = register(confirming, 2)
    assert waiting.state == S.WAITLISTED

    services.switch_edition_mode(edition=edition, mode=EditionMode.ONLINE, notice="")

    held = Registration.objects.filter(email__in=["max0@example.org", "max1@example.org"])
    assert set(held.values_list("state", flat=True)) == {S.AWAITING_CONFIRMATION}
    waiting.refresh_from_db()
    assert (waiting.state, waiting.attendance) == (S.OFFERED, Attendance.ONLINE)
