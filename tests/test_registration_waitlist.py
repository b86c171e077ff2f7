"""The fair waiting list of issue 13: free seats go to the people waiting, in order, whenever
they appear; newcomers join the end while anyone waits; the form says so before submitting;
public pages link to the registration while it is open."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from congress.models import Edition
from registrations import services
from registrations.enums import Attendance, CategoryAttendance, RegistrationState
from registrations.models import Registration
from tests.factories import EditionFactory, RegistrationFactory, TicketCategoryFactory


def parse_html(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


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
def full():
    """An edition whose 120 seats are taken, with five people waiting."""
    edition = EditionFactory(onsite_capacity=120)
    category = TicketCategoryFactory(edition=edition)
    RegistrationFactory.create_batch(120, category=category)
    waiting = [register(category, n) for n in range(5)]
    assert {r.state for r in waiting} == {S.WAITLISTED}
    return category, waiting


def states(registrations):
    return [Registration.objects.get(pk=r.pk).state for r in registrations]


def test_capacity_raised_in_the_admin_offers_the_new_seats_in_order(
    full, admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    category, waiting = full
    edition = category.edition
    url = reverse("wagtailsnippets_congress_edition:edit", args=[edition.pk])
    form = admin_client.get(url).context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if not name.startswith("partners")
    }
    data.update(
        {
            "start_date": edition.start_date.isoformat(),
            "end_date": edition.end_date.isoformat(),
            "onsite_capacity": "123",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
            "partners-MIN_NUM_FORMS": "0",
            "partners-MAX_NUM_FORMS": "1000",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302
    assert states(waiting) == [S.OFFERED] * 3 + [S.WAITLISTED] * 2
    assert sorted(m.to[0] for m in mailoutbox) == [f"max{n}@example.org" for n in range(3)]
    # The next newcomer joins the end of the list, behind the two still waiting.
    assert register(category, 99).state == S.WAITLISTED


def test_newcomer_waits_behind_the_list_and_the_seats_go_to_the_earlier_ones(full):
    category, waiting = full
    # Seats added behind the services' back (a bulk update, the shell): nobody offered yet.
    Edition.objects.filter(pk=category.edition_id).update(onsite_capacity=122)

    newcomer = register(category, 50)

    assert newcomer.state == S.WAITLISTED
    assert states(waiting) == [S.OFFERED, S.OFFERED, S.WAITLISTED, S.WAITLISTED, S.WAITLISTED]
    assert Registration.objects.holding_seat().count() == 122


def test_expire_registrations_offers_seats_added_without_a_service(full):
    category, waiting = full
    Edition.objects.filter(pk=category.edition_id).update(onsite_capacity=125)

    call_command("expire_registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert states(waiting) == [S.OFFERED] * 5
    assert register(category, 77).state == S.WAITLISTED  # the venue is full again


def test_cancellation_and_attendance_switch_offer_the_seat_at_once(full):
    category, waiting = full
    seated = Registration.objects.filter(state=S.CONFIRMED).order_by("pk")

    services.cancel_registration(registration=seated[0])
    services.switch_attendance(registration=seated[1], attendance=Attendance.ONLINE)

    assert states(waiting) == [S.OFFERED, S.OFFERED, S.WAITLISTED, S.WAITLISTED, S.WAITLISTED]


def test_online_newcomer_is_not_held_back_by_the_waiting_list(full):
    category, _waiting = full

    assert register(category, 60, attendance=Attendance.ONLINE).state == S.CONFIRMED


# --- the form says it before submitting ------------------------------------------------------


def register_url(edition):
    return reverse("registrations:register", args=[edition.congress.slug, edition.year])


def test_form_announces_full_venue_next_to_attendance_and_submit(client, full):
    category, _waiting = full

    html = client.get(register_url(category.edition)).content.decode()

    doc = parse_html(html)
    notices = doc.select("p.notice")
    texts = [" ".join(n.get_text().split()) for n in notices]
    assert len(texts) == 2
    assert all(t.startswith("Hinweis: Vor Ort sind alle Plätze vergeben.") for t in texts)
    assert "Warteliste" in texts[0] and "Online können Sie sofort teilnehmen" in texts[0]
    fieldset = doc.select_one("fieldset[aria-describedby='id_attendance-notice']")
    assert fieldset is not None
    assert doc.select_one("button[aria-describedby='onsite-full-submit']") is not None


def test_form_of_onsite_only_category_says_the_waiting_list(client):
    edition = EditionFactory(onsite_capacity=1)
    category = TicketCategoryFactory(edition=edition, attendance=CategoryAttendance.ONSITE)
    RegistrationFactory(category=category)

    html = client.get(register_url(edition)).content.decode()

    assert "Mit Ihrer Anmeldung kommen Sie auf die Warteliste" in html
    assert "Online können Sie sofort" not in html


def test_form_without_notice_while_seats_are_free(client):
    category = TicketCategoryFactory(edition=EditionFactory(onsite_capacity=5))

    html = client.get(register_url(category.edition)).content.decode()

    assert "Vor Ort sind alle Plätze vergeben" not in html


def test_form_announces_full_venue_when_seats_are_free_but_people_wait(client, full):
    category, _waiting = full
    Edition.objects.filter(pk=category.edition_id).update(onsite_capacity=121)

    html = client.get(register_url(category.edition)).content.decode()

    assert "Vor Ort sind alle Plätze vergeben" in html


# --- public pages link to the registration --------------------------------------------------


@pytest.fixture
def open_tree(site_tree):
    edition = site_tree.edition
    edition.start_date = timezone.localdate() + dt.timedelta(days=30)
    edition.end_date = edition.start_date
    edition.save()
    TicketCategoryFactory(edition=edition)
    return site_tree


def test_home_edition_and_programme_pages_link_to_the_open_registration(client, open_tree):
    url = register_url(open_tree.edition)
    for page in (open_tree.home, open_tree.edition_page, open_tree.programme_page):
        html = client.get(page.url).content.decode()
        links = [a for a in parse_html(html).select("a") if a.get("href") == url]
        assert links, page.url
        assert any(a.get_text().startswith("Jetzt anmelden") for a in links)


def test_pages_do_not_link_to_a_closed_registration(client, site_tree):
    TicketCategoryFactory(edition=site_tree.edition)  # e-nrw 2020 has ended
    url = register_url(site_tree.edition)
    for page in (site_tree.home, site_tree.edition_page, site_tree.programme_page):
        html = client.get(page.url).content.decode()
        assert url not in html
        assert "Jetzt anmelden" not in html


def test_registration_link_appears_when_a_category_goes_on_sale(client, open_tree):
    category = open_tree.edition.ticket_categories.get()
    category.is_public = False
    category.save()
    assert "Jetzt anmelden" not in client.get(open_tree.edition_page.url).content.decode()

    category.is_public = True
    category.save()

    assert "Jetzt anmelden" in client.get(open_tree.edition_page.url).content.decode()
