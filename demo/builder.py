"""Builds the demo data of ``manage.py load_demo`` from :mod:`demo.data`.

Every function is idempotent: objects are looked up by their natural keys (slugs, names, the page
tree) and only created or changed when they differ from the data, so a second run creates no
objects, revisions or pages. Tracks, sessions and pages are published through Wagtail revisions
(``save_revision().publish()``), so they are live, have no unpublished changes and can be edited
in the admin.

Registrations of e-nrw 2021 and the emails of the 2020 switch (:mod:`demo.registration_data`) are
written with ``bulk_create``, not through the services, which would send an email per row; they
are created only when missing (a registration by its address), so what visitors of the demo
change in them stays changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import (
    CongressPage,
    ContentPage,
    EditionPage,
    HomePage,
    ProgrammePage,
    SiteSettings,
    SpeakerIndexPage,
)
from congress.enums import EditionMode
from congress.models import Congress, Edition, Partner, Room, Venue
from programme.models import Person, Session, SessionSpeaker, SessionType, Track, TrackModerator
from programme.services import programme_conflicts
from registrations import access
from registrations.enums import CheckInSource, RecipientKind
from registrations.models import (
    AccessUse,
    CheckIn,
    Invoice,
    ModeSwitch,
    ModeSwitchNotification,
    Question,
    Registration,
    RegistrationLogEntry,
    TicketCategory,
    Voucher,
)
from registrations.services import next_invoice_number

from . import data
from .data import registrations as regs

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


class DemoError(RuntimeError):
    """The demo data is inconsistent (for example it would double-book a room or a person)."""


def german_slug(text: str, max_length: int = 120) -> str:
    """``slugify`` that writes umlauts as ae/oe/ue/ss instead of dropping them."""
    return slugify(text.translate(GERMAN_TRANSLITERATION))[:max_length].strip("-")


def local_datetime(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(
        day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive local time of the data as an aware datetime in the project's time zone."""
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@dataclass
class Summary:
    """What a run created, changed or left alone, per kind of object."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    editions: list[Edition] = field(default_factory=list)
    site: Site | None = None
    home: HomePage | None = None

    def record(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1
        else:
            self.unchanged[kind] += 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{kind}: {self.created[kind]} neu, {self.updated[kind]} geändert, "
            f"{self.unchanged[kind]} unverändert"
            for kind in kinds
        ]


@contextlib.contextmanager
def quiet_logs():
    """Wagtail logs every revision and publication, django-tasks every (immediate) task at INFO;
    keep the command's output short."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)


def _assign(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; True if any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert(model, lookup: dict, values: dict, summary: Summary, kind: str):
    """``update_or_create`` that saves only when something differs."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup, **values)
        obj.save()
        changed = True
    else:
        changed = _assign(obj, values)
        if changed:
            obj.save()
    summary.record(kind, created, changed)
    return obj


# --- programme reference data ----------------------------------------------------------------


def ensure_session_types(summary: Summary) -> dict[str, SessionType]:
    types = {}
    for order, (slug, name, is_break) in enumerate(data.SESSION_TYPES):
        types[slug] = _upsert(
            SessionType,
            {"slug": slug},
            {"name": name, "is_break": is_break, "sort_order": order * 10},
            summary,
            "Sitzungsformate",
        )
    return types


def ensure_people(summary: Summary) -> dict[str, Person]:
    people = {}
    for slug, entry in data.PEOPLE.items():
        values = {
            "academic_title": entry.get("academic_title", ""),
            "first_name": entry["first_name"],
            "last_name": entry["last_name"],
            "position": entry.get("position", ""),
            "organisation": entry.get("organisation", ""),
            "bio": data.FILLER_BIO if entry.get("filler") else "",
        }
        person = Person.objects.filter(slug=slug).first()
        created = person is None
        if created:
            person = Person(slug=slug, **values)
        changed = _assign(person, values) or created
        if changed or person.latest_revision_id is None:
            person.save()
            person.save_revision()
            changed = True
        summary.record("Personen", created, changed)
        people[slug] = person
    return people


def ensure_venues(summary: Summary) -> dict[str, Venue]:
    venues = {}
    for entry in data.VENUES:
        venue = _upsert(
            Venue,
            {"name": entry["name"]},
            {
                "street": entry["street"],
                "postal_code": entry["postal_code"],
                "city": entry["city"],
                "directions": entry["directions"],
            },
            summary,
            "Veranstaltungsorte",
        )
        for name, capacity in entry["rooms"]:
            _upsert(Room, {"venue": venue, "name": name}, {"capacity": capacity}, summary, "Räume")
        venues[venue.name] = venue
    return venues


# --- congresses and editions -----------------------------------------------------------------


def ensure_congress(entry: dict, summary: Summary) -> Congress:
    return _upsert(
        Congress,
        {"slug": entry["slug"]},
        {
            "name": entry["name"],
            "organiser": entry["organiser"],
            "description": entry["description"],
            **entry.get("invoicing", {}),
        },
        summary,
        "Kongresse",
    )


def ensure_edition(congress: Congress, entry: dict, venues: dict, summary: Summary) -> Edition:
    venue = venues[entry["venue"]] if entry["venue"] else None
    edition = _upsert(
        Edition,
        {"congress": congress, "year": entry["year"]},
        {
            "title": entry["title"],
            "motto": entry["motto"],
            "start_date": entry["start_date"],
            "end_date": entry["end_date"],
            "venue_id": venue.pk if venue else None,
            "mode": entry["mode"],
            "onsite_capacity": entry["onsite_capacity"],
            "online_url": entry["online_url"],
        },
        summary,
        "Ausgaben",
    )
    ensure_partners(edition, entry["partners"], summary)
    return edition


def ensure_partners(edition: Edition, partners: list, summary: Summary) -> None:
    names = []
    for order, (name, tier, url, description) in enumerate(partners):
        names.append(name)
        _upsert(
            Partner,
            {"edition": edition, "name": name},
            {"tier": tier, "url": url, "description": description, "sort_order": order},
            summary,
            "Partner",
        )
    Partner.objects.filter(edition=edition).exclude(name__in=names).delete()


# --- tracks and sessions ---------------------------------------------------------------------


def _publish(obj) -> None:
    """Save ``obj`` (with its inline children) and publish it through a new revision."""
    obj.live = True
    obj.save()
    obj.save_revision().publish()


def _needs_publishing(obj) -> bool:
    return not obj.live or obj.has_unpublished_changes or obj.latest_revision_id is None


def ensure_track(
    edition: Edition,
    entry: dict,
    sort_order: int,
    people: dict,
    summary: Summary,
    links: tuple[str, str] = ("", ""),
) -> Track:
    room = None
    if entry["room"]:
        if edition.venue_id is None:
            raise DemoError(f"{edition}: Raum {entry['room']} ohne Veranstaltungsort")
        room = Room.objects.get(venue_id=edition.venue_id, name=entry["room"])
    values = {
        "kind": entry["kind"],
        "number": entry["number"],
        "title": entry["title"],
        "topic": entry["topic"],
        "room_id": room.pk if room else None,
        "sort_order": sort_order,
        "stream_url": links[0],
        "chat_url": links[1],
    }
    track = Track.objects.filter(edition=edition, slug=entry["slug"]).first()
    created = track is None
    if created:
        track = Track(edition=edition, slug=entry["slug"])
    changed = _assign(track, values) or created

    wanted = [people[slug].pk for slug in entry["moderators"]]
    current = [] if created else [link.person_id for link in track.moderator_links.all()]
    if wanted != current:
        track.moderator_links = [
            TrackModerator(person_id=pk, sort_order=i) for i, pk in enumerate(wanted)
        ]
        changed = True

    if changed or _needs_publishing(track):
        _publish(track)
        changed = True
    summary.record("Hauptbühnen und Foren", created, changed)
    return track


def ensure_sessions(
    track: Track, entry: dict, types: dict, people: dict, summary: Summary
) -> list[Session]:
    edition = track.edition
    sessions = []
    slugs = []
    for item in entry["sessions"]:
        slug = german_slug(item.title)
        if slug in slugs:
            raise DemoError(f"{track}: zwei Programmpunkte mit dem Kurznamen {slug}")
        slugs.append(slug)
        day = edition.start_date + dt.timedelta(days=item.day)
        values = {
            "session_type_id": types[item.type].pk,
            "title": item.title,
            "abstract": item.abstract,
            "starts_at": local_datetime(day, item.start),
            "ends_at": local_datetime(day, item.end),
            "room_id": None,
            "status": "confirmed",
        }
        session = Session.objects.filter(track=track, slug=slug).first()
        created = session is None
        if created:
            session = Session(track=track, slug=slug)
        changed = _assign(session, values) or created

        wanted = [(people[person].pk, role) for person, role in item.people]
        current = (
            [] if created else [(link.person_id, link.role) for link in session.speaker_links.all()]
        )
        if wanted != current:
            session.speaker_links = [
                SessionSpeaker(person_id=pk, role=role, sort_order=i)
                for i, (pk, role) in enumerate(wanted)
            ]
            changed = True

        if changed or _needs_publishing(session):
            _publish(session)
            changed = True
        summary.record("Programmpunkte", created, changed)
        sessions.append(session)
    # Sessions that are no longer in the data (after an edit of demo_data.py) go away.
    for stale in Session.objects.filter(track=track).exclude(slug__in=slugs):
        stale.delete()
        summary.updated["Programmpunkte (entfernt)"] += 1
    return sessions


# --- Wagtail pages ---------------------------------------------------------------------------


def _stream_data(stream) -> list[tuple]:
    """Block types and values of a StreamField value or of raw block dicts, without ids."""
    raw = stream.raw_data if hasattr(stream, "raw_data") else stream
    return [(block["type"], block["value"]) for block in raw]


def ensure_page(parent: Page, page_class, slug: str, values: dict, summary: Summary):
    """The live child page ``slug`` of ``parent`` with ``values``, published via a revision."""
    existing = parent.get_children().filter(slug=slug).first()
    created = existing is None
    if created:
        page = page_class(slug=slug, **values)
        parent.add_child(instance=page)
        changed = True
    else:
        page = existing.specific
        if not isinstance(page, page_class):
            raise DemoError(
                f"Die Seite {page.url_path} ist eine {type(page).__name__}, "
                f"erwartet war {page_class.__name__}."
            )
        changed = False
        for name, value in values.items():
            if name == "body":
                if _stream_data(page.body) != _stream_data(value):
                    page.body = value
                    changed = True
            elif getattr(page, name) != value:
                setattr(page, name, value)
                changed = True
    if changed or not page.live or page.has_unpublished_changes or not page.live_revision_id:
        page.save_revision().publish()
        page.refresh_from_db()
        changed = True
    summary.record(f"Seiten ({page_class._meta.verbose_name})", created, changed)
    return page


def ensure_root() -> Page:
    """Wagtail's root page; recreated (with the default locale) if the database was flushed, as
    Django's TransactionTestCase does."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_home_page(summary: Summary) -> tuple[Site, HomePage]:
    """The HomePage as the root of the default site, replacing Wagtail's welcome page."""
    root = ensure_root()
    home = HomePage.objects.first()
    if home is None:
        home = ensure_page(
            root,
            HomePage,
            data.HOME_SLUG,
            {"title": data.HOME_TITLE, "intro": data.HOME_INTRO},
            summary,
        )
    else:
        home = ensure_page(
            home.get_parent(),
            HomePage,
            home.slug,
            {"title": data.HOME_TITLE, "intro": data.HOME_INTRO},
            summary,
        )

    site = Site.objects.filter(is_default_site=True).first()
    previous_root = site.root_page.specific if site else None
    if site is None:
        site = Site(is_default_site=True)
    site_values = {
        "hostname": "localhost",
        "port": 80,
        "site_name": data.SITE_NAME,
        "root_page_id": home.pk,
    }
    site_created = site.pk is None
    site_changed = _assign(site, site_values)
    if site_created or site_changed:
        site.save()
    summary.record("Websites", site_created, site_changed)

    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page without children.
    if (
        previous_root is not None
        and previous_root.pk != home.pk
        and type(previous_root) is Page
        and not previous_root.get_children().exists()
        and not Site.objects.filter(root_page=previous_root).exists()
    ):
        previous_root.delete()
        summary.updated["Seiten (Willkommensseite entfernt)"] += 1
    return site, home


def ensure_edition_pages(
    congress_page: CongressPage, edition: Edition, entry: dict, summary: Summary
) -> EditionPage:
    edition_page = ensure_page(
        congress_page,
        EditionPage,
        str(edition.year),
        {
            "title": edition.title,
            "edition": edition,
            "intro": entry.get("page_intro", ""),
            "body": entry.get("page_body", []),
        },
        summary,
    )
    ensure_page(edition_page, ProgrammePage, "programm", {"title": "Programm"}, summary)
    ensure_page(edition_page, SpeakerIndexPage, "referierende", {"title": "Referierende"}, summary)
    for page in entry.get("content_pages", []):
        ensure_page(
            edition_page,
            ContentPage,
            page["slug"],
            {"title": page["title"], "intro": page["intro"], "body": page["body"]},
            summary,
        )
    return edition_page


def ensure_site_pages(site: Site, home: HomePage, summary: Summary) -> None:
    site_settings = SiteSettings.for_site(site)
    changed = False
    for entry in data.SITE_CONTENT_PAGES:
        page = ensure_page(
            home,
            ContentPage,
            entry["slug"],
            {"title": entry["title"], "intro": entry["intro"], "body": entry["body"]},
            summary,
        )
        if getattr(site_settings, f"{entry['setting']}_id") != page.pk:
            setattr(site_settings, entry["setting"], page)
            changed = True
    if changed:
        site_settings.save()
    summary.record("Website-Einstellungen", False, changed)


# --- admin user ------------------------------------------------------------------------------


def ensure_admin(password: str, summary: Summary):
    user_model = get_user_model()
    user = user_model.objects.filter(username=data.ADMIN_USERNAME).first()
    created = user is None
    if created:
        user = user_model(username=data.ADMIN_USERNAME)
    changed = _assign(
        user,
        {"email": data.ADMIN_EMAIL, "is_staff": True, "is_superuser": True, "is_active": True},
    )
    if created or not user.check_password(password):
        user.set_password(password)
        changed = True
    if created or changed:
        user.save()
    _ensure_verified_email(user)
    summary.record("Benutzer", created, changed and not created)
    return user


def _ensure_verified_email(user) -> None:
    """Let the admin also sign in through allauth (email login, mandatory verification)."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save()


def ensure_checkin_user(password: str, summary: Summary):
    """Staff at the door: the check-in permission and access to the Wagtail admin (for the menu
    item "Einlass"), no superuser."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=data.CHECKIN_USERNAME).first()
    created = user is None
    if created:
        user = user_model(username=data.CHECKIN_USERNAME)
    changed = _assign(
        user,
        {
            "email": data.CHECKIN_EMAIL,
            "first_name": "Einlass",
            "last_name": "Team",
            "is_staff": False,
            "is_superuser": False,
            "is_active": True,
        },
    )
    if created or not user.check_password(password):
        user.set_password(password)
        changed = True
    if created or changed:
        user.save()
    permissions = list(
        Permission.objects.filter(
            Q(content_type__app_label="registrations", codename="check_in")
            | Q(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    )
    if len(permissions) != 2:
        raise DemoError("Die Berechtigungen für den Einlass fehlen (migrate ausgeführt?).")
    missing = set(permissions) - set(user.user_permissions.all())
    if missing:
        user.user_permissions.add(*missing)
        changed = True
    _ensure_verified_email(user)
    summary.record("Benutzer", created, changed and not created)
    return user


# --- registrations ---------------------------------------------------------------------------


def ensure_mode_switch(edition: Edition, user, summary: Summary) -> ModeSwitch:
    """The switch of e-nrw 2020 from the Stadthalle to a WebKongress three days before, as
    ``registrations.services.switch_edition_mode`` records one (banner, notice, audit entry,
    emails), with every email already sent; nothing is sent now."""
    switched_at = aware(regs.SWITCH_AT)
    if _assign(edition, {"mode_changed_at": switched_at, "mode_notice": regs.SWITCH_NOTICE}):
        edition.save(update_fields=["mode_changed_at", "mode_notice"])
        summary.updated["Ausgaben (Formatwechsel)"] += 1
    sessions = Session.objects.live().for_edition(edition).count()
    switch = _upsert(
        ModeSwitch,
        {"edition": edition, "old_mode": EditionMode.IN_PERSON, "new_mode": EditionMode.ONLINE},
        {
            "effects": regs.switch_effects(sessions),
            "user_id": user.pk,
            "created_at": switched_at,
        },
        summary,
        "Formatwechsel",
    )
    if switch.notifications.exists():
        summary.unchanged["Benachrichtigungen zum Formatwechsel"] += switch.notifications.count()
        return switch
    notifications = [
        ModeSwitchNotification(
            switch=switch,
            email=email,
            name=name,
            kind=RecipientKind.ATTENDEE,
            attempts=1,
            sent_at=switched_at
            + dt.timedelta(minutes=1 + index // regs.SWITCH_SENT_PER_MINUTE, seconds=index % 60),
        )
        for index, (name, email) in enumerate(regs.switch_recipients())
    ]
    ModeSwitchNotification.objects.bulk_create(notifications, batch_size=500)
    summary.created["Benachrichtigungen zum Formatwechsel"] += len(notifications)
    return switch


def ensure_registration_setup(edition: Edition, summary: Summary) -> tuple[dict, Voucher]:
    """Ticket categories (by kind), questions and the partners' voucher of the edition."""
    sales_start = aware(regs.SALES_START)
    categories = {}
    for order, row in enumerate(regs.CATEGORIES):
        kind, name, description, price, invoice, authority, voucher, public, attendance = row
        categories[kind] = _upsert(
            TicketCategory,
            {"edition": edition, "name": name},
            {
                "kind": kind,
                "description": description,
                "price_net": price,
                "vat_rate": regs.VAT_RATE,
                "attendance": attendance,
                # Open for the demo: a visitor can try the form (the edition itself is past).
                "sales_start": sales_start,
                "sales_end": None,
                "quota": None,
                "requires_authority": authority,
                "email_domains": "",
                "refundable_until": None,
                "allows_invoice": invoice,
                "requires_voucher": voucher,
                "is_public": public,
                "sort_order": order * 10,
            },
            summary,
            "Ticketkategorien",
        )
    for order, (label, kind, choices, required) in enumerate(regs.QUESTIONS):
        _upsert(
            Question,
            {"edition": edition, "label": label},
            {
                "kind": kind,
                "choices": "\n".join(choices),
                "required": required,
                "sort_order": order * 10,
            },
            summary,
            "Anmeldefragen",
        )
    voucher = _upsert(
        Voucher,
        {"edition": edition, "code": regs.VOUCHER_CODE},
        {
            "category_id": categories["partner"].pk,
            "max_uses": regs.VOUCHER_MAX_USES,
            "note": regs.VOUCHER_NOTE,
        },
        summary,
        "Gutscheine",
    )
    return categories, voucher


def ensure_registrations(edition: Edition, *, admin, door, summary: Summary) -> None:
    """About 150 registrations of ``edition`` with their audit entries, invoices, check-ins and
    online access uses (demo.registration_data), written with bulk_create: no email is sent.

    Registrations are found by their address; only missing ones are created, each with its
    related rows, so a second run creates nothing and what visitors changed stays changed."""
    categories, voucher = ensure_registration_setup(edition, summary)
    attendees = regs.attendees()
    existing = {
        email.lower()
        for email in Registration.objects.filter(edition=edition).values_list("email", flat=True)
    }
    new = [a for a in attendees if a.email.lower() not in existing]
    summary.unchanged["Anmeldungen"] += len(attendees) - len(new)
    if not new:
        return
    now = timezone.now()
    offer_expires_at = now + dt.timedelta(hours=settings.REGISTRATION_OFFER_HOURS)
    Registration.objects.bulk_create(
        [
            Registration(
                edition=edition,
                category=categories[a.category],
                state=a.state,
                attendance=a.attendance,
                first_name=a.first_name,
                last_name=a.last_name,
                email=a.email,
                organisation=a.organisation,
                authority=a.authority,
                declaration_accepted=bool(a.authority),
                terms_accepted_at=aware(a.created_at),
                answers=a.answers,
                voucher=voucher if a.category == "partner" else None,
                payment_method=a.payment_method,
                billing_address=a.billing_address,
                order_reference=a.order_reference,
                leitweg_id=a.leitweg_id,
                offer_expires_at=offer_expires_at if a.state == "offered" else None,
                created_at=aware(a.created_at),
            )
            for a in new
        ],
        batch_size=500,
    )
    summary.created["Anmeldungen"] += len(new)
    by_email = {
        r.email.lower(): r
        for r in Registration.objects.filter(
            edition=edition, email__in=[a.email for a in new]
        ).select_related("category")
    }
    pairs = [(a, by_email[a.email.lower()]) for a in new]
    log = [
        RegistrationLogEntry(
            registration=r,
            action="created",
            user=admin if a.by_organiser else None,
            data={"state": a.initial_state, "attendance": a.attendance},
            created_at=r.created_at,
        )
        for a, r in pairs
    ]
    # The cancellation frees a seat, which goes to the first on the waiting list as an offer:
    # both happen "now", so the offer is still open when a visitor looks at it.
    for a, r in pairs:
        if a.state != a.initial_state:
            at = now - dt.timedelta(minutes=5) if a.state == "cancelled" else now
            log.append(
                RegistrationLogEntry(
                    registration=r,
                    action="state",
                    data={"old": a.initial_state, "new": a.state},
                    created_at=at,
                )
            )
    log += _demo_invoices(edition, pairs, summary)
    log += _demo_check_ins(edition, pairs, door, summary)
    _demo_access_uses(pairs, summary)
    RegistrationLogEntry.objects.bulk_create(log, batch_size=1000)
    summary.created["Protokolleinträge"] += len(log)


def _demo_invoices(edition: Edition, pairs, summary: Summary) -> list[RegistrationLogEntry]:
    """Invoices of the confirmed registrations paying on invoice, numbered in the order of
    registration (RE-2021-00001, ...), as services._issue_invoice_if_due writes them."""
    invoices, log = [], []
    for a, r in pairs:
        if a.payment_method != "invoice" or a.state != "confirmed":
            continue
        category = r.category
        issued = r.created_at
        paid_at = issued + dt.timedelta(days=18) if a.invoice_paid else None
        invoice = Invoice(
            registration=r,
            number=next_invoice_number(year=timezone.localtime(issued).year),
            state="paid" if paid_at else "open",
            issued_at=issued,
            buyer_name=r.authority or r.organisation or r.full_name,
            buyer_address=r.billing_address,
            order_reference=r.order_reference,
            leitweg_id=r.leitweg_id,
            description=(
                f"Teilnahme {edition.title}, {category.name}, {r.full_name}"  # as the service
            ),
            net=category.price_net,
            vat_rate=category.vat_rate,
            vat=category.vat_amount,
            gross=category.price_gross,
            paid_at=paid_at,
        )
        invoices.append(invoice)
        log.append(
            RegistrationLogEntry(
                registration=r,
                action="invoiced",
                data={"number": invoice.number},
                created_at=issued,
            )
        )
        if paid_at:
            log.append(
                RegistrationLogEntry(
                    registration=r,
                    action="invoice_paid",
                    data={"number": invoice.number},
                    created_at=paid_at,
                )
            )
    Invoice.objects.bulk_create(invoices)
    summary.created["Rechnungen"] += len(invoices)
    return log


def _demo_check_ins(edition: Edition, pairs, door, summary: Summary) -> list[RegistrationLogEntry]:
    """A dozen admissions at the entrance on the congress day, five of them also at the door
    of the main stage's room, with their audit entries ("checked_in", as checkin.py writes)."""
    room = Room.objects.get(venue_id=edition.venue_id, name=regs.CHECK_IN_ROOM)
    onsite = [r for a, r in pairs if a.state == "confirmed" and a.attendance == "onsite"]
    admitted = onsite[::8][: regs.ENTRANCE_CHECK_INS]
    scans = [
        (
            r,
            None,
            aware(regs.scanned_at(i, room=False)),
            CheckInSource.MANUAL if i == regs.MANUAL_CHECK_IN else CheckInSource.ONLINE,
            regs.ENTRANCE_DEVICE,
        )
        for i, r in enumerate(admitted)
    ]
    scans += [
        (r, room, aware(regs.scanned_at(i, room=True)), CheckInSource.ONLINE, regs.ROOM_DEVICE)
        for i, r in enumerate(admitted[: regs.ROOM_CHECK_INS])
    ]
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                registration=r,
                room=place,
                scanned_at=at,
                created_at=at,
                source=source,
                device=device,
                user=door,
            )
            for r, place, at, source, device in scans
        ]
    )
    summary.created["Check-ins"] += len(scans)
    return [
        RegistrationLogEntry(
            registration=r,
            action="checked_in",
            user=door,
            data={
                "room": place.pk if place else None,
                "source": str(source),
                "device": device,
                "scanned_at": at.isoformat(),
            },
            created_at=at,
        )
        for r, place, at, source, device in scans
    ]


def _demo_access_uses(pairs, summary: Summary) -> None:
    """Two online attendees who opened their personal link on the congress day (each from one
    address: nothing to flag), so their certificate of attendance says "online"."""
    online = [r for a, r in pairs if a.state == "confirmed" and a.attendance == "online"]
    uses = [
        AccessUse(
            registration=r,
            address_hash=access.address_hash(address),
            first_seen=aware(dt.datetime.combine(regs.CONGRESS_DAY, dt.time.fromisoformat(first))),
            last_seen=aware(dt.datetime.combine(regs.CONGRESS_DAY, dt.time.fromisoformat(last))),
            uses=count,
        )
        for r, (address, first, last, count) in zip(online, regs.ACCESS_USES, strict=False)
    ]
    AccessUse.objects.bulk_create(uses)
    summary.created["Online-Zugänge"] += len(uses)


# --- the whole demo --------------------------------------------------------------------------


def check_conflicts(editions) -> None:
    problems = []
    for edition in editions:
        problems += [f"{edition}: {c.message}" for c in programme_conflicts(edition)]
    if problems:
        raise DemoError("Konflikte im Demoprogramm:\n" + "\n".join(problems))


def build_demo(password: str = data.ADMIN_DEFAULT_PASSWORD) -> Summary:
    """Create or update all demo data; returns what was done. Raises DemoError on conflicts."""
    summary = Summary()
    entries: list[tuple[Edition, dict]] = []
    with quiet_logs(), transaction.atomic():
        types = ensure_session_types(summary)
        people = ensure_people(summary)
        venues = ensure_venues(summary)
        site, home = ensure_home_page(summary)
        summary.site, summary.home = site, home

        for congress_entry in data.CONGRESSES:
            congress = ensure_congress(congress_entry, summary)
            congress_page = ensure_page(
                home,
                CongressPage,
                congress.slug,
                {
                    "title": congress_entry["page_title"],
                    "congress": congress,
                    "intro": congress_entry["page_intro"],
                },
                summary,
            )
            for edition_entry in congress_entry["editions"]:
                edition = ensure_edition(congress, edition_entry, venues, summary)
                for order, track_entry in enumerate(edition_entry["tracks"]):
                    links = ("", "")
                    if edition_entry.get("streams"):
                        links = data.track_links(congress.slug, edition.year, track_entry)
                    track = ensure_track(edition, track_entry, order * 10, people, summary, links)
                    ensure_sessions(track, track_entry, types, people, summary)
                ensure_edition_pages(congress_page, edition, edition_entry, summary)
                summary.editions.append(edition)
                entries.append((edition, edition_entry))

        ensure_site_pages(site, home, summary)
        admin = ensure_admin(password, summary)
        door = ensure_checkin_user(password, summary)
        for edition, entry in entries:
            if entry.get("switched_online"):
                ensure_mode_switch(edition, admin, summary)
            if entry.get("registrations"):
                ensure_registrations(edition, admin=admin, door=door, summary=summary)
        check_conflicts(summary.editions)
    return summary
