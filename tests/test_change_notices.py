"""Change notices (issue 15, part 3): a published session that moves, changes room or link, or
is cancelled is mailed once to everyone whose programme contains it, as a digest per window."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.enums import OutboxState
from congress.models import LogEntry, OutboxMessage
from programme.enums import ChangeKind, SessionStatus, SpeakerRole, TrackKind
from programme.models import ScheduleChange, Session, Track
from programme.notice_digest import send_change_notices
from programme.notices import hold_change_notices, release_change_notices
from registrations.enums import RegistrationState
from registrations.models import ForumChoice

from .factories import (
    EditionFactory,
    InvitationFactory,
    PersonFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerProfileFactory,
    TicketCategoryFactory,
    TrackFactory,
    TrackModeratorFactory,
    forum_lead_of,
    organiser_of,
)

pytestmark = pytest.mark.django_db
KIND = "programme.change_notice"
# 13: the speakers' invitations are read only for people without an account or address.
JOB_QUERIES_BESIDES_INSERTS = 13


def later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def publish(session, **changes):
    """Change the session as an editor does, through a published Wagtail revision."""
    session = Session.objects.get(pk=session.pk)
    for name, value in changes.items():
        setattr(session, name, value)
    session.save_revision().publish()
    return Session.objects.get(pk=session.pk)


def publish_track(track, **changes):
    track = Track.objects.get(pk=track.pk)
    for name, value in changes.items():
        setattr(track, name, value)
    track.save_revision().publish()
    return Track.objects.get(pk=track.pk)


def move(session, hours=1):
    session = Session.objects.get(pk=session.pk)
    delta = dt.timedelta(hours=hours)
    return publish(session, starts_at=session.starts_at + delta, ends_at=session.ends_at + delta)


def notices():
    return OutboxMessage.objects.filter(kind=KIND).order_by("to")


def addresses():
    return sorted(notices().values_list("to", flat=True))


def attendee(edition, *forums, state=RegistrationState.CONFIRMED, email=None):
    category = TicketCategoryFactory(edition=edition)
    kwargs = {"email": email} if email else {}
    registration = RegistrationFactory(category=category, state=state, **kwargs)
    for forum in forums:
        ForumChoice.objects.create(registration=registration, track=forum)
    return registration


@pytest.fixture
def scene():
    """A main stage and two forums; attendees of forum A, of forum B, of none, a cancelled one
    of forum A; a session in forum A with a speaker (profile), a session moderator (invitation)
    and the forum's moderator."""
    edition = EditionFactory()
    main = TrackFactory(edition=edition, kind=TrackKind.MAIN_STAGE, number=None, title="Bühne")
    forum_a = TrackFactory(edition=edition, stream_url="https://stream.example.org/a")
    forum_b = TrackFactory(edition=edition)
    speaker = SpeakerProfileFactory(email="speaker@example.org")
    moderator = PersonFactory()
    InvitationFactory(person=moderator, email="moderator@example.org")
    forum_moderator = PersonFactory()
    InvitationFactory(person=forum_moderator, email="forum-moderator@example.org")
    TrackModeratorFactory(track=forum_a, person=forum_moderator)
    session = SessionFactory(track=forum_a, speakers=[speaker.person])
    SessionSpeakerFactory(session=session, person=moderator, role=SpeakerRole.MODERATOR)
    keynote = SessionFactory(track=main, slot=2)
    return {
        "edition": edition,
        "main": main,
        "forum_a": forum_a,
        "forum_b": forum_b,
        "session": session,
        "keynote": keynote,
        "of_a": attendee(edition, forum_a, email="a@example.org"),
        "of_b": attendee(edition, forum_b, email="b@example.org"),
        "of_none": attendee(edition, email="none@example.org"),
        "cancelled": attendee(
            edition, forum_a, state=RegistrationState.CANCELLED, email="gone@example.org"
        ),
    }


SPEAKERS = ["forum-moderator@example.org", "moderator@example.org", "speaker@example.org"]


def test_move_of_a_forum_session_notifies_its_attendees_speakers_and_moderators(scene):
    move(scene["session"])
    assert ScheduleChange.objects.get().kind == ChangeKind.MOVED

    send_change_notices(now=later(16))

    assert addresses() == sorted(["a@example.org", *SPEAKERS])
    body = notices().get(to="a@example.org").body
    assert scene["session"].title in body
    # Old and new time in Berlin time (the factory's session starts at 09:00 there).
    assert "09:00–09:45 → " in body
    assert "10:00–10:45" in body
    assert reverse("registrations:manage", args=[scene["of_a"].manage_token]) in body
    speaker_body = notices().get(to="speaker@example.org").body
    assert reverse("speakers:portal") in speaker_body
    assert notices().get(to="a@example.org").subject.startswith("Programmänderung: ")


def test_move_of_a_main_stage_session_notifies_every_active_attendee(scene):
    move(scene["keynote"])

    send_change_notices(now=later(16))

    assert addresses() == ["a@example.org", "b@example.org", "none@example.org"]


def test_changes_within_the_window_make_one_digest(scene):
    move(scene["session"])
    publish(scene["keynote"], room=RoomFactory(venue=scene["edition"].venue, name="Saal 9"))

    assert send_change_notices(now=later(5)) == {"changes": 0, "emails": 0}
    assert notices().count() == 0
    send_change_notices(now=later(16))

    body = notices().get(to="a@example.org").body
    assert scene["session"].title in body
    assert scene["keynote"].title in body
    assert "→ Saal 9" in body
    assert notices().filter(to="a@example.org").count() == 1
    # Attendees of forum B hear of the main stage only.
    assert scene["session"].title not in notices().get(to="b@example.org").body


def test_a_change_after_the_window_makes_a_new_email(scene):
    move(scene["session"])
    send_change_notices(now=later(16))
    ScheduleChange.objects.update(detected_at=timezone.now() - dt.timedelta(minutes=30))

    move(scene["session"])
    send_change_notices(now=later(5))
    assert notices().filter(to="a@example.org").count() == 1
    send_change_notices(now=later(16))

    bodies = list(
        notices().filter(to="a@example.org").order_by("pk").values_list("body", flat=True)
    )
    assert len(bodies) == 2
    assert "09:00–09:45 → " in bodies[0]
    assert "10:00–10:45 → " in bodies[1]
    assert "11:00–11:45" in bodies[1]


def test_running_the_job_twice_sends_nothing_twice(scene):
    move(scene["session"])

    first = send_change_notices(now=later(16))
    second = send_change_notices(now=later(17))

    assert first == {"changes": 1, "emails": 4}
    assert second == {"changes": 0, "emails": 0}
    assert notices().count() == 4


def test_cancellation_notice_says_abgesagt(scene):
    publish(scene["session"], status=SessionStatus.CANCELLED)

    send_change_notices(now=later(16))

    assert ScheduleChange.objects.get().kind == ChangeKind.CANCELLED
    assert "abgesagt" in notices().get(to="a@example.org").body


def test_new_stream_link_of_a_forum_is_told_to_its_people(scene):
    publish_track(scene["forum_a"], stream_url="https://stream.example.org/neu")

    send_change_notices(now=later(16))

    assert addresses() == sorted(["a@example.org", *SPEAKERS])
    body = notices().get(to="a@example.org").body
    assert "https://stream.example.org/a → https://stream.example.org/neu" in body


def test_a_session_moved_and_moved_back_within_the_window_sends_nothing(scene):
    move(scene["session"])
    move(scene["session"], hours=-1)

    result = send_change_notices(now=later(16))

    assert result == {"changes": 2, "emails": 0}
    assert notices().count() == 0


def test_drafts_and_unchanged_publications_send_nothing(scene):
    session = Session.objects.get(pk=scene["session"].pk)
    session.starts_at += dt.timedelta(hours=1)
    session.ends_at += dt.timedelta(hours=1)
    session.save_revision()  # a draft
    publish(scene["keynote"], title="Neuer Titel")  # no time, room, link or status

    send_change_notices(now=later(16))

    assert ScheduleChange.objects.count() == 0
    assert notices().count() == 0


def test_a_session_nobody_chose_sends_nothing(scene):
    lonely = SessionFactory(track=TrackFactory(edition=scene["edition"]), slot=4)

    move(lonely)
    result = send_change_notices(now=later(16))

    assert result == {"changes": 1, "emails": 0}
    assert notices().count() == 0


def test_one_email_per_address_across_audiences(scene):
    """The speaker is also an attendee of forum A (another spelling of the address)."""
    registration = attendee(scene["edition"], scene["forum_a"], email="Speaker@Example.org")

    move(scene["session"])
    send_change_notices(now=later(16))

    assert notices().filter(to__iexact="speaker@example.org").count() == 1
    body = notices().get(to__iexact="speaker@example.org").body
    # Both private links: the registration's and the speakers' portal.
    assert reverse("registrations:manage", args=[registration.manage_token]) in body
    assert reverse("speakers:portal") in body
    assert body.count(scene["session"].title) == 1


def test_email_in_the_attendees_language(scene, monkeypatch):
    """The language comes from registrations.notices.registration_language (German unless the
    registration says otherwise)."""
    monkeypatch.setattr(
        "registrations.notices.registration_language",
        lambda registration: "en" if registration.email == "a@example.org" else "de",
    )
    publish(scene["session"], status=SessionStatus.CANCELLED)

    send_change_notices(now=later(16))

    english = notices().get(to="a@example.org")
    assert english.subject.startswith("Programme change: ")
    assert "cancelled" in english.body
    assert "abgesagt" in notices().get(to="speaker@example.org").body


def test_held_forum_sends_nothing_until_released_then_one_digest(scene):
    organiser = organiser_of(scene["edition"].congress)
    hold_change_notices(track=scene["forum_a"], by_user=organiser)
    move(scene["session"])
    move(scene["session"])
    move(scene["keynote"])

    send_change_notices(now=later(16))
    # The main stage is not held: its attendees hear of the keynote.
    assert "a@example.org" in addresses()
    assert scene["session"].title not in notices().get(to="a@example.org").body
    assert "speaker@example.org" not in addresses()

    release_change_notices(track=scene["forum_a"], by_user=organiser)
    send_change_notices(now=later(17))

    assert notices().filter(to="speaker@example.org").count() == 1
    assert notices().filter(to="a@example.org").count() == 2
    body = notices().filter(to="a@example.org").order_by("pk").last().body
    assert "09:00–09:45 → " in body and "11:00–11:45" in body


def test_hold_and_release_are_logged(scene):
    organiser = organiser_of(scene["edition"].congress)
    hold_change_notices(track=scene["forum_a"], by_user=organiser)
    release_change_notices(track=scene["forum_a"], by_user=organiser)

    entries = LogEntry.objects.for_instance(scene["forum_a"]).order_by("timestamp", "pk")
    assert [(e.action, e.user_id) for e in entries] == [
        ("track.notices_held", organiser.pk),
        ("track.notices_released", organiser.pk),
    ]
    assert entries[0].edition_id == scene["edition"].pk


def test_republishing_a_forum_keeps_its_hold(scene):
    hold_change_notices(track=scene["forum_a"])
    publish_track(scene["forum_a"], title="Neuer Titel")

    assert Track.objects.get(pk=scene["forum_a"].pk).notices_held is True


def test_admin_hold_and_release_view(client, scene):
    user = organiser_of(scene["edition"].congress)
    client.force_login(user)
    url = reverse("programme_notice_hold", args=[scene["forum_a"].pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Mitteilungen zurückhalten" in page.content.decode()

    response = client.post(url, {"action": "hold"})
    assert response.status_code == 302
    assert Track.objects.get(pk=scene["forum_a"].pk).notices_held is True
    response = client.post(url, {"action": "hold"})  # again: a clear message, no error
    assert response.status_code == 302
    client.post(url, {"action": "release"})
    assert Track.objects.get(pk=scene["forum_a"].pk).notices_held is False


@pytest.mark.parametrize("who", ["forum_lead", "organiser_elsewhere"])
def test_admin_hold_view_refuses_others(client, scene, who):
    if who == "forum_lead":
        user = forum_lead_of(scene["forum_a"])
    else:
        user = organiser_of(EditionFactory().congress)
    client.force_login(user)
    url = reverse("programme_notice_hold", args=[scene["forum_a"].pk])

    assert client.get(url).status_code == 302
    response = client.post(url, {"action": "hold"})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert Track.objects.get(pk=scene["forum_a"].pk).notices_held is False
    assert not LogEntry.objects.filter(action="track.notices_held").exists()


@pytest.mark.parametrize("attendees", [10, 100])
def test_job_query_count_is_bounded(attendees):
    edition = EditionFactory()
    forum = TrackFactory(edition=edition)
    main = TrackFactory(edition=edition, kind=TrackKind.MAIN_STAGE, number=None)
    speakers = [SpeakerProfileFactory() for _ in range(3)]
    session = SessionFactory(track=forum, speakers=[p.person for p in speakers])
    keynote = SessionFactory(track=main, slot=2)
    for _ in range(attendees):
        attendee(edition, forum)
    move(session)
    move(keynote)

    with CaptureQueriesContext(connection) as queries:
        result = send_change_notices(now=later(16))

    assert result == {"changes": 2, "emails": attendees + 3}
    statements = [q["sql"] for q in queries.captured_queries]
    inserts = [sql for sql in statements if sql.startswith("INSERT")]
    # The same queries for 10 and 100 people; the outbox rows in one INSERT per batch (SQLite
    # splits 100 rows in two for its limit of variables per statement).
    assert len(statements) - len(inserts) == JOB_QUERIES_BESIDES_INSERTS
    assert 1 <= len(inserts) <= 2
    assert OutboxMessage.objects.filter(kind=KIND, state=OutboxState.WAITING).count() == (
        attendees + 3
    )


def test_new_room_of_a_forum_is_told_for_its_sessions_without_their_own_room(scene):
    own_room = RoomFactory(venue=scene["edition"].venue, name="Eigener Raum")
    other = SessionFactory(track=scene["forum_a"], slot=3, room=own_room)
    new_room = RoomFactory(venue=scene["edition"].venue, name="Großer Saal")

    publish_track(scene["forum_a"], room=new_room)
    send_change_notices(now=later(16))

    assert list(ScheduleChange.objects.values_list("session_id", "kind")) == [
        (scene["session"].pk, ChangeKind.ROOM)
    ]
    body = notices().get(to="a@example.org").body
    assert "→ Großer Saal" in body
    assert other.title not in body


def test_forum_edit_view_links_to_holding_its_notices(client, scene):
    client.force_login(organiser_of(scene["edition"].congress))

    page = client.get(reverse("wagtailsnippets_programme_track:edit", args=[scene["forum_a"].pk]))

    assert page.status_code == 200
    assert reverse("programme_notice_hold", args=[scene["forum_a"].pk]) in page.content.decode()
