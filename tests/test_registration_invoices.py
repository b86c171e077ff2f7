"""Payment by invoice for authorities: consecutive numbers, VAT, order reference and Leitweg-ID
in the PDF sent by email; organisers mark invoices paid; cancelling cancels an open invoice. The
seller data of the congress on the PDF (§ 14 Abs. 4 UStG) and the XRechnung (UBL), checked
structurally with lxml and XPath (no schema, no network)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from pypdf import PdfReader

from registrations import services
from registrations.enums import Attendance, CategoryKind, InvoiceState, RegistrationState
from registrations.models import Invoice, Registration
from registrations.pdf import invoice_pdf
from registrations.xrechnung import xrechnung_xml
from tests.factories import CongressFactory, EditionFactory, TicketCategoryFactory, organiser_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def category():
    return TicketCategoryFactory(
        edition=EditionFactory(onsite_capacity=5),
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("250.00"),
        allows_invoice=True,
    )


def register(category, n=0, **kwargs):
    values = {
        "category": category,
        "first_name": "Eva",
        "last_name": "Amt",
        "email": f"eva{n}@stadt.example",
        "attendance": Attendance.ONSITE,
        "terms_accepted": True,
        "authority": "Stadt Neuss",
        "payment_method": "invoice",
        "billing_address": "Markt 2\n41460 Neuss",
        "order_reference": "BN-4711",
        "leitweg_id": "05162024-0001-12",
    }
    values.update(kwargs)
    return services.register_attendee(**values)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_invoice_registration_is_confirmed_with_consecutive_numbers(
    category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = register(category, 1)
    second = register(category, 2)

    assert first.state == RegistrationState.CONFIRMED
    year = first.invoice.issued_at.year
    assert (first.invoice.number, second.invoice.number) == (
        f"RE-{year}-00001",
        f"RE-{year}-00002",
    )
    mail = mailoutbox[0]
    assert mail.to == ["eva1@stadt.example"]
    names = [name for name, _c, _m in mail.attachments]
    assert names[1] == f"rechnung-RE-{year}-00001.pdf"
    text = pdf_text(mail.attachments[1][1])
    for expected in [
        f"RE-{year}-00001",
        "Stadt Neuss",
        "Markt 2",
        "BN-4711",
        "05162024-0001-12",
        "250,00 EUR",
        "47,50 EUR",
        "297,50 EUR",
        "Umsatzsteuer 19 %",
    ]:
        assert expected in text


def test_invoice_works_without_stripe_keys(category, settings):
    settings.STRIPE_SECRET_KEY = ""

    assert register(category).state == RegistrationState.CONFIRMED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"billing_address": " "}, "Bitte geben Sie die Rechnungsanschrift an."),
        ({"leitweg_id": "abc"}, "Die Leitweg-ID hat nicht das Format"),
        ({"payment_method": "cash"}, "Bitte wählen Sie eine Zahlungsart."),
    ],
)
def test_invoice_bad_input_is_refused(category, kwargs, message):
    with pytest.raises(services.RegistrationError, match=message):
        register(category, **kwargs)
    assert Registration.objects.count() == Invoice.objects.count() == 0


def test_invoice_not_allowed_for_category(category):
    category.allows_invoice = False
    category.save()

    with pytest.raises(services.RegistrationError, match="keine Zahlung auf Rechnung"):
        register(category)


def test_mark_invoice_paid_once_and_cancel_cancels_open_invoice(category, admin_client):
    paid = register(category, 1).invoice
    url = reverse("registrations_admin_invoice_paid", args=[paid.pk])

    assert admin_client.get(url).status_code == 200
    admin_client.post(url)
    paid.refresh_from_db()
    assert paid.state == InvoiceState.PAID
    with pytest.raises(services.RegistrationError):
        services.mark_invoice_paid(invoice=paid)

    other = register(category, 2)
    services.cancel_registration(registration=other)
    other.invoice.refresh_from_db()
    assert other.invoice.state == InvoiceState.CANCELLED
    assert admin_client.get(reverse("invoices:index")).status_code == 200


def test_invoice_download_on_attendee_page(client, category):
    registration = register(category)

    page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    response = client.get(reverse("registrations:invoice", args=[registration.manage_token]))

    assert "Rechnung RE-" in page.content.decode()
    assert response.status_code == 200
    assert registration.invoice.number in pdf_text(response.content)
    assert invoice_pdf(registration.invoice)[:4] == b"%PDF"


# Seller data, PDF per § 14 Abs. 4 UStG, XRechnung -------------------------------------------

NS = {
    "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
TEST_IBAN = "DE02120300000000202051"
SELLER = {
    "organiser": "Behörden Spiegel",
    "organiser_street": "Musterstraße 1",
    "organiser_postal_code": "10115",
    "organiser_city": "Berlin",
    "organiser_country": "DE",
    "vat_id": "DE123456789",
    "tax_number": "37/123/45678",
    "invoice_email": "rechnung@kongress.example",
    "invoice_phone": "+49 30 1234567",
    "iban": TEST_IBAN,
    "bic": "BYLADEM1001",
    "bank_name": "Testbank Berlin",
}


@pytest.fixture
def seller_category():
    """A two-day edition (12 and 13 March 2030) whose congress has complete seller data."""
    congress = CongressFactory(**SELLER)
    edition = EditionFactory(
        congress=congress,
        start_date=dt.date(2030, 3, 12),
        end_date=dt.date(2030, 3, 13),
        onsite_capacity=5,
    )
    return TicketCategoryFactory(
        edition=edition,
        kind=CategoryKind.BUSINESS,
        price_net=Decimal("250.00"),
        allows_invoice=True,
    )


def parse(xml: bytes):
    return etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def text_of(root, path: str) -> str:
    values = root.xpath(path, namespaces=NS)
    assert len(values) == 1, path
    value = values[0]
    return value if isinstance(value, str) else value.text


def test_invoice_pdf_names_seller_dates_and_bank_details(seller_category):
    # Issued on 15 January 2030 (an issued invoice never changes, so it is issued then).
    issued = timezone.make_aware(dt.datetime(2030, 1, 15, 12))
    invoice = register(seller_category, now=issued).invoice

    text = pdf_text(invoice_pdf(invoice))

    for expected in [
        "Behörden Spiegel",
        "Musterstraße 1",
        "10115 Berlin",
        "USt-IdNr.: DE123456789",
        "Steuernummer: 37/123/45678",
        "E-Mail: rechnung@kongress.example",
        "Telefon: +49 30 1234567",
        "Rechnungsdatum: 15.01.2030",
        "Leistungszeitraum: 12.03.2030 – 13.03.2030",
        "Leitweg-ID: 05162024-0001-12",
        "Bestellnummer: BN-4711",
        "bis zum 14.02.2030",
        "IBAN: DE02 1203 0000 0000 2020 51",
        "BIC: BYLADEM1001",
        "Bank: Testbank Berlin",
        f"Verwendungszweck: {invoice.number}",
        "Umsatzsteuer 19 %",
        "297,50 EUR",
    ]:
        assert expected in text, expected
    assert "innerhalb von 30 Tagen" not in text


def test_issued_invoice_keeps_its_seller_when_the_congress_changes(seller_category):
    invoice = register(seller_category).invoice
    congress = seller_category.edition.congress
    congress.iban = "GB82WEST12345698765432"
    congress.organiser_street = "Neue Straße 9"
    congress.save()
    invoice = (
        type(invoice).objects.select_related("registration__edition__congress").get(pk=invoice.pk)
    )

    text = pdf_text(invoice_pdf(invoice))
    root = parse(xrechnung_xml(invoice))

    assert "IBAN: DE02 1203 0000 0000 2020 51" in text and "Musterstraße 1" in text
    assert "Neue Straße" not in text and "GB82" not in text
    assert text_of(root, "//cac:PayeeFinancialAccount/cbc:ID") == "DE02120300000000202051"


def test_invoice_pdf_without_seller_data_keeps_the_general_wording(category):
    invoice = register(category).invoice

    text = pdf_text(invoice_pdf(invoice))

    assert "Behörden Spiegel" in text
    assert "innerhalb von 30 Tagen unter Angabe der Rechnungsnummer" in text
    assert "IBAN" not in text
    assert "Leistungsdatum: " in text


def test_xrechnung_has_the_structure_and_values(seller_category):
    invoice = register(seller_category).invoice

    root = parse(xrechnung_xml(invoice))

    assert root.tag == f"{{{NS['ubl']}}}Invoice"
    assert {root.nsmap[prefix] for prefix in ("ubl", "cac", "cbc")} == set(NS.values())
    assert text_of(root, "cbc:CustomizationID") == (
        "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
    )
    assert text_of(root, "cbc:ProfileID") == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert text_of(root, "cbc:ID") == invoice.number
    assert text_of(root, "cbc:IssueDate") == invoice.issue_date.isoformat()
    assert text_of(root, "cbc:DueDate") == (invoice.issue_date + dt.timedelta(days=30)).isoformat()
    assert text_of(root, "cbc:InvoiceTypeCode") == "380"
    assert text_of(root, "cbc:DocumentCurrencyCode") == "EUR"
    assert text_of(root, "cbc:BuyerReference") == "05162024-0001-12"
    assert text_of(root, "cac:OrderReference/cbc:ID") == "BN-4711"
    assert text_of(root, "cac:InvoicePeriod/cbc:StartDate") == "2030-03-12"
    assert text_of(root, "cac:InvoicePeriod/cbc:EndDate") == "2030-03-13"

    seller = "cac:AccountingSupplierParty/cac:Party/"
    assert text_of(root, seller + "cbc:EndpointID") == "rechnung@kongress.example"
    assert text_of(root, seller + "cbc:EndpointID/@schemeID") == "EM"
    assert text_of(root, seller + "cac:PostalAddress/cbc:StreetName") == "Musterstraße 1"
    assert text_of(root, seller + "cac:PostalAddress/cbc:PostalZone") == "10115"
    assert text_of(root, seller + "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "DE"
    assert text_of(
        root, seller + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"
    ) == ("DE123456789")
    assert text_of(
        root, seller + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='FC']/cbc:CompanyID"
    ) == ("37/123/45678")
    assert text_of(root, seller + "cac:PartyLegalEntity/cbc:RegistrationName") == (
        "Behörden Spiegel"
    )
    assert text_of(root, seller + "cac:Contact/cbc:ElectronicMail") == ("rechnung@kongress.example")
    assert text_of(root, seller + "cac:Contact/cbc:Telephone") == "+49 30 1234567"

    buyer = "cac:AccountingCustomerParty/cac:Party/"
    assert text_of(root, buyer + "cbc:EndpointID") == "05162024-0001-12"
    assert text_of(root, buyer + "cbc:EndpointID/@schemeID") == "0204"
    assert text_of(root, buyer + "cac:PartyLegalEntity/cbc:RegistrationName") == "Stadt Neuss"
    assert text_of(root, buyer + "cac:PostalAddress/cbc:StreetName") == "Markt 2"
    assert text_of(root, buyer + "cac:PostalAddress/cbc:PostalZone") == "41460"
    assert text_of(root, buyer + "cac:PostalAddress/cbc:CityName") == "Neuss"
    assert text_of(root, buyer + "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "DE"

    assert text_of(root, "cac:PaymentMeans/cbc:PaymentMeansCode") == "58"
    assert text_of(root, "cac:PaymentMeans/cbc:PaymentID") == invoice.number
    assert text_of(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == TEST_IBAN
    assert (
        text_of(
            root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"
        )
        == "BYLADEM1001"
    )
    assert "Zahlbar ohne Abzug bis" in text_of(root, "cac:PaymentTerms/cbc:Note")

    subtotal = "cac:TaxTotal/cac:TaxSubtotal/"
    assert text_of(root, subtotal + "cac:TaxCategory/cbc:ID") == "S"
    assert Decimal(text_of(root, subtotal + "cac:TaxCategory/cbc:Percent")) == Decimal("19")
    assert text_of(root, subtotal + "cac:TaxCategory/cac:TaxScheme/cbc:ID") == "VAT"
    amounts = {
        name: Decimal(text_of(root, f"cac:LegalMonetaryTotal/cbc:{name}"))
        for name in [
            "LineExtensionAmount",
            "TaxExclusiveAmount",
            "TaxInclusiveAmount",
            "PayableAmount",
        ]
    }
    vat = Decimal(text_of(root, "cac:TaxTotal/cbc:TaxAmount"))
    assert amounts == {
        "LineExtensionAmount": Decimal("250.00"),
        "TaxExclusiveAmount": Decimal("250.00"),
        "TaxInclusiveAmount": Decimal("297.50"),
        "PayableAmount": Decimal("297.50"),
    }
    assert amounts["TaxExclusiveAmount"] + vat == amounts["TaxInclusiveAmount"]
    assert Decimal(text_of(root, subtotal + "cbc:TaxableAmount")) == Decimal("250.00")
    assert Decimal(text_of(root, subtotal + "cbc:TaxAmount")) == vat == Decimal("47.50")
    assert root.xpath("//cbc:*[@currencyID!='EUR']", namespaces=NS) == []
    assert all(
        len(amount.text.split(".")[1]) == 2
        for amount in root.xpath("//cbc:*[@currencyID]", namespaces=NS)
    )

    line = "cac:InvoiceLine/"
    assert text_of(root, line + "cbc:InvoicedQuantity") == "1"
    assert text_of(root, line + "cbc:InvoicedQuantity/@unitCode") == "C62"
    assert Decimal(text_of(root, line + "cbc:LineExtensionAmount")) == Decimal("250.00")
    assert text_of(root, line + "cac:Item/cbc:Name") == invoice.description
    assert text_of(root, line + "cac:Item/cac:ClassifiedTaxCategory/cbc:ID") == "S"
    assert Decimal(text_of(root, line + "cac:Price/cbc:PriceAmount")) == Decimal("250.00")


def test_xrechnung_elements_follow_the_ubl_order(seller_category):
    """The UBL schema is a sequence: a structural check of the order of the top-level
    elements (no schema is downloaded)."""
    root = parse(xrechnung_xml(register(seller_category).invoice))
    order = [
        "CustomizationID",
        "ProfileID",
        "ID",
        "IssueDate",
        "DueDate",
        "InvoiceTypeCode",
        "DocumentCurrencyCode",
        "BuyerReference",
        "InvoicePeriod",
        "OrderReference",
        "AccountingSupplierParty",
        "AccountingCustomerParty",
        "PaymentMeans",
        "PaymentTerms",
        "TaxTotal",
        "LegalMonetaryTotal",
        "InvoiceLine",
    ]

    assert [etree.QName(child).localname for child in root] == order
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert [etree.QName(child).localname for child in party] == [
        "EndpointID",
        "PartyName",
        "PostalAddress",
        "PartyTaxScheme",
        "PartyTaxScheme",
        "PartyLegalEntity",
        "Contact",
    ]


def test_xrechnung_buyer_reference_without_leitweg_id(seller_category):
    with_order = register(seller_category, 1, leitweg_id="").invoice
    bare = register(seller_category, 2, leitweg_id="", order_reference="").invoice

    assert text_of(parse(xrechnung_xml(with_order)), "cbc:BuyerReference") == "BN-4711"
    root = parse(xrechnung_xml(bare))
    assert text_of(root, "cbc:BuyerReference") == bare.number
    assert root.xpath("cac:OrderReference", namespaces=NS) == []
    assert text_of(root, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID") == "EM"


def test_xrechnung_parses_a_longer_buyer_address_and_drops_the_repeated_name(seller_category):
    invoice = register(
        seller_category,
        billing_address=(
            "Stadt Neuss\nAmt für Digitalisierung\nz. Hd. Eva Amt\nMarkt 2\nD-41460 Neuss"
        ),
    ).invoice

    address = parse(xrechnung_xml(invoice)).find(
        "cac:AccountingCustomerParty/cac:Party/cac:PostalAddress", NS
    )

    assert [(etree.QName(e).localname, e.text) for e in address.iter() if e.text] == [
        ("StreetName", "Markt 2"),
        ("AdditionalStreetName", "Amt für Digitalisierung"),
        ("CityName", "Neuss"),
        ("PostalZone", "41460"),
        ("Line", "z. Hd. Eva Amt"),
        ("IdentificationCode", "DE"),
    ]


def test_xrechnung_refuses_missing_seller_data_while_the_pdf_works(
    category, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(category)
    invoice = registration.invoice

    with pytest.raises(services.RegistrationError) as error:
        xrechnung_xml(invoice)

    assert error.value.message.startswith(
        "Für die E-Rechnung (XRechnung) fehlen Rechnungsangaben beim Kongress"
    )
    assert "Straße, PLZ, Ort, USt-IdNr. oder Steuernummer" in error.value.message
    assert "IBAN" in error.value.message
    names = [name for name, _c, _m in mailoutbox[0].attachments]
    assert f"rechnung-{invoice.number}.pdf" in names
    assert not any(name.endswith(".xml") for name in names)
    assert f"Invoice {invoice.number} sent without XRechnung" in caplog.text
    assert invoice_pdf(invoice)[:4] == b"%PDF"


def test_xrechnung_refuses_a_buyer_address_without_postal_code(seller_category):
    invoice = register(seller_category, billing_address="Markt 2\nNeuss").invoice

    with pytest.raises(services.RegistrationError, match="mit „PLZ Ort“ enden"):
        xrechnung_xml(invoice)


def test_email_attaches_xrechnung_only_with_leitweg_id(
    seller_category, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with_id = register(seller_category, 1)
    with django_capture_on_commit_callbacks(execute=True):
        register(seller_category, 2, leitweg_id="")

    attachments = {name: mimetype for name, _c, mimetype in mailoutbox[0].attachments}
    assert attachments[f"rechnung-{with_id.invoice.number}.pdf"] == "application/pdf"
    assert attachments[f"rechnung-{with_id.invoice.number}.xml"] == "application/xml"
    xml = {name: content for name, content, _m in mailoutbox[0].attachments}[
        f"rechnung-{with_id.invoice.number}.xml"
    ]
    assert text_of(parse(xml), "cbc:BuyerReference") == "05162024-0001-12"
    assert not any(name.endswith(".xml") for name, _c, _m in mailoutbox[1].attachments)


def test_xrechnung_download_on_attendee_page_needs_the_token(client, seller_category):
    registration = register(seller_category, 1)
    other = register(seller_category, 2)

    page = client.get(reverse("registrations:manage", args=[registration.manage_token]))
    response = client.get(reverse("registrations:xrechnung", args=[registration.manage_token]))
    foreign = client.get(reverse("registrations:xrechnung", args=["nicht-das-token"]))

    assert "E-Rechnung (XRechnung)" in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == (
        f'attachment; filename="rechnung-{registration.invoice.number}.xml"'
    )
    assert text_of(parse(response.content), "cbc:ID") == registration.invoice.number
    assert foreign.status_code == 404
    other_response = client.get(reverse("registrations:xrechnung", args=[other.manage_token]))
    assert text_of(parse(other_response.content), "cbc:ID") == other.invoice.number


def test_xrechnung_download_without_seller_data_goes_back_with_a_message(client, category):
    registration = register(category)
    manage = reverse("registrations:manage", args=[registration.manage_token])

    page = client.get(manage)
    response = client.get(reverse("registrations:xrechnung", args=[registration.manage_token]))

    assert "E-Rechnung (XRechnung)" not in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == manage
    assert "nicht verfügbar" in client.get(manage).content.decode()


def test_admin_invoice_downloads_need_the_permission(client, django_user_model, seller_category):
    invoice = register(seller_category).invoice
    pdf_url = reverse("registrations_admin_invoice_pdf", args=[invoice.pk])
    xml_url = reverse("registrations_admin_invoice_xml", args=[invoice.pk])
    user = django_user_model.objects.create_user("buchhaltung", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    # Wagtail turns the refusal of an admin URL into a redirect to the dashboard.
    for url in [pdf_url, xml_url]:
        refused = client.get(url)
        assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))

    # Django's global permission grants nothing; the organiser role of the congress does.
    user.user_permissions.add(Permission.objects.get(codename="view_invoice"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(pdf_url).status_code == 302
    organiser_of(seller_category.edition.congress, user=user)
    pdf = client.get(pdf_url)
    xml = client.get(xml_url)
    listing = client.get(reverse("invoices:index")).content.decode()

    assert pdf.status_code == xml.status_code == 200
    assert invoice.number in pdf_text(pdf.content)
    assert text_of(parse(xml.content), "cbc:BuyerReference") == "05162024-0001-12"
    assert pdf_url in listing
    assert xml_url in listing


def test_admin_xrechnung_download_shows_what_is_missing(admin_client, category):
    invoice = register(category).invoice

    response = admin_client.get(
        reverse("registrations_admin_invoice_xml", args=[invoice.pk]), follow=True
    )

    assert response.redirect_chain == [(reverse("invoices:index"), 302)]
    assert "fehlen Rechnungsangaben beim Kongress" in response.content.decode()


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("DE02120300000000202052", "Die Prüfziffern der IBAN stimmen nicht."),
        ("DE0212030000000020205", "Eine IBAN aus DE hat 22 Stellen, diese hat 21."),
        ("1234", "Die IBAN hat nicht das richtige Format"),
    ],
)
def test_congress_clean_refuses_a_bad_iban(iban, message):
    congress = CongressFactory.build(iban=iban)

    with pytest.raises(ValidationError) as error:
        congress.clean()

    assert error.value.message_dict["iban"][0].startswith(message)


def test_congress_clean_accepts_a_grouped_iban_and_stores_it_compact():
    congress = CongressFactory.build(iban="de02 1203 0000 0000 2020 51", bic="byladem1001")

    congress.clean()

    assert (congress.iban, congress.bic) == (TEST_IBAN, "BYLADEM1001")


def test_congress_admin_form_has_the_invoice_panel(admin_client, seller_category):
    congress = seller_category.edition.congress

    response = admin_client.get(
        reverse("wagtailsnippets_congress_congress:edit", args=[congress.pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Rechnungsangaben" in content
    for name in ["organiser_street", "vat_id", "tax_number", "invoice_email", "iban", "bic"]:
        assert f'name="{name}"' in content


def test_congress_admin_form_refuses_a_bad_iban(admin_client):
    congress = CongressFactory(name="e-nrw", slug="e-nrw-test")
    url = reverse("wagtailsnippets_congress_congress:edit", args=[congress.pk])
    data = {
        "name": "e-nrw",
        "slug": "e-nrw-test",
        "organiser": "Behörden Spiegel",
        "description": "",
        **{key: value for key, value in SELLER.items() if key != "organiser"},
    }

    refused = admin_client.post(url, {**data, "iban": "DE02 1203 0000 0000 2020 52"})
    saved = admin_client.post(url, {**data, "iban": "DE02 1203 0000 0000 2020 51"})

    assert refused.status_code == 200
    assert "Die Prüfziffern der IBAN stimmen nicht." in refused.content.decode()
    assert saved.status_code == 302
    congress.refresh_from_db()
    assert (congress.iban, congress.vat_id) == (TEST_IBAN, "DE123456789")
