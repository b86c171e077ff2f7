"""Who receives a mailing: the attendees, speakers and moderators of an edition that match the
organiser's filters, each address once.

Registrations are filtered by ticket category, attendance, state, chosen forum and check-in;
speakers (of the edition's sessions that are not cancelled) and moderators (of its forums and
of sessions) join on request, narrowed by the forum filter as well. An address found several
times (a registered speaker, one speaker in two sessions) is one recipient: the first found
wins (registrations before speakers before moderators), its forums are merged."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse

from congress.models import Edition
from programme.enums import SessionStatus, SpeakerRole
from programme.models import SessionSpeaker, TrackModerator
from registrations.enums import RegistrationState
from registrations.models import CheckIn, ForumChoice, Registration
from speakers.contacts import speaker_contacts

# Without a chosen state: everyone who still takes part or waits for it.
ENDED_STATES = (
    RegistrationState.CANCELLED,
    RegistrationState.EXPIRED,
    RegistrationState.REJECTED,
    RegistrationState.REFUNDED,
)
CHECKED_IN, NOT_CHECKED_IN = "yes", "no"


@dataclass(frozen=True)
class Segment:
    """The filters of a mailing, stored as JSON on it (``to_json`` / ``from_json``)."""

    registrants: bool = True
    categories: tuple[int, ...] = ()
    attendance: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    forums: tuple[int, ...] = ()
    checked_in: str = ""  # "", CHECKED_IN or NOT_CHECKED_IN
    speakers: bool = False
    moderators: bool = False

    def to_json(self) -> dict:
        return {key: list(v) if isinstance(v, tuple) else v for key, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> Segment:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        for key in ("categories", "attendance", "states", "forums"):
            known[key] = tuple(known.get(key) or ())
        return cls(**known)


@dataclass
class Recipient:
    """One person of a segment: ``kind`` is "registration", "speaker" or "moderator";
    ``link`` their private link (the registration's manage page, or the speakers' portal);
    ``forums`` the forums (tracks) they chose, speak in or moderate."""

    email: str
    name: str
    language: str
    kind: str
    link: str
    forums: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return normalise_email(self.email)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def segment_recipients(*, edition: Edition, segment: Segment) -> list[Recipient]:
    """The recipients of ``segment`` in ``edition``, one per normalised address, in a fixed
    number of queries whatever their number."""
    found: dict[str, Recipient] = {}
    groups = []
    if segment.registrants:
        groups.append(_registrants(edition, segment))
    if segment.speakers or segment.moderators:
        groups.append(_programme_people(edition, segment))
    for group in groups:
        for recipient in group:
            key = recipient.key
            if not key:
                continue
            if key in found:
                known = found[key]
                known.forums += [f for f in recipient.forums if f not in known.forums]
            else:
                found[key] = recipient
    return list(found.values())


def registrations_of(edition: Edition, segment: Segment):
    """The registrations ``segment`` selects (a queryset)."""
    registrations = Registration.objects.filter(edition=edition)
    if segment.categories:
        registrations = registrations.filter(category_id__in=segment.categories)
    if segment.attendance:
        registrations = registrations.filter(attendance__in=segment.attendance)
    if segment.states:
        registrations = registrations.filter(state__in=segment.states)
    else:
        registrations = registrations.exclude(state__in=ENDED_STATES)
    if segment.forums:
        registrations = registrations.filter(
            Exists(
                ForumChoice.objects.filter(registration=OuterRef("pk"), track_id__in=segment.forums)
            )
        )
    if segment.checked_in in (CHECKED_IN, NOT_CHECKED_IN):
        checked_in = Exists(CheckIn.objects.filter(registration=OuterRef("pk")))
        registrations = registrations.filter(
            checked_in if segment.checked_in == CHECKED_IN else ~checked_in
        )
    return registrations


def _registrants(edition: Edition, segment: Segment) -> list[Recipient]:
    choices = ForumChoice.objects.select_related("track").order_by("track__sort_order", "pk")
    registrations = (
        registrations_of(edition, segment)
        .only("pk", "first_name", "last_name", "email", "language", "manage_token")
        .prefetch_related(Prefetch("forum_choices", queryset=choices))
        .order_by("last_name", "first_name", "pk")
    )
    return [
        Recipient(
            email=registration.email.strip(),
            name=registration.full_name,
            language=registration.language,
            kind="registration",
            link=absolute_url(reverse("registrations:manage", args=[registration.manage_token])),
            forums=[choice.track for choice in registration.forum_choices.all()],
        )
        for registration in registrations
    ]


def _programme_people(edition: Edition, segment: Segment) -> list[Recipient]:
    """Speakers and moderators (persons), in that order, with their profile's address (else
    their account's, else their latest invitation's) and language."""
    links = []  # (kind, person, forum label)
    if segment.speakers or segment.moderators:
        roles = ([SpeakerRole.SPEAKER, SpeakerRole.PANELIST] if segment.speakers else []) + (
            [SpeakerRole.MODERATOR] if segment.moderators else []
        )
        session_links = (
            SessionSpeaker.objects.filter(session__track__edition=edition, role__in=roles)
            .exclude(session__status=SessionStatus.CANCELLED)
            .select_related("person__speaker_profile__user", "session__track")
            .order_by("person__last_name", "person__first_name", "person_id", "pk")
        )
        if segment.forums:
            session_links = session_links.filter(session__track_id__in=segment.forums)
        for link in session_links:
            kind = "moderator" if link.role == SpeakerRole.MODERATOR else "speaker"
            links.append((kind, link.person, link.session.track))
    if segment.moderators:
        moderations = (
            TrackModerator.objects.filter(track__edition=edition)
            .select_related("person__speaker_profile__user", "track")
            .order_by("person__last_name", "person__first_name", "person_id", "pk")
        )
        if segment.forums:
            moderations = moderations.filter(track_id__in=segment.forums)
        links += [("moderator", m.person, m.track) for m in moderations]
    links.sort(key=lambda link: link[0] != "speaker")  # stable: speakers first
    return _people_recipients(links)


def _people_recipients(links) -> list[Recipient]:
    """One recipient per person who can be reached (speakers.contacts)."""
    contacts = speaker_contacts({person.pk: person for _kind, person, _track in links}.values())
    people: dict[int, Recipient] = {}
    for kind, person, track in links:
        contact = contacts.get(person.pk)
        if contact is None:
            continue
        if person.pk not in people:
            people[person.pk] = Recipient(
                email=contact.email,
                name=person.full_name,
                language=contact.language,
                kind=kind,
                link=contact.link,
            )
        if track not in people[person.pk].forums:
            people[person.pk].forums.append(track)
    return list(people.values())
