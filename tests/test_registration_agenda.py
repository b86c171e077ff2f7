"""Forum choice within room capacities, "Mein Programm" and its private webcal feed."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from registrations import services
from registrations.enums import Attendance, RegistrationState
from tests.factories import RegistrationFactory, TicketCategoryFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def programme(build_programme):
    return build_programme(28)


@pytest.fixture
def category(programme):
    return TicketCategoryFactory(edition=programme.edition)


def summaries(ics: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(ics).walk("VEVENT")}


def test_choose_forums_respects_room_capacity_on_site_only(programme, category):
    forum = programme.forums[0]
    forum.room.capacity = 1
    forum.room.save()
    first = RegistrationFactory(category=category)
    second = RegistrationFactory(category=category)
    online = RegistrationFactory(category=category, attendance=Attendance.ONLINE)

    services.choose_forums(registration=first, tracks=[forum])

    with pytest.raises(services.RegistrationError, match="kein Platz mehr frei"):
        services.choose_forums(registration=second, tracks=[forum])
    services.choose_forums(registration=online, tracks=[forum])
    # Keeping a forum one already has is no new place.
    services.choose_forums(registration=first, tracks=[forum, programme.forums[1]])
    assert set(first.forum_choices.values_list("track_id", flat=True)) == {
        forum.pk,
        programme.forums[1].pk,
    }


def test_choose_forums_refuses_other_editions_and_cancelled(programme, category, build_programme):
    registration = RegistrationFactory(category=category)
    other = RegistrationFactory(state=RegistrationState.CANCELLED, category=category)

    with pytest.raises(services.RegistrationError, match="nur Foren dieser Veranstaltung"):
        services.choose_forums(registration=registration, tracks=[programme.main_stage])
    with pytest.raises(services.RegistrationError, match="nur angemeldete"):
        services.choose_forums(registration=other, tracks=[programme.forums[0]])


def test_agenda_feed_has_main_stage_and_chosen_forum_and_follows_changes(
    client, programme, category
):
    registration = RegistrationFactory(category=category)
    forum = programme.forums[2]
    services.choose_forums(registration=registration, tracks=[forum])
    url = reverse("registrations:agenda_feed", args=[registration.calendar_token])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    expected = {
        s.title for s in programme.sessions if s.track_id in (programme.main_stage.pk, forum.pk)
    }
    assert summaries(response.content) == expected

    session = next(s for s in programme.sessions if s.track_id == forum.pk)
    session.title = "Neuer Titel"
    session.starts_at += dt.timedelta(minutes=5)
    session.ends_at += dt.timedelta(minutes=5)
    session.save_revision().publish()
    assert "Neuer Titel" in summaries(client.get(url).content)


def test_agenda_feed_unknown_or_cancelled_is_404(client, category):
    registration = RegistrationFactory(category=category, state=RegistrationState.CANCELLED)

    assert client.get(reverse("registrations:agenda_feed", args=["nope"])).status_code == 404
    url = reverse("registrations:agenda_feed", args=[registration.calendar_token])
    assert client.get(url).status_code == 404


def test_manage_page_shows_programme_and_saves_forum_choice(client, programme, category):
    registration = RegistrationFactory(category=category)
    manage = reverse("registrations:manage", args=[registration.manage_token])
    choose = reverse("registrations:choose_forums", args=[registration.manage_token])

    page = client.get(manage).content.decode()
    assert "Mein Programm" in page
    assert "webcal://testserver/anmeldung/kalender/" in page

    client.post(choose, {"tracks": [programme.forums[0].pk, programme.forums[1].pk]})
    assert registration.forum_choices.count() == 2

    bad = client.post(choose, {"tracks": ["x"]}, follow=True)
    assert "Bitte wählen Sie nur Foren dieser Veranstaltung." in bad.content.decode()
    bad = client.post(choose, {"tracks": [programme.main_stage.pk]}, follow=True)
    assert "Bitte wählen Sie nur Foren dieser Veranstaltung." in bad.content.decode()
    assert registration.forum_choices.count() == 2
