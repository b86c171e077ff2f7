"""Every PDF prints every name: tickets, invoices, badge sheets and certificates embed a Unicode
font (DejaVu Sans) and are read back with poppler's pdftotext, as a person copying a name from
the PDF (or a screen reader) would get it; long names wrap or shrink and stay on the page."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from lxml import html
from pypdf import PdfReader

from registrations import access, services
from registrations.enums import Attendance, CategoryKind
from registrations.models import CheckIn
from registrations.pdf import badge_sheet_pdf, certificate_pdf, invoice_pdf, ticket_pdf
from tests.factories import EditionFactory, RegistrationFactory, TicketCategoryFactory, berlin

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NAMES = [
    ("Łukasz", "Żółć"),  # Polish
    ("Ελένη", "Παπαδοπούλου"),  # Greek
    ("Юлия", "Щербакова"),  # Cyrillic
    ("Şükrü", "Çağlayan-İnce"),  # Turkish
]
LONG_NAME = ("Maximiliane Friederike Theodora", "von Hohenzollern-Sigmaringen-Wolkenstein")


def run_pdftotext(data: bytes, *options: str) -> str:
    """poppler's pdftotext (`apt-get install poppler-utils`, done by `make test`)."""
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext missing: apt-get install poppler-utils"
    result = subprocess.run(  # noqa: S603 (our own arguments)
        [executable, "-enc", "UTF-8", *options, "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdftotext(data: bytes) -> str:
    """The text as a reader copying it from the PDF gets it."""
    return run_pdftotext(data)


def embedded_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] != "/Type1", f"core font {font['/BaseFont']}"
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    return fonts


@pytest.fixture
def edition():
    return EditionFactory(
        title="e-nrw 2020", start_date=dt.date(2020, 11, 5), end_date=dt.date(2020, 11, 5)
    )


@pytest.fixture
def people(edition):
    category = TicketCategoryFactory(edition=edition, name="Öffentliche Verwaltung")
    return [
        RegistrationFactory(category=category, first_name=first, last_name=last)
        for first, last in NAMES
    ]


def test_ticket_prints_each_script(people):
    for person in people:
        data = ticket_pdf(person)
        assert f"{person.first_name} {person.last_name}" in pdftotext(data)
        assert embedded_fonts(data) == {"DejaVuSans", "DejaVuSans-Bold"}


def test_badge_sheet_prints_each_script(people):
    text = pdftotext(badge_sheet_pdf(people, with_qr=True))
    for first, last in NAMES:
        assert f"{first} {last}" in text


def test_certificate_prints_each_script(people):
    for person in people:
        CheckIn.objects.create(registration=person, scanned_at=berlin(dt.date(2020, 11, 5), 9, 0))
        data = certificate_pdf(person, access.attendance_of(person))
        assert f"{person.first_name} {person.last_name}" in pdftotext(data)


def test_invoice_prints_each_script_as_buyer(edition):
    category = TicketCategoryFactory(
        edition=edition,
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("290.00"),
        allows_invoice=True,
    )
    for index, (first, last) in enumerate(NAMES):
        registration = services.register_attendee(
            category=category,
            first_name=first,
            last_name=last,
            email=f"person{index}@firma.example",
            attendance=Attendance.ONSITE,
            terms_accepted=True,
            organisation="Ελληνική Ψηφιακή Α.Ε.",
            payment_method="invoice",
            billing_address="ul. Świętokrzyska 12\n00-916 Warszawa",
            # Before the congress: no registration after an edition's last day (#13).
            now=berlin(dt.date(2020, 10, 1), 9, 0),
        )
        text = pdftotext(invoice_pdf(registration.invoice))
        assert f"{first} {last}" in text
        assert "Ελληνική Ψηφιακή Α.Ε." in text
        assert "ul. Świętokrzyska 12" in text


def words_outside_page(data: bytes) -> list[str]:
    """Words whose bounding box leaves the page (pdftotext -bbox)."""
    page = html.fromstring(run_pdftotext(data, "-bbox")).xpath("//page")[0]
    width = float(page.get("width"))
    return [
        word.text
        for word in page.xpath("//word")
        if float(word.get("xmax")) > width or float(word.get("xmin")) < 0
    ]


@pytest.mark.parametrize("document", ["ticket", "certificate", "badges"])
def test_a_long_name_is_printed_whole_within_the_page(edition, document):
    first, last = LONG_NAME
    person = RegistrationFactory(
        category=TicketCategoryFactory(edition=edition), first_name=first, last_name=last
    )
    CheckIn.objects.create(registration=person, scanned_at=berlin(dt.date(2020, 11, 5), 9, 0))
    data = {
        "ticket": lambda: ticket_pdf(person),
        "certificate": lambda: certificate_pdf(person, access.attendance_of(person)),
        "badges": lambda: badge_sheet_pdf([person]),
    }[document]()

    words = pdftotext(data).split()
    for word in f"{first} {last}".split():
        assert word in words
    assert words_outside_page(data) == []
