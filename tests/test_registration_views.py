"""The public registration pages: form, attendee's private page, ticket download, actions."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations.enums import Attendance, QuestionKind, RegistrationState
from registrations.models import Registration
from tests.factories import QuestionFactory, RegistrationFactory, TicketCategoryFactory
from tests.test_registration_tickets import qr_codes_in_pdf

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
S = RegistrationState


@pytest.fixture
def edition(site_tree):
    """The site tree's edition (its URLs say 2020), held next month: registration is open."""
    edition = site_tree.edition
    edition.onsite_capacity = 1
    edition.start_date = timezone.localdate() + dt.timedelta(days=30)
    edition.end_date = edition.start_date + dt.timedelta(days=1)
    edition.save()
    return edition


@pytest.fixture
def category(edition):
    return TicketCategoryFactory(edition=edition)


@pytest.fixture
def url(edition):
    return reverse("registrations:register", args=[edition.congress.slug, edition.year])


def form_values(ticket_category, **overrides):
    values = {
        "category": ticket_category.pk,
        "attendance": Attendance.ONSITE,
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": "erika@example.org",
        "terms": "on",
    }
    values.update(overrides)
    return values


def test_register_page_renders_with_one_h1_and_questions(client, url, category, edition):
    QuestionFactory(
        edition=edition,
        label="Essenswunsch",
        kind=QuestionKind.CHOICE,
        choices="vegan\nvegetarisch",
    )

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Essenswunsch" in html
    assert 'for="id_first_name"' in html


def test_register_page_of_unknown_edition_is_404(client):
    assert client.get("/anmeldung/nope/2020/").status_code == 404


def test_register_free_ticket_end_to_end(
    client, url, category, edition, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory(edition=edition, label="Essenswunsch", required=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_values(category, **{f"question_{question.pk}": "vegan"}))

    registration = Registration.objects.get()
    sent = reverse("registrations:register_sent", args=[edition.congress.slug, edition.year])
    assert (response.status_code, response["Location"]) == (302, sent)
    assert "Wir haben Ihnen eine E-Mail geschickt" in client.get(sent).content.decode()
    assert registration.state == S.CONFIRMED
    assert registration.answers == {"Essenswunsch": "vegan"}
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    attachment = mailoutbox[0].attachments[0]
    assert len(qr_codes_in_pdf(attachment[1])) == 1

    manage = reverse("registrations:manage", args=[registration.manage_token])
    assert manage in mailoutbox[0].body
    page = client.get(manage)
    assert page.status_code == 200
    assert "Ticket herunterladen (PDF)" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")

    ticket = client.get(reverse("registrations:ticket", args=[registration.manage_token]))
    assert ticket.status_code == 200
    assert ticket["Content-Type"] == "application/pdf"
    assert qr_codes_in_pdf(ticket.content) == qr_codes_in_pdf(attachment[1])


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "x"},
        {"category": "999999"},
        {"attendance": "moon"},
        {"email": "not-an-email"},
        {"terms": ""},
        {"first_name": ""},
        {"first_name": "x" * 500},
    ],
)
def test_register_bad_input_gets_message_not_500(client, url, category, overrides):
    response = client.post(url, form_values(category, **overrides))

    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_rule_refusal_is_shown_on_the_form(client, url, category):
    category.requires_authority = True
    category.save()

    response = client.post(url, form_values(category))

    assert response.status_code == 400
    assert "Bitte nennen Sie Ihre Behörde" in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_when_full_goes_to_waiting_list(
    client, url, category, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory(category=category)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_values(category), follow=True)

    assert Registration.objects.get(email="erika@example.org").state == S.WAITLISTED
    assert "Wir haben Ihnen eine E-Mail geschickt" in response.content.decode()
    assert [m.subject for m in mailoutbox] == [f"Warteliste: {category.edition.title}"]


def test_manage_page_with_wrong_token_is_404(client):
    assert client.get(reverse("registrations:manage", args=["nope"])).status_code == 404
    assert client.get(reverse("registrations:ticket", args=["nope"])).status_code == 404
    assert client.post(reverse("registrations:cancel", args=["nope"])).status_code == 404


def test_ticket_download_of_waitlisted_registration_is_404(client, category):
    registration = RegistrationFactory(category=category, state=S.WAITLISTED)

    response = client.get(reverse("registrations:ticket", args=[registration.manage_token]))

    assert response.status_code == 404


def test_cancel_needs_confirmation_then_promotes(client, category):
    registration = RegistrationFactory(category=category)
    waiting = RegistrationFactory(category=category, state=S.WAITLISTED)
    cancel = reverse("registrations:cancel", args=[registration.manage_token])

    refused = client.post(cancel, follow=True)
    registration.refresh_from_db()
    assert registration.state == S.CONFIRMED
    assert "Bitte bestätigen Sie die Stornierung." in refused.content.decode()

    client.post(cancel, {"confirm": "yes"})
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.state, waiting.state) == (S.CANCELLED, S.OFFERED)

    page = client.get(reverse("registrations:manage", args=[waiting.manage_token]))
    assert "Platz annehmen" in page.content.decode()
    client.post(reverse("registrations:accept_offer", args=[waiting.manage_token]))
    waiting.refresh_from_db()
    assert waiting.state == S.CONFIRMED


def test_switch_attendance_via_page(client, category):
    registration = RegistrationFactory(category=category)
    switch = reverse("registrations:switch_attendance", args=[registration.manage_token])

    page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    assert "Stattdessen Online teilnehmen" in page.content.decode()
    client.post(switch, {"attendance": "online"})
    registration.refresh_from_db()
    assert registration.attendance == Attendance.ONLINE

    bad = client.post(switch, {"attendance": "moon"}, follow=True)
    assert bad.status_code == 200
    assert "Bitte wählen Sie eine Teilnahmeform." in bad.content.decode()


def test_action_urls_refuse_get(client, category):
    registration = RegistrationFactory(category=category)

    response = client.get(reverse("registrations:cancel", args=[registration.manage_token]))

    assert response.status_code == 405


def test_public_key_is_served_as_pem(client):
    response = client.get(reverse("registrations:public_key"))

    assert response.status_code == 200
    assert re.match(rb"-----BEGIN PUBLIC KEY-----\n", response.content)


def test_register_overlong_email_gets_message(client, url, category):
    response = client.post(url, form_values(category, email="a" * 250 + "@example.org"))

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_forum_choice_with_out_of_range_id_is_a_message(client, category):
    registration = RegistrationFactory(category=category)
    choose = reverse("registrations:choose_forums", args=[registration.manage_token])

    response = client.post(choose, {"tracks": [str(10**30)]}, follow=True)

    assert "Bitte wählen Sie nur Foren dieser Veranstaltung." in response.content.decode()


def test_registration_pages_have_an_english_interface(client, url, category):
    german = client.get(url)
    assert german.status_code == 200
    assert 'lang="de"' in german.content.decode()
    assert f'href="/en{url}"' in german.content.decode()

    english = client.get("/en" + url)
    assert english.status_code == 200
    html = english.content.decode()
    assert 'lang="en"' in html
    assert f'href="{url}"' in html  # back to German


def test_register_rate_limit_per_address_keeps_the_entries(client, url, category, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REGISTRATION_RATE_LIMIT = "2/m"
    for i in range(2):
        response = client.post(
            url, form_values(category, email=f"p{i}@example.org", attendance="online")
        )
        assert response.status_code == 302

    response = client.post(
        url, form_values(category, email="dritte@example.org", first_name="Dora")
    )

    assert response.status_code == 429
    page = response.content.decode()
    assert "sehr viele Anmeldungen" in page
    assert 'value="Dora"' in page and 'value="dritte@example.org"' in page
    assert not Registration.objects.filter(email="dritte@example.org").exists()
    # Another address is not affected.
    response = client.post(
        url,
        form_values(category, email="vierte@example.org", attendance="online"),
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
