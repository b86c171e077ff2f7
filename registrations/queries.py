"""Read models of registrations.

``registration_setup`` is what the public registration form needs of an edition: the edition,
its public ticket categories and its questions. It is read on every registration, so it comes
from the shared cache (Redis in production, a file cache otherwise) in one round trip: the entry
carries the version it was built under and is read together with the current version. Saving
or deleting a congress, edition, venue, ticket category or question sets a new version
(registrations/apps.py); ``SETUP_TIMEOUT`` bounds the staleness of changes that bypass the
signals (``QuerySet.update``). Whether a category is on sale is decided at each request from the
cached sales window, so the cache does not depend on the clock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, CharField, Count, Q, Value, When
from django.db.models.functions import Upper
from django.utils import timezone

from congress.models import Edition
from programme.models import Track

from .enums import (
    BUSINESS_CATEGORY_KINDS,
    HOLDING_STATES,
    Attendance,
    CategoryKind,
    OrganisationKind,
)
from .models import Question, Registration, TicketCategory

SETUP_VERSION_KEY = "registrations:setup-version"
SETUP_TIMEOUT = 5 * 60
# Printable ASCII only: the addresses whose case "Meine Anmeldungen" may ignore.
ASCII_ADDRESS = r"^[ -~]+$"


@dataclass(frozen=True)
class RegistrationSetup:
    edition: Edition
    categories: tuple[TicketCategory, ...]
    questions: tuple[Question, ...]

    def categories_on_sale(self, now=None) -> list[TicketCategory]:
        now = now or timezone.now()
        return [category for category in self.categories if category.is_on_sale(now)]

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.edition.ends_at


def forget_registration_setups(**_signal_kwargs) -> None:
    """Make every cached set-up stale (a signal receiver, hence ``**kwargs``): at once and,
    inside a transaction, again after its commit, so that a set-up a request read from the old
    rows while the transaction was open is not served after it."""
    _new_setup_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_setup_version)


def _new_setup_version() -> None:
    cache.set(SETUP_VERSION_KEY, str(time.time_ns()), timeout=None)


def _setup_key(congress: str, year: int) -> str:
    return f"registrations:setup:{congress}:{year}"


def registration_setup(*, congress: str, year: int) -> RegistrationSetup | None:
    """The set-up of the edition ``year`` of ``congress``, ``None`` when there is none."""
    key = _setup_key(congress, year)
    found = cache.get_many([SETUP_VERSION_KEY, key])
    version = found.get(SETUP_VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    if version is None:
        cache.add(SETUP_VERSION_KEY, str(time.time_ns()), timeout=None)
        version = cache.get(SETUP_VERSION_KEY)
    setup = load_registration_setup(congress=congress, year=year)
    if setup is not None and version is not None:
        cache.set(key, (version, setup), timeout=SETUP_TIMEOUT)
    return setup


def load_registration_setup(*, congress: str, year: int) -> RegistrationSetup | None:
    edition = (
        Edition.objects.select_related("congress", "venue")
        .filter(congress__slug=congress, year=year)
        .first()
    )
    if edition is None:
        return None
    categories = list(
        TicketCategory.objects.for_edition(edition)
        .filter(is_public=True)
        .order_by("sort_order", "name")
    )
    for category in categories:
        category.edition = edition
    return RegistrationSetup(
        edition=edition,
        categories=tuple(categories),
        questions=tuple(edition.registration_questions.all()),
    )


def registrations_of_user(user):
    """The registrations of a signed-in user, newest edition first: those made signed in and
    those made as a guest with one of the user's verified email addresses (allauth's
    EmailAddress with ``verified``). Verification proves the address is theirs, and the private
    link of such a registration was sent to it anyway; unverified addresses show nothing.
    One query, whatever the number of registrations.

    Case is ignored only for ASCII addresses: PostgreSQL's UPPER maps some other letters to
    ASCII ones (the dotless "ı" of "max@gmaıl.com", a domain anyone may register, becomes the
    "I" of "MAX@GMAIL.COM"), so other addresses match only exactly."""
    verified = EmailAddress.objects.filter(user=user, verified=True)
    ascii_verified = (
        verified.filter(email__regex=ASCII_ADDRESS)
        .annotate(address=Upper("email"))
        .values("address")
    )
    return (
        Registration.objects.annotate(address=Upper("email"))
        .filter(
            Q(user=user)
            | Q(address__in=ascii_verified, email__regex=ASCII_ADDRESS)
            | Q(email__in=verified.values("email"))
        )
        .select_related("edition__congress", "category")
        .order_by("-edition__start_date", "-created_at", "-pk")
    )


def editions_open_for_registration(edition_ids, now=None) -> set[int]:
    """The ids among ``edition_ids`` whose registration is open: a public category on sale
    (sales window, never after the edition's last day). One query, for any number of editions."""
    return set(
        TicketCategory.objects.on_sale(now)
        .filter(is_public=True, edition_id__in=list(edition_ids))
        .values_list("edition_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class ForumCount:
    forum: object
    onsite: int
    online: int
    capacity: int | None

    @property
    def total(self) -> int:
        return self.onsite + self.online


def forum_counts(forum_ids) -> list[ForumCount]:
    """How many registrations (holding their place) chose each of the forums, on site and
    online, against the room's capacity: a forum lead's view of their forums (two queries)."""
    forums = Track.objects.filter(pk__in=forum_ids).select_related("edition__congress", "room")
    forums = forums.annotate(
        onsite=Count(
            "attendee_choices",
            filter=Q(
                attendee_choices__registration__state__in=HOLDING_STATES,
                attendee_choices__registration__attendance=Attendance.ONSITE,
            ),
        ),
        online=Count(
            "attendee_choices",
            filter=Q(
                attendee_choices__registration__state__in=HOLDING_STATES,
                attendee_choices__registration__attendance=Attendance.ONLINE,
            ),
        ),
    ).order_by("edition__start_date", "sort_order", "pk")
    return [
        ForumCount(
            forum=forum,
            onsite=forum.onsite,
            online=forum.online,
            capacity=forum.room.capacity if forum.room else None,
        )
        for forum in forums
    ]


def organisation_kind(category_kind: str = "category__kind") -> Case:
    """The expression of a registration's kind of organisation (``OrganisationKind``), as
    ``Registration.organisation_kind`` computes it: the authority's level in a public-sector
    category, business in the business and partner categories, else other. Annotate with it and
    group by it (``values("kind").annotate(Count("pk"))``)."""
    return Case(
        When(
            Q(**{category_kind: CategoryKind.PUBLIC_SECTOR}) & ~Q(authority_level=""),
            then="authority_level",
        ),
        When(
            Q(**{f"{category_kind}__in": BUSINESS_CATEGORY_KINDS}),
            then=Value(OrganisationKind.BUSINESS.value),
        ),
        default=Value(OrganisationKind.OTHER.value),
        output_field=CharField(),
    )
