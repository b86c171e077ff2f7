"""Builders of whole scenes: the Wagtail page tree and an edition's programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import CongressPage, EditionPage, HomePage, ProgrammePage, SpeakerIndexPage
from congress.enums import EditionMode
from congress.models import Congress, Edition
from programme.enums import SpeakerRole
from programme.models import Person, Session, SessionType, Track

from .congress import CongressFactory, EditionFactory, RoomFactory, VenueFactory
from .programme import PersonFactory, SessionFactory, SessionTypeFactory, TrackFactory

FORUM_TOPICS = [
    "Digitale Schule",
    "Onlinezugangsgesetz in den Kommunen",
    "Informationssicherheit",
    "Digitale Personalgewinnung",
    "E-Akte und Dokumentenmanagement",
    "Smart City und Smart Region",
    "Cloud in der Verwaltung",
    "Künstliche Intelligenz in Behörden",
    "Offene Daten",
    "Digitale Bürgerbeteiligung",
    "Registermodernisierung",
    "Change-Management",
    "Breitband und Mobilfunk",
]
FIRST_SLOT_HOUR = 9
SLOTS_PER_DAY = 15  # 09:00 to 23:45, one session of 45 minutes per hour and track
PEOPLE_PER_TRACK = 3


@dataclass
class SiteTree:
    site: Site
    home: HomePage
    congress_page: CongressPage
    edition_page: EditionPage
    programme_page: ProgrammePage
    speaker_page: SpeakerIndexPage
    congress: Congress
    edition: Edition


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_site_tree() -> SiteTree:
    """HomePage as the default site's root (replacing Wagtail's welcome page), and below it
    /e-nrw/ -> /e-nrw/2020/ -> /e-nrw/2020/programm/ and /e-nrw/2020/referierende/, all published.

    The edition lasts two days, 5 and 6 November 2020.
    """
    # The initial migrations create a root page, Wagtail's welcome page and a site pointing at
    # it; after a transactional test flushed the database they are rebuilt here.
    root = Page.get_first_root_node()
    if root is None:
        locale = Locale.objects.first() or Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    site = Site.objects.filter(is_default_site=True).first()
    welcome = site.root_page if site else None
    home = _publish(
        root.add_child(
            instance=HomePage(
                title="Kongressportal",
                slug="kongressportal",
                intro="<p>Kongresse zur Digitalisierung der Verwaltung.</p>",
            )
        )
    )
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.save()
    if welcome is not None and welcome.specific_class is Page:
        welcome.delete()

    congress = CongressFactory(name="e-nrw", slug="e-nrw")
    edition = EditionFactory(
        congress=congress,
        year=2020,
        title="e-nrw 2020",
        motto="Digitalisierung in Nordrhein-Westfalen",
        start_date=dt.date(2020, 11, 5),
        end_date=dt.date(2020, 11, 6),
        venue=VenueFactory(name="Stadthalle Neuss"),
        mode=EditionMode.HYBRID,
    )
    congress_page = _publish(
        home.add_child(instance=CongressPage(title="e-nrw", slug="e-nrw", congress=congress))
    )
    edition_page = _publish(
        congress_page.add_child(
            instance=EditionPage(title="e-nrw 2020", slug="2020", edition=edition)
        )
    )
    programme_page = _publish(
        edition_page.add_child(instance=ProgrammePage(title="Programm", slug="programm"))
    )
    speaker_page = _publish(
        edition_page.add_child(instance=SpeakerIndexPage(title="Referierende", slug="referierende"))
    )
    return SiteTree(
        site=site,
        home=home,
        congress_page=congress_page,
        edition_page=edition_page,
        programme_page=programme_page,
        speaker_page=speaker_page,
        congress=congress,
        edition=edition,
    )


@dataclass
class Programme:
    edition: Edition
    main_stage: Track
    forums: list[Track]
    talk: SessionType
    panel: SessionType
    sessions: list[Session] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)
    moderators: list[Person] = field(default_factory=list)

    @property
    def tracks(self) -> list[Track]:
        return [self.main_stage, *self.forums]

    @property
    def people(self) -> list[Person]:
        return [*self.speakers, *self.moderators]


def make_programme(edition: Edition, n_sessions: int, *, moderators: bool = True) -> Programme:
    """A main stage and 13 forums, each in its own room, and ``n_sessions`` published sessions
    without conflicts.

    Session i goes to track i % 14, round robin over the edition's days and then hourly from
    09:00 (45 minutes each), so sessions of a track never overlap. Every track has a pool of three
    speakers who speak only in that track (created when first needed, so ``speakers`` holds
    exactly the people who speak); a session has one speaker, every odd one two. Every
    fourth session is a panel ("Podiumsdiskussion"), the others are talks ("Vortrag"). With
    ``moderators`` every forum has a moderator of its own. Titles are "Beitrag 001", "Beitrag
    002" ... so that none is part of another.
    """
    venue = edition.venue or VenueFactory()
    main_stage = TrackFactory(
        edition=edition,
        main_stage=True,
        sort_order=0,
        room=RoomFactory(venue=venue, name="Großer Saal", capacity=800),
    )
    forums = [
        TrackFactory(
            edition=edition,
            number=number,
            title=topic,
            sort_order=number,
            room=RoomFactory(venue=venue, name=f"Forum-Raum {number:02d}"),
            moderators=[PersonFactory()] if moderators else [],
        )
        for number, topic in enumerate(FORUM_TOPICS, start=1)
    ]
    programme = Programme(
        edition=edition,
        main_stage=main_stage,
        forums=forums,
        talk=SessionTypeFactory(name="Vortrag", sort_order=1),
        panel=SessionTypeFactory(name="Podiumsdiskussion", sort_order=2),
    )
    programme.moderators = (
        [forum.moderator_links.get().person for forum in forums] if moderators else []
    )

    tracks = programme.tracks
    n_days = len(edition.days)
    capacity = len(tracks) * n_days * SLOTS_PER_DAY
    if n_sessions > capacity:
        raise ValueError(f"At most {capacity} sessions fit into {n_days} day(s).")
    pools: dict[int, dict[int, Person]] = {}
    for i in range(n_sessions):
        t, k = i % len(tracks), i // len(tracks)
        pool = pools.setdefault(t, {})
        seats = [k % PEOPLE_PER_TRACK]
        if i % 2:
            seats.append((k + 1) % PEOPLE_PER_TRACK)
        speakers = []
        for seat in seats:
            if seat not in pool:
                pool[seat] = PersonFactory()
                programme.speakers.append(pool[seat])
            speakers.append(pool[seat])
        is_panel = i % 4 == 3
        session = SessionFactory(
            track=tracks[t],
            session_type=programme.panel if is_panel else programme.talk,
            title=f"Beitrag {i + 1:03d}",
            day=k % n_days,
            slot=k // n_days,
            speakers=speakers,
        )
        if is_panel:
            session.speaker_links.update(role=SpeakerRole.PANELIST)
        programme.sessions.append(session)
    return programme
