"""Attendees' self-service: forum rooms on switching to on site, "Meine Anmeldungen", offers and
reservations expiring without cron, and the cheap registration request (cached form set-up,
task row in the registration's transaction)."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from congress.models import OutboxMessage
from registrations import services
from registrations.enums import Attendance, RegistrationState
from registrations.models import Registration
from registrations.queries import registration_setup
from tests.factories import (
    EditionFactory,
    QuestionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_emails():
    """Registration emails waiting in the outbox."""
    return OutboxMessage.objects.filter(kind__startswith="registration.", state="waiting")


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


def form_values(category, **overrides):
    return {
        "category": category.pk,
        "attendance": Attendance.ONSITE,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@example.org",
        "terms": "on",
        **overrides,
    }


def register_url(edition):
    return reverse("registrations:register", args=[edition.congress.slug, edition.year])


# Switching to on site needs a place in each chosen forum's room ------------------------------


@pytest.fixture
def programme(build_programme):
    return build_programme(0)


def test_switch_attendance_to_onsite_refused_when_chosen_forum_room_is_full(programme):
    category = TicketCategoryFactory(edition=programme.edition)
    forum, other_forum = programme.forums[0], programme.forums[1]
    forum.room.capacity = 1
    forum.room.save()
    on_site = RegistrationFactory(category=category)
    services.choose_forums(registration=on_site, tracks=[forum])
    online = RegistrationFactory(category=category, attendance=Attendance.ONLINE)
    services.choose_forums(registration=online, tracks=[other_forum, forum])

    with pytest.raises(services.RegistrationError) as refused:
        services.switch_attendance(registration=online, attendance=Attendance.ONSITE)

    assert refused.value.message == (
        f"Im Forum „{forum.label}“ ist vor Ort kein Platz mehr frei. Wählen Sie das Forum ab, "
        "um vor Ort teilzunehmen."
    )
    online.refresh_from_db()
    assert online.attendance == Attendance.ONLINE


def test_switch_attendance_to_onsite_takes_free_forum_place(programme):
    category = TicketCategoryFactory(edition=programme.edition)
    forum = programme.forums[0]
    forum.room.capacity = 1
    forum.room.save()
    online = RegistrationFactory(category=category, attendance=Attendance.ONLINE)
    services.choose_forums(registration=online, tracks=[forum])

    services.switch_attendance(registration=online, attendance=Attendance.ONSITE)

    online.refresh_from_db()
    assert online.attendance == Attendance.ONSITE
    assert services.taken_forum_places(forum) == 1


# "Meine Anmeldungen" ---------------------------------------------------------------------------


def test_my_registrations_redirects_anonymous_to_login(client):
    url = reverse("registrations:mine")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_my_registrations_lists_own_and_verified_guest_registrations(client, site_tree):
    user = UserFactory(email="erika@example.org")
    EmailAddress.objects.create(user=user, email="privat@example.org", verified=False)
    edition = site_tree.edition
    category = TicketCategoryFactory(edition=edition)
    own = RegistrationFactory(category=category, user=user, email="other@example.org")
    guest = RegistrationFactory(
        category=TicketCategoryFactory(edition=EditionFactory(congress=edition.congress)),
        email="Erika@Example.org",
        state=S.WAITLISTED,
    )
    RegistrationFactory(category=category, email="privat@example.org")  # unverified address
    RegistrationFactory(category=category, email="someone@example.org")
    client.force_login(user)

    response = client.get(reverse("registrations:mine"))

    assert response.status_code == 200
    # newest edition first: the guest registration is for an edition in the future, the own
    # one for e-nrw 2020
    assert [r.pk for r in response.context["registrations"]] == [guest.pk, own.pk]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert reverse("registrations:manage", args=[own.manage_token]) in html
    assert reverse("registrations:manage", args=[guest.manage_token]) in html
    assert reverse("registrations:ticket", args=[own.manage_token]) in html
    assert reverse("registrations:ticket", args=[guest.manage_token]) not in html


def test_my_registrations_lookalike_address_does_not_match_others_registrations(client):
    """PostgreSQL's UPPER turns the dotless "ı" into "I": a verified address at a look-alike
    domain (anyone may register gmaıl.com) must not show the registrations of max@gmail.com.
    Case is still ignored for ASCII addresses, and other addresses match exactly."""
    user = UserFactory(email="angreifer@example.org")
    EmailAddress.objects.create(user=user, email="max.mustermann@gmaıl.com", verified=True)
    EmailAddress.objects.create(user=user, email="Kim@Example.ORG", verified=True)
    RegistrationFactory(email="max.mustermann@gmail.com")
    RegistrationFactory(email="MAX.MUSTERMANN@GMAIL.COM")
    exact = RegistrationFactory(email="max.mustermann@gmaıl.com")
    ascii_case = RegistrationFactory(email="kim@example.org")
    client.force_login(user)

    response = client.get(reverse("registrations:mine"))

    assert {r.pk for r in response.context["registrations"]} == {exact.pk, ascii_case.pk}


def test_my_registrations_query_count_does_not_grow(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("registrations:mine")
    client.get(url)  # creates the site settings once

    counts = {}
    for count in (2, 20):
        RegistrationFactory.create_batch(count - Registration.objects.count(), user=user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["registrations"]) == count
        counts[count] = len(queries)

    # session, user, registrations (with edition, congress, category), site, site settings
    assert counts == {2: 5, 20: 5}


def test_manage_page_links_my_registrations_when_signed_in(client):
    user = UserFactory()
    registration = RegistrationFactory(user=user)
    url = reverse("registrations:manage", args=[registration.manage_token])
    mine = reverse("registrations:mine")

    assert mine not in client.get(url).content.decode()
    client.force_login(user)
    assert mine in client.get(url).content.decode()


# Offers and reservations past their deadline expire without cron ------------------------------


def test_manage_page_shows_stale_offer_expired_and_offers_seat_to_next(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory(onsite_capacity=1)
    category = TicketCategoryFactory(edition=edition)
    offered = RegistrationFactory(
        category=category,
        state=S.OFFERED,
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    waiting = RegistrationFactory(category=category, state=S.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registrations:manage", args=[offered.manage_token]))

    assert response.status_code == 200
    assert response.context["registration"].state == S.EXPIRED
    assert "Platz annehmen" not in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == S.OFFERED
    assert [m.to for m in mailoutbox] == [[offered.email], [waiting.email]]


def test_manage_page_without_stale_registrations_costs_one_query_for_the_check(
    client, django_assert_num_queries
):
    registration = RegistrationFactory(state=S.WAITLISTED)
    url = reverse("registrations:manage", args=[registration.manage_token])
    client.get(url)  # creates the site settings once

    # registration, stale check, invoice, site, site settings
    with django_assert_num_queries(5):
        client.get(url)


def test_register_expires_stale_reservation_before_counting_seats():
    category = TicketCategoryFactory(edition=EditionFactory(onsite_capacity=1))
    unpaid = RegistrationFactory(
        category=category,
        state=S.PENDING_PAYMENT,
        reserved_until=timezone.now() - dt.timedelta(minutes=1),
    )

    registration = register(category, 1)

    unpaid.refresh_from_db()
    assert (unpaid.state, registration.state) == (S.EXPIRED, S.CONFIRMED)


def test_register_again_after_own_offer_ran_out_on_unlimited_edition():
    category = TicketCategoryFactory(edition=EditionFactory(onsite_capacity=None))
    stale = RegistrationFactory(
        category=category,
        email="max1@example.org",
        state=S.OFFERED,
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1),
    )

    registration = register(category, 1)

    stale.refresh_from_db()
    assert (stale.state, registration.state) == (S.EXPIRED, S.CONFIRMED)
    with pytest.raises(services.RegistrationError, match="besteht bereits eine Anmeldung"):
        register(category, 1)


# The registration request: cached form set-up, task row in the transaction --------------------


def test_register_page_follows_category_and_question_changes(client):
    category = TicketCategoryFactory(name="Verwaltung")
    edition = category.edition
    assert "Verwaltung" in client.get(register_url(edition)).content.decode()

    category.name = "Kommunen"
    category.save()
    QuestionFactory(edition=edition, label="Essenswunsch")
    html = client.get(register_url(edition)).content.decode()

    assert "Kommunen" in html
    assert "Essenswunsch" in html


def test_register_refuses_category_whose_sales_ended_after_caching(client):
    category = TicketCategoryFactory(sales_end=timezone.now() + dt.timedelta(days=1))
    url = register_url(category.edition)
    client.get(url)  # caches the set-up
    category.sales_end = timezone.now() - dt.timedelta(minutes=1)
    category.save()

    response = client.post(url, form_values(category))

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_cached_setup_decides_the_sales_window_at_each_request():
    ends = timezone.now() + dt.timedelta(hours=1)
    category = TicketCategoryFactory(sales_end=ends)
    edition = category.edition
    setup = registration_setup(congress=edition.congress.slug, year=edition.year)

    assert setup.categories_on_sale(ends - dt.timedelta(minutes=1)) == [category]
    assert setup.categories_on_sale(ends) == []


def test_register_refuses_category_of_another_edition(client):
    category = TicketCategoryFactory()
    other = TicketCategoryFactory()

    response = client.post(register_url(category.edition), form_values(other))

    assert response.status_code == 400
    assert not Registration.objects.exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_register_post_queries_only_its_transaction(client):
    category = TicketCategoryFactory(edition=EditionFactory(onsite_capacity=None))
    url = register_url(category.edition)
    client.get(url)  # caches the set-up

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, form_values(category))

    assert response.status_code == 302
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    # registration, its audit entry and the queued email, committed together (the test's
    # transaction stands in for BEGIN/COMMIT as savepoints)
    assert [s for s in statements if s not in ("SAVEPOINT", "RELEASE")] == [
        "INSERT",
        "INSERT",
        "INSERT",
    ]
    registration = Registration.objects.get()
    email = queued_emails().get()
    assert (email.kind, email.to, email.related_id) == (
        "registration.confirmed",
        "erika@example.org",
        str(registration.pk),
    )
    assert email.attachments == "registrations.emails.confirmation_attachments"


@override_settings(TASKS=DATABASE_TASKS)
def test_queued_email_rolls_back_with_refused_registration():
    category = TicketCategoryFactory(edition=EditionFactory(onsite_capacity=1), quota=1)
    register(category, 1)
    assert queued_emails().count() == 1

    with pytest.raises(services.RegistrationError, match="Kontingent"):
        register(category, 2)

    assert queued_emails().count() == 1
