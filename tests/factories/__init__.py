"""factory_boy factories and scene builders of the test suite."""

from .builders import FORUM_TOPICS, Programme, SiteTree, make_programme, make_site_tree
from .congress import CongressFactory, EditionFactory, RoomFactory, VenueFactory
from .programme import (
    BERLIN,
    PersonFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SessionTypeFactory,
    TrackFactory,
    TrackModeratorFactory,
    berlin,
)

__all__ = [
    "BERLIN",
    "FORUM_TOPICS",
    "CongressFactory",
    "EditionFactory",
    "PersonFactory",
    "Programme",
    "RoomFactory",
    "SessionFactory",
    "SessionSpeakerFactory",
    "SessionTypeFactory",
    "SiteTree",
    "TrackFactory",
    "TrackModeratorFactory",
    "VenueFactory",
    "berlin",
    "make_programme",
    "make_site_tree",
]
