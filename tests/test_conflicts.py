"""The conflict rules of programme/services.py and the time rules of the Session model."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programme.enums import SessionStatus
from programme.models import Session, Track
from programme.services import (
    ProgrammeConflictError,
    Slot,
    ensure_publishable_programme,
    ensure_publishable_session,
    ensure_publishable_track,
    find_conflicts,
    programme_conflicts,
    session_conflicts,
)

from .factories import (
    EditionFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
    TrackFactory,
    berlin,
)

DAY = dt.date(2020, 11, 5)


def slot(session_id, start, end, *, room=None, people=None, title=None):
    """A slot on DAY from "HH:MM" to "HH:MM"."""
    (sh, sm), (eh, em) = (map(int, start.split(":")), map(int, end.split(":")))
    return Slot(
        session_id=session_id,
        track_id=1,
        title=title or f"Punkt {session_id}",
        starts_at=berlin(DAY, sh, sm),
        ends_at=berlin(DAY, eh, em),
        room_id=room,
        room_name=f"Raum {room}" if room else "",
        people=people or {},
    )


# find_conflicts on plain slots


@pytest.mark.unit
def test_find_conflicts_room_overlap_is_one_conflict():
    a = slot(1, "10:00", "10:45", room=7)
    b = slot(2, "10:30", "11:15", room=7)

    conflicts = find_conflicts([b, a])

    assert [(c.kind, c.resource, c.first, c.second) for c in conflicts] == [
        ("room", "Raum 7", a, b)
    ]
    assert conflicts[0].message == (
        "Raum „Raum 7“ ist doppelt belegt: „Punkt 1“ (05.11.2020 10:00–10:45) "
        "und „Punkt 2“ (05.11.2020 10:30–11:15)."
    )


@pytest.mark.unit
def test_find_conflicts_person_overlap_in_different_rooms():
    a = slot(1, "10:00", "11:00", room=1, people={5: "Dr. Anna Becker"})
    b = slot(2, "10:59", "12:00", room=2, people={5: "Dr. Anna Becker", 6: "Bernd Schmitz"})

    conflicts = find_conflicts([a, b])

    assert [(c.kind, c.resource) for c in conflicts] == [("person", "Dr. Anna Becker")]
    assert conflicts[0].message == (
        "Dr. Anna Becker ist gleichzeitig in „Punkt 1“ (05.11.2020 10:00–11:00) "
        "und „Punkt 2“ (05.11.2020 10:59–12:00)."
    )


@pytest.mark.unit
def test_find_conflicts_touching_slots_are_not_conflicts():
    people = {5: "Anna Becker"}
    slots = [
        slot(1, "10:00", "10:45", room=1, people=people),
        slot(2, "10:45", "11:30", room=1, people=people),
        slot(3, "09:00", "10:00", room=1, people=people),
    ]

    assert find_conflicts(slots) == []


@pytest.mark.unit
def test_find_conflicts_contained_slot_and_every_pair_reported():
    long = slot(1, "09:00", "12:00", room=3)
    first = slot(2, "09:30", "10:00", room=3)
    second = slot(3, "11:00", "11:30", room=3)

    conflicts = find_conflicts([second, first, long])

    assert [(c.first.session_id, c.second.session_id) for c in conflicts] == [(1, 2), (1, 3)]


@pytest.mark.unit
def test_find_conflicts_without_room_and_people_never_conflict():
    assert find_conflicts([slot(1, "10:00", "11:00"), slot(2, "10:00", "11:00")]) == []


# Conflicts in the database: what counts is the published programme


@pytest.fixture
def edition(db):
    return EditionFactory(start_date=DAY, two_days=True)


@pytest.fixture
def forum_a(edition):
    return TrackFactory(edition=edition, title="Digitale Schule")


@pytest.fixture
def forum_b(edition):
    return TrackFactory(edition=edition, title="Informationssicherheit")


def session_at(track, title, start, end, **kwargs):
    sh, sm = map(int, start.split(":"))
    eh, em = map(int, end.split(":"))
    return SessionFactory(
        track=track,
        title=title,
        starts_at=berlin(DAY, sh, sm),
        ends_at=berlin(DAY, eh, em),
        **kwargs,
    )


@pytest.mark.integration
def test_programme_conflicts_room_overlap(forum_a):
    session_at(forum_a, "Lernplattformen", "10:00", "10:45")
    session_at(forum_a, "Tablets im Unterricht", "10:30", "11:15")

    conflicts = programme_conflicts(forum_a.edition)

    assert [c.message for c in conflicts] == [
        f"Raum „{forum_a.room.name}“ ist doppelt belegt: „Lernplattformen“ "
        "(05.11.2020 10:00–10:45) und „Tablets im Unterricht“ (05.11.2020 10:30–11:15)."
    ]


@pytest.mark.integration
def test_programme_conflicts_person_overlap(forum_a, forum_b):
    anna = PersonFactory(academic_title="Dr.", first_name="Anna", last_name="Becker")
    session_at(forum_a, "Lernplattformen", "10:00", "10:45", speakers=[anna])
    session_at(forum_b, "Phishing", "10:15", "11:00", speakers=[PersonFactory(), anna])

    conflicts = programme_conflicts(forum_a.edition)

    assert [(c.kind, c.message) for c in conflicts] == [
        (
            "person",
            "Dr. Anna Becker ist gleichzeitig in „Lernplattformen“ (05.11.2020 10:00–10:45) "
            "und „Phishing“ (05.11.2020 10:15–11:00).",
        )
    ]


@pytest.mark.integration
def test_programme_conflicts_touching_sessions_are_not_conflicts(forum_a):
    anna = PersonFactory()
    session_at(forum_a, "Erster", "10:00", "10:45", speakers=[anna])
    session_at(forum_a, "Zweiter", "10:45", "11:30", speakers=[anna])

    assert programme_conflicts(forum_a.edition) == []


@pytest.mark.integration
def test_programme_conflicts_same_time_on_other_day_is_not_a_conflict(forum_a):
    anna = PersonFactory()
    SessionFactory(track=forum_a, day=0, slot=1, speakers=[anna])
    SessionFactory(track=forum_a, day=1, slot=1, speakers=[anna])

    assert programme_conflicts(forum_a.edition) == []


@pytest.mark.integration
def test_cancelled_sessions_do_not_conflict(forum_a):
    anna = PersonFactory()
    session_at(forum_a, "Findet statt", "10:00", "10:45", speakers=[anna])
    cancelled = session_at(
        forum_a,
        "Abgesagt",
        "10:00",
        "10:45",
        speakers=[anna],
        status=SessionStatus.CANCELLED,
    )

    assert programme_conflicts(forum_a.edition) == []
    assert session_conflicts(cancelled) == []
    ensure_publishable_session(cancelled)  # does not raise


@pytest.mark.integration
def test_session_room_overrides_track_room(forum_a, forum_b):
    # in forum A's track but in forum B's room: clashes with forum B, not with forum A
    session_at(forum_a, "Im eigenen Raum", "10:00", "10:45")
    moved = session_at(forum_a, "Im Nachbarraum", "10:00", "10:45", room=forum_b.room)
    session_at(forum_b, "Forum B", "10:30", "11:00")

    conflicts = programme_conflicts(forum_a.edition)

    assert [(c.kind, c.resource, c.first.title, c.second.title) for c in conflicts] == [
        ("room", forum_b.room.name, "Im Nachbarraum", "Forum B")
    ]
    assert [c.first.session_id for c in session_conflicts(moved)] == [moved.pk]


@pytest.mark.integration
def test_track_without_room_has_no_room_conflicts(edition):
    roomless = TrackFactory(edition=edition, room=None)
    session_at(roomless, "Online 1", "10:00", "10:45")
    session_at(roomless, "Online 2", "10:00", "10:45")

    assert programme_conflicts(edition) == []


@pytest.mark.integration
def test_drafts_do_not_count(forum_a, forum_b):
    anna = PersonFactory()
    published = session_at(forum_a, "Veröffentlicht", "10:00", "10:45", speakers=[anna])
    # a session never published, and one in an unpublished forum
    session_at(forum_a, "Nur Entwurf", "10:00", "10:45", speakers=[anna], live=False)
    hidden_forum = TrackFactory(edition=forum_a.edition, room=forum_a.room, live=False)
    session_at(hidden_forum, "Verstecktes Forum", "10:00", "10:45", speakers=[anna])
    # a draft revision of a published session moved onto the published one
    other = session_at(forum_b, "Nachmittags", "15:00", "15:45", speakers=[anna])
    other.starts_at, other.ends_at = published.starts_at, published.ends_at
    other.room = forum_a.room
    other.save_revision()

    assert programme_conflicts(forum_a.edition) == []
    assert session_conflicts(published) == []
    ensure_publishable_programme(forum_a.edition)  # does not raise


@pytest.mark.integration
def test_session_conflicts_of_a_draft_against_the_published_programme(forum_a, forum_b):
    anna = PersonFactory(first_name="Anna", last_name="Becker", academic_title="")
    session_at(forum_a, "Lernplattformen", "10:00", "10:45", speakers=[anna])
    session_at(forum_b, "Phishing", "11:00", "11:45")
    draft = session_at(forum_b, "Neu", "13:00", "13:45", speakers=[anna])
    draft.starts_at, draft.ends_at = berlin(DAY, 10, 30), berlin(DAY, 11, 15)

    conflicts = session_conflicts(draft)

    assert [(c.kind, c.first.title, c.second.title) for c in conflicts] == [
        ("person", "Lernplattformen", "Neu"),
        ("room", "Neu", "Phishing"),
    ]
    with pytest.raises(ProgrammeConflictError) as raised:
        ensure_publishable_session(draft)
    assert raised.value.messages == [c.message for c in conflicts]


@pytest.mark.integration
def test_publishing_a_session_revision_with_conflicts_is_refused(forum_a):
    session_at(forum_a, "Lernplattformen", "10:00", "10:45")
    later = session_at(forum_a, "Tablets", "14:00", "14:45")
    later.starts_at, later.ends_at = berlin(DAY, 10, 15), berlin(DAY, 11, 0)
    revision = later.save_revision()

    with pytest.raises(ProgrammeConflictError):
        revision.publish()

    later.refresh_from_db()
    assert (later.starts_at, later.ends_at) == (berlin(DAY, 14), berlin(DAY, 14, 45))
    assert later.latest_revision.as_object().starts_at == berlin(DAY, 10, 15)


@pytest.mark.integration
def test_publishing_a_session_revision_without_conflicts_updates_the_row(forum_a):
    session_at(forum_a, "Lernplattformen", "10:00", "10:45")
    later = session_at(forum_a, "Tablets", "14:00", "14:45")
    later.starts_at, later.ends_at = berlin(DAY, 10, 45), berlin(DAY, 11, 30)

    later.save_revision().publish()

    later.refresh_from_db()
    assert (later.starts_at, later.ends_at) == (berlin(DAY, 10, 45), berlin(DAY, 11, 30))


@pytest.mark.integration
def test_publishing_a_track_into_an_occupied_room_is_refused(forum_a, forum_b):
    session_at(forum_a, "Lernplattformen", "10:00", "10:45")
    session_at(forum_b, "Phishing", "10:00", "10:45")
    room_a = forum_a.room
    forum_a.room = forum_b.room
    revision = forum_a.save_revision()

    with pytest.raises(ProgrammeConflictError) as raised:
        revision.publish()

    assert [(c.kind, c.resource) for c in raised.value.conflicts] == [("room", forum_b.room.name)]
    assert Track.objects.get(pk=forum_a.pk).room == room_a


@pytest.mark.integration
def test_track_conflicts_ignore_conflicts_of_other_tracks(forum_a, forum_b):
    # forum B already double-books its own room (created directly); forum A is not involved
    session_at(forum_b, "Phishing", "10:00", "10:45")
    session_at(forum_b, "Ransomware", "10:00", "10:45")
    forum_a.title = "Digitale Schule 2.0"

    ensure_publishable_track(forum_a)  # does not raise


@pytest.mark.integration
def test_publishing_a_track_without_room_resolves_its_room_conflicts(forum_a, forum_b):
    """Clearing a forum's room ends the double booking it caused; publishing it is allowed.

    Regression: ``slot_for(..., track_room=None)`` fell back to the published track room.
    """
    session_at(forum_a, "Lernplattformen", "10:00", "10:45")
    session_at(forum_b, "Im Raum von Forum A", "10:00", "10:45", room=forum_a.room)
    assert len(programme_conflicts(forum_a.edition)) == 1
    forum_a.room = None

    ensure_publishable_track(forum_a)  # does not raise


@pytest.mark.integration
def test_publishing_an_unpublished_track_checks_its_sessions(forum_b):
    """A forum published for the first time brings its (published) sessions online: their
    conflicts with the published programme must refuse it.

    Regression: live_slots left out the sessions of the track being published when the track
    was not live yet.
    """
    anna = PersonFactory()
    session_at(forum_b, "Phishing", "10:00", "10:45", speakers=[anna])
    new_forum = TrackFactory(edition=forum_b.edition, live=False)
    session_at(new_forum, "Im neuen Forum", "10:30", "11:15", speakers=[anna])
    revision = new_forum.save_revision()

    with pytest.raises(ProgrammeConflictError) as raised:
        revision.publish()

    assert [(c.kind, c.first.title, c.second.title) for c in raised.value.conflicts] == [
        ("person", "Phishing", "Im neuen Forum")
    ]
    assert Track.objects.get(pk=new_forum.pk).live is False


# The Session model's own rules


@pytest.mark.integration
@pytest.mark.parametrize("minutes", [0, -30])
def test_session_clean_refuses_end_not_after_start(forum_a, minutes):
    session = SessionFactory.build(
        track=forum_a,
        starts_at=berlin(DAY, 10),
        ends_at=berlin(DAY, 10) + dt.timedelta(minutes=minutes),
    )

    with pytest.raises(ValidationError) as raised:
        session.clean()

    assert raised.value.message_dict == {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}


@pytest.mark.integration
@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (berlin(DAY - dt.timedelta(days=1), 23, 30), berlin(DAY, 0, 30)),
        (berlin(DAY + dt.timedelta(days=1), 23, 30), berlin(DAY + dt.timedelta(days=2), 0, 30)),
        (berlin(DAY + dt.timedelta(days=7), 10), berlin(DAY + dt.timedelta(days=7), 11)),
    ],
)
def test_session_clean_refuses_times_outside_the_edition(forum_a, starts_at, ends_at):
    session = SessionFactory.build(track=forum_a, starts_at=starts_at, ends_at=ends_at)

    with pytest.raises(ValidationError) as raised:
        session.clean()

    assert raised.value.message_dict == {
        "starts_at": [
            "Der Programmpunkt muss an den Kongresstagen liegen (05.11.2020 bis 06.11.2020)."
        ]
    }


@pytest.mark.integration
@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        # 00:30 in Berlin is still the previous day in UTC
        (berlin(DAY, 0, 30), berlin(DAY, 1, 30)),
        # ending exactly at midnight after the last day
        (berlin(DAY + dt.timedelta(days=1), 23), berlin(DAY + dt.timedelta(days=2), 0)),
    ],
)
def test_session_clean_accepts_times_at_the_edges_of_the_edition(forum_a, starts_at, ends_at):
    session = SessionFactory.build(
        track=forum_a, title="Am Rand", starts_at=starts_at, ends_at=ends_at
    )

    session.clean()

    assert session.slug == "am-rand"


@pytest.mark.integration
@pytest.mark.parametrize("minutes", [0, -1])
def test_session_check_constraint_refuses_end_not_after_start(forum_a, minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(
            track=forum_a,
            starts_at=berlin(DAY, 10),
            ends_at=berlin(DAY, 10) + dt.timedelta(minutes=minutes),
        )

    assert Session.objects.count() == 0


@pytest.mark.integration
def test_rooms_of_other_venues_do_not_mix(forum_a, forum_b):
    # two rooms with the same name in different venues are different rooms
    elsewhere = RoomFactory(name=forum_a.room.name)
    session_at(forum_a, "Neuss", "10:00", "10:45")
    session_at(forum_b, "Woanders", "10:00", "10:45", room=elsewhere)

    assert programme_conflicts(forum_a.edition) == []
