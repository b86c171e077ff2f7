"""Factories of the programme: tracks, sessions, session types and people."""

import datetime as dt
import zoneinfo

import factory
from django.utils.text import slugify

from programme.enums import SessionStatus, SpeakerRole, TrackKind
from programme.models import Person, Session, SessionSpeaker, SessionType, Track, TrackModerator

from .congress import EditionFactory, RoomFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

FIRST_NAMES = [
    "Anna", "Bernd", "Claudia", "Dirk", "Elke", "Frank", "Gabriele", "Heinz", "Ines", "Jens",
    "Katrin", "Lars", "Maria", "Nils", "Olga", "Peter", "Ruth", "Stefan", "Tanja", "Uwe",
]  # fmt: skip
LAST_NAMES = [
    "Becker", "Schmitz", "Hoffmann", "Wagner", "Klein", "Wolf", "Neumann", "Krüger", "Lehmann",
    "Köhler", "Busch", "Vogel", "Jansen", "Brandt", "Haas", "Sauer", "Roth", "Lange", "Franke",
    "Albrecht",
]  # fmt: skip
ORGANISATIONS = [
    "Stadt Neuss", "krz Lemgo", "Kreis Minden-Lübbecke", "Stadt Kaarst", "IT.NRW",
    "Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie NRW",
]  # fmt: skip


def berlin(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime at the given wall-clock time in Europe/Berlin."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


class SessionTypeFactory(factory.django.DjangoModelFactory):
    """ "Vortrag" unless told otherwise; the same slug gives the same type."""

    name = "Vortrag"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    is_break = False

    class Meta:
        model = SessionType
        django_get_or_create = ("slug",)


class PersonFactory(factory.django.DjangoModelFactory):
    """People with distinct names (400 before they repeat) and unique slugs."""

    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)])
    slug = factory.Sequence(lambda n: f"person-{n:04d}")
    position = "Leitung Digitalisierung"
    organisation = factory.Sequence(lambda n: ORGANISATIONS[n % len(ORGANISATIONS)])

    class Meta:
        model = Person


class TrackFactory(factory.django.DjangoModelFactory):
    """A published forum with its own room at the edition's venue."""

    edition = factory.SubFactory(EditionFactory)
    kind = TrackKind.FORUM
    number = factory.Sequence(lambda n: n % 13 + 1)
    title = factory.Sequence(lambda n: f"Thema {n:04d}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    room = factory.SubFactory(RoomFactory, venue=factory.SelfAttribute("..edition.venue"))
    sort_order = factory.LazyAttribute(lambda o: o.number or 0)
    live = True

    class Meta:
        model = Track
        skip_postgeneration_save = True

    class Params:
        main_stage = factory.Trait(
            kind=TrackKind.MAIN_STAGE, number=None, title="Hauptbühne", slug="hauptbuehne"
        )

    @factory.post_generation
    def moderators(self, create, extracted, **kwargs):
        """``TrackFactory(moderators=[person, ...])`` adds them as moderation."""
        for order, person in enumerate(extracted or []):
            TrackModeratorFactory(track=self, person=person, sort_order=order)


class SessionFactory(factory.django.DjangoModelFactory):
    """A published talk on the edition's first day, 09:00–09:45 Berlin time.

    ``day`` (index into the edition's days), ``slot`` (hours after 09:00) and ``duration``
    (minutes) move it; ``speakers=[person, ...]`` adds speakers in that order.
    """

    track = factory.SubFactory(TrackFactory)
    session_type = factory.SubFactory(SessionTypeFactory)
    title = factory.Sequence(lambda n: f"Programmpunkt {n:04d}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    starts_at = factory.LazyAttribute(
        lambda o: berlin(o.track.edition.days[o.day], 9) + dt.timedelta(hours=o.slot)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=o.duration))
    status = SessionStatus.CONFIRMED
    live = True

    class Meta:
        model = Session
        skip_postgeneration_save = True

    class Params:
        day = 0
        slot = 0
        duration = 45

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or []):
            SessionSpeakerFactory(session=self, person=person, sort_order=order)


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    role = SpeakerRole.SPEAKER
    sort_order = 0

    class Meta:
        model = SessionSpeaker


class TrackModeratorFactory(factory.django.DjangoModelFactory):
    track = factory.SubFactory(TrackFactory)
    person = factory.SubFactory(PersonFactory)
    sort_order = 0

    class Meta:
        model = TrackModerator
