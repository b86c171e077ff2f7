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
from .registrations import (
    QuestionFactory,
    RegistrationFactory,
    TicketCategoryFactory,
    VoucherFactory,
)
from .speakers import (
    PASSWORD,
    InvitationFactory,
    SpeakerProfileFactory,
    UserFactory,
    odp_bytes,
    pdf_bytes,
    png_bytes,
    pptx_bytes,
)

__all__ = [
    "BERLIN",
    "FORUM_TOPICS",
    "PASSWORD",
    "CongressFactory",
    "EditionFactory",
    "InvitationFactory",
    "PersonFactory",
    "Programme",
    "QuestionFactory",
    "RegistrationFactory",
    "RoomFactory",
    "SessionFactory",
    "SessionSpeakerFactory",
    "SessionTypeFactory",
    "SiteTree",
    "SpeakerProfileFactory",
    "TicketCategoryFactory",
    "TrackFactory",
    "TrackModeratorFactory",
    "UserFactory",
    "VenueFactory",
    "VoucherFactory",
    "berlin",
    "make_programme",
    "make_site_tree",
    "odp_bytes",
    "pdf_bytes",
    "png_bytes",
    "pptx_bytes",
]
