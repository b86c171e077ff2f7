"""Factories of the core: congresses, editions, venues and rooms."""

import datetime as dt

import factory
from django.utils import timezone

from congress.enums import EditionMode, Role
from congress.models import Congress, Edition, RoleAssignment, Room, Venue


class CongressFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kongress {n:03d}")
    slug = factory.Sequence(lambda n: f"kongress-{n:03d}")
    organiser = "Behörden Spiegel"

    class Meta:
        model = Congress
        django_get_or_create = ("slug",)


class VenueFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Stadthalle {n:03d}")
    street = "Selikumer Straße 25"
    postal_code = "41460"
    city = "Neuss"

    class Meta:
        model = Venue


class RoomFactory(factory.django.DjangoModelFactory):
    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Raum {n:03d}")
    capacity = 120

    class Meta:
        model = Room


def in_the_future(days: int = 90) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


class EditionFactory(factory.django.DjangoModelFactory):
    """A one-day edition 90 days ahead; ``EditionFactory(two_days=True)`` lasts two days."""

    congress = factory.SubFactory(CongressFactory)
    start_date = factory.LazyFunction(in_the_future)
    end_date = factory.SelfAttribute("start_date")
    year = factory.LazyAttribute(lambda o: o.start_date.year)
    title = factory.LazyAttribute(lambda o: f"{o.congress.name} {o.year}")
    motto = "Digitale Verwaltung gemeinsam gestalten"
    venue = factory.SubFactory(VenueFactory)
    mode = EditionMode.IN_PERSON

    class Meta:
        model = Edition

    class Params:
        two_days = factory.Trait(
            end_date=factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=1))
        )


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """A role with its scope: ``RoleAssignmentFactory(role=Role.CHECKIN, edition=e)``; the
    helpers below are shorter."""

    user = factory.SubFactory("tests.factories.speakers.UserFactory")
    role = Role.ORGANISER

    class Meta:
        model = RoleAssignment


def organiser_of(congress, user=None):
    """A user (new unless given) with the role Organisation of ``congress``."""
    return RoleAssignmentFactory(
        role=Role.ORGANISER, congress=congress, **({"user": user} if user else {})
    ).user


def checkin_staff_of(edition, user=None):
    return RoleAssignmentFactory(
        role=Role.CHECKIN, edition=edition, **({"user": user} if user else {})
    ).user


def forum_lead_of(forum, user=None):
    return RoleAssignmentFactory(
        role=Role.FORUM_LEAD,
        forum=forum,
        edition_id=forum.edition_id,
        **({"user": user} if user else {}),
    ).user


def speaker_manager_of(*, congress=None, edition=None, user=None):
    return RoleAssignmentFactory(
        role=Role.SPEAKER_MANAGER,
        congress=congress,
        edition=edition,
        **({"user": user} if user else {}),
    ).user
