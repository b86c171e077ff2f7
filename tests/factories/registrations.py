"""Factories of registrations: ticket categories, questions, vouchers and registrations."""

import factory
from django.utils import timezone

from registrations.enums import (
    Attendance,
    CategoryAttendance,
    CategoryKind,
    QuestionKind,
    RegistrationState,
)
from registrations.models import Question, Registration, TicketCategory, Voucher

from .congress import EditionFactory


class TicketCategoryFactory(factory.django.DjangoModelFactory):
    """A free public-sector category, on sale, on site or online."""

    edition = factory.SubFactory(EditionFactory)
    name = "Öffentliche Verwaltung"
    kind = CategoryKind.PUBLIC_SECTOR
    attendance = CategoryAttendance.BOTH

    class Meta:
        model = TicketCategory


class QuestionFactory(factory.django.DjangoModelFactory):
    edition = factory.SubFactory(EditionFactory)
    label = factory.Sequence(lambda n: f"Frage {n}")
    kind = QuestionKind.TEXT

    class Meta:
        model = Question


class VoucherFactory(factory.django.DjangoModelFactory):
    category = factory.SubFactory(TicketCategoryFactory, kind=CategoryKind.PARTNER)
    edition = factory.SelfAttribute("category.edition")
    code = factory.Sequence(lambda n: f"PARTNER-{n:04d}")

    class Meta:
        model = Voucher


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration on site, written directly (no service, no email)."""

    category = factory.SubFactory(TicketCategoryFactory)
    edition = factory.SelfAttribute("category.edition")
    state = RegistrationState.CONFIRMED
    attendance = Attendance.ONSITE
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Mustermann{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    terms_accepted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Registration
