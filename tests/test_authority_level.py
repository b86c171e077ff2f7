"""The level of a public-sector attendee's authority (Bund, Land, Kommune, other): asked by the
registration form, stored by the service, shown and exported in the admin, grouped by the kind
of organisation."""

import csv
import datetime as dt
import io

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from congress.models import LogEntry
from registrations import services
from registrations.enums import AuthorityLevel, CategoryKind, OrganisationKind
from registrations.models import Registration
from registrations.queries import organisation_kind
from tests.factories import RegistrationFactory, TicketCategoryFactory
from tests.test_registration_views import form_values

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def edition(site_tree):
    edition = site_tree.edition
    edition.start_date = timezone.localdate() + dt.timedelta(days=30)
    edition.end_date = edition.start_date + dt.timedelta(days=1)
    edition.save()
    return edition


@pytest.fixture
def public(edition):
    return TicketCategoryFactory(edition=edition, requires_authority=True)


@pytest.fixture
def url(edition):
    return reverse("registrations:register", args=[edition.congress.slug, edition.year])


def register(category, **kwargs):
    values = {
        "category": category,
        "first_name": "Eva",
        "last_name": "Amt",
        "email": "eva@stadt.example",
        "attendance": "onsite",
        "terms_accepted": True,
        "authority": "Stadt Neuss",
        "declaration_accepted": True,
    }
    return services.register_attendee(**{**values, **kwargs})


def test_service_stores_the_level(public):
    registration = register(public, authority_level=AuthorityLevel.MUNICIPAL)

    registration.refresh_from_db()
    assert registration.authority_level == "municipal"
    assert registration.organisation_kind == OrganisationKind.MUNICIPAL


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("", "Bitte geben Sie an, ob Ihre Behörde zum Bund, zu einem Land, zu einer Kommune"),
        ("galaxy", "Bitte wählen Sie die Ebene Ihrer Behörde aus der Liste."),
    ],
)
def test_service_refuses_a_missing_or_unknown_level(public, level, message):
    with pytest.raises(services.RegistrationError) as excinfo:
        register(public, authority_level=level)

    assert excinfo.value.message.startswith(message)
    assert excinfo.value.field == "authority_level"
    assert Registration.objects.count() == LogEntry.objects.count() == 0


def test_organisers_may_leave_the_level_open_and_other_categories_store_none(edition, public):
    by_organisers = register(public, skip_sales_checks=True)
    business = TicketCategoryFactory(edition=edition, kind=CategoryKind.BUSINESS)
    buyer = register(business, email="buyer@firma.example", authority="", authority_level="federal")

    assert by_organisers.authority_level == "" and buyer.authority_level == ""
    assert (by_organisers.organisation_kind, buyer.organisation_kind) == ("other", "business")


def test_form_asks_the_level_in_a_fieldset_with_its_help_text(client, url, public):
    html = client.get(url).content.decode()

    fieldset = html.split('aria-describedby="id_authority_level_helptext"')[1]
    assert fieldset.split("</fieldset>")[0].count('name="authority_level"') == 4
    assert "<legend" in fieldset and "Ebene Ihrer Behörde" in fieldset
    assert 'id="id_authority_level_helptext"' in html
    for label in ("Bund", "Land", "Kommune", "Sonstige öffentliche Stelle"):
        assert f"{label}</label>" in html


def test_form_without_level_shows_the_message_at_the_field(client, url, public):
    values = form_values(public, authority="Stadt Neuss", declaration_accepted="on")

    response = client.post(url, values)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_authority_level_0"' in html
    assert "zu einer sonstigen öffentlichen Stelle gehört." in html
    assert 'id="id_authority_level-errors"' in html
    assert 'aria-describedby="id_authority_level_helptext id_authority_level-errors"' in html
    assert Registration.objects.count() == 0


def test_form_with_level_registers_it(client, url, public):
    values = form_values(
        public, authority="IT.NRW", declaration_accepted="on", authority_level="state"
    )

    response = client.post(url, values)

    assert response.status_code == 302
    assert Registration.objects.get().authority_level == "state"


def test_organisation_kind_in_the_database_matches_the_model(edition, public):
    business = TicketCategoryFactory(edition=edition, kind=CategoryKind.BUSINESS)
    partner = TicketCategoryFactory(edition=edition, kind=CategoryKind.PARTNER)
    press = TicketCategoryFactory(edition=edition, kind=CategoryKind.PRESS)
    for level in ("federal", "state", "state", "municipal", "other_public", ""):
        RegistrationFactory(category=public, authority_level=level)
    for category in (business, partner, press):
        RegistrationFactory(category=category)

    rows = (
        Registration.objects.annotate(kind=organisation_kind())
        .values("kind")
        .annotate(count=Count("pk"))
    )

    expected = {"federal": 1, "state": 2, "municipal": 1, "other_public": 1}
    assert {row["kind"]: row["count"] for row in rows} == {**expected, "business": 2, "other": 2}
    for registration in Registration.objects.annotate(kind=organisation_kind()):
        assert registration.kind == registration.organisation_kind


def test_admin_export_and_inspect_show_the_level(admin_client, public):
    registration = RegistrationFactory(category=public, authority_level="federal")

    response = admin_client.get(reverse("registration_admin:index"), {"export": "csv"})
    inspect = admin_client.get(reverse("registration_admin:inspect", args=[registration.pk]))

    data = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(data)))
    assert row["Ebene der Behörde"] == "Bund"
    assert row["Art der Organisation"] == "Bund"
    assert "Ebene der Behörde" in inspect.content.decode()
