"""Congresses, their editions (with partners and pages) and the venues."""

from __future__ import annotations

import datetime as dt

from .common import para
from .digitaler_staat import DIGITALE_KOMPETENZEN, STRATEGIE_UND_STEUERUNG
from .enrw_2020 import ENRW_2020_FORUMS, ENRW_2020_MAIN, body_anfahrt, body_hygiene
from .enrw_2021 import ENRW_2021_MAIN
from .enrw_next import next_enrw_edition
from .registrations import ONSITE_CAPACITY, SWITCH_ONSITE

VENUES = [
    {
        "name": "Stadthalle Neuss",
        # 000: "Stadthalle / Dorint Hotel in Neuss, Am Stadtpark"; street and postcode Füllwert.
        "street": "Selikumer Straße 25",
        "postal_code": "41460",
        "city": "Neuss",
        "directions": (
            "Die Stadthalle liegt zusammen mit dem Dorint Hotel am Neusser Stadtpark. Vom "
            "Hauptbahnhof Neuss sind es zu Fuß etwa 15 Minuten; Parkplätze gibt es an der "
            "Stadthalle."
        ),
        # Füllwert: room names and capacities (the main hall holds the ~600 guests of 000).
        "rooms": [
            ("Großer Saal", 600),
            ("Konferenzraum 1", 120),
            ("Konferenzraum 2", 100),
            ("Konferenzraum 3", 80),
            ("Konferenzraum 4", 80),
            ("Konferenzraum 5", 60),
            ("Konferenzraum 6", 60),
            ("Konferenzraum 7", 40),
        ],
    },
]


# Füllwerte: the invoice data of the organiser (seller on the invoices and in the XRechnung).
# All invented: street, VAT ID and tax number are placeholders, the IBAN is the well-known test
# IBAN DE02 1203 0000 0000 2020 51 (valid check digits, used in examples), with its BIC.
ORGANISER_INVOICING = {
    "organiser_street": "Musterstraße 1",  # Füllwert
    "organiser_postal_code": "10115",  # Füllwert
    "organiser_city": "Berlin",  # Füllwert
    "organiser_country": "DE",
    "vat_id": "DE123456789",  # Füllwert
    "tax_number": "11/222/33333",  # Füllwert
    "invoice_email": "rechnung@kongress.example.org",  # Füllwert
    "invoice_phone": "+49 30 1234567-0",  # Füllwert
    "iban": "DE02120300000000202051",  # Füllwert: test IBAN
    "bic": "BYLADEM1001",  # Füllwert: the BIC of the test IBAN
    "bank_name": "Demo-Bank (Füllwert)",
}

CONGRESSES = [
    {
        "slug": "e-nrw",
        "name": "e-nrw",
        "organiser": "Behörden Spiegel",
        "invoicing": ORGANISER_INVOICING,
        "description": (
            "Der Digitalkongress für Nordrhein-Westfalen in der Stadthalle Neuss, veranstaltet "
            "vom Behörden Spiegel unter fachlicher Leitung von IVM², mit Hauptprogramm und 13 "
            "Fachforen."
        ),
        "page_title": "e-nrw",
        "page_intro": para(
            "Der führende Digitalkongress in NRW: Land, Kommunen und IT-Dienstleister zur "
            "Digitalisierung der Verwaltung."
        ),
        "editions": [
            {
                "year": 2020,
                "title": "e-nrw 2020",
                "motto": (
                    "Digitale Transformation 2020/2030: Die „Verwaltung 4.0“ – 3 Jahre nach OZG "
                    "und nach Corona?!"
                ),
                "start_date": dt.date(2020, 11, 5),
                "end_date": dt.date(2020, 11, 5),
                "venue": "Stadthalle Neuss",
                "mode": "online",
                "onsite_capacity": SWITCH_ONSITE,
                "online_url": "https://www.e-nrw.info/",
                # 000: switched from the Stadthalle to a WebKongress three days before; the
                # registrations and the switch are in demo/data/registrations.py.
                "switched_from": "in_person",
                # Stream and chat of every forum and of the main stage (invented addresses).
                "streams": True,
                "page_intro": para(
                    "Der 4. Kongress e-nrw fand am 05.11.2020 zum ersten Mal als WebKongress "
                    "statt: Weil Bund und Länder das öffentliche Leben ab dem 02.11.2020 wieder "
                    "stark eingeschränkt hatten, wurde die Präsenzveranstaltung in der Neusser "
                    "Stadthalle drei Tage vorher in einen Online-Kongress umgewandelt."
                ),
                "page_body": [
                    {
                        "type": "heading",
                        "value": {"text": "Hauptprogramm und 13 Fachforen", "level": "h2"},
                    },
                    {
                        "type": "paragraph",
                        "value": para(
                            "Im Mittelpunkt standen die ersten konkreten Antworten auf das OZG: Wer "
                            "hat in Modellkommunen, bei den kommunalen IT-Dienstleistern und in der "
                            "Landesverwaltung schon etwas umgesetzt, das sich übertragen lässt? Der "
                            "Kongress wurde mitgeschnitten."
                        ),
                    },
                ],
                "tracks": [ENRW_2020_MAIN, *[{"kind": "forum", **f} for f in ENRW_2020_FORUMS]],
                "partners": [
                    (
                        "krz Lemgo",
                        "main",
                        "https://www.krz.de/",
                        "Kommunales Rechenzentrum Minden-Ravensberg/Lippe",
                    ),
                    ("Capgemini", "premium", "https://www.capgemini.com/de-de/", ""),
                    ("NEW Gruppe", "premium", "https://www.new.de/", ""),
                    ("ITK Rheinland", "partner", "https://www.itk-rheinland.de/", ""),
                    ("Südwestfalen-IT", "partner", "https://www.sit.nrw/", ""),
                    (
                        "IVM²",
                        "partner",
                        "",
                        "Institut für Verwaltungsmanagement, Mittelstandsforschung und "
                        "Zukunftsplanung – fachliche Leitung",
                    ),
                    (
                        "Formsolutions",
                        "exhibitor",
                        "https://www.formsolutions.de/",
                        "Formularassistenten für Online-Dienste",
                    ),
                    (
                        "Kienbaum",
                        "exhibitor",
                        "https://www.kienbaum.com/de/",
                        "Beratung zu OZG-Umsetzungsplanung und Verwaltung 4.0",
                    ),
                    (
                        "Deutschland Digital 2021",
                        "media",
                        "https://www.behoerden-spiegel.de/",
                        "Almanach von Behörden Spiegel und IVM², 3. Ausgabe",
                    ),
                ],
                "content_pages": [
                    {
                        "slug": "anfahrt",
                        "title": "Anfahrt",
                        "intro": "So erreichen Sie die Stadthalle Neuss.",
                        "body": body_anfahrt(),
                    },
                    {
                        "slug": "hygienekonzept",
                        "title": "Hygienekonzept",
                        "intro": "Wie wir die Präsenzveranstaltung sicher machen wollten.",
                        "body": body_hygiene(),
                    },
                ],
            },
            {
                "year": 2021,
                "title": "e-nrw 2021",
                "motto": "Zukünftige IT-Strategien in Nordrhein-Westfalen",
                "start_date": dt.date(2021, 11, 10),
                "end_date": dt.date(2021, 11, 10),
                # Füllwerte: 001 announces an online event; see the docstring.
                "venue": "Stadthalle Neuss",
                "mode": "hybrid",
                "onsite_capacity": ONSITE_CAPACITY,
                "online_url": "https://www.e-nrw.info/",
                "streams": True,
                "registrations": True,
                "page_intro": para(
                    "Am 10. November 2021 findet e-nrw in der Stadthalle Neuss und online statt: "
                    "vor Ort mit begrenzter Teilnehmerzahl nach dem Hygienekonzept, das ganze "
                    "Programm auch im Livestream. Im Mittelpunkt: die mentale Transformation zur "
                    "Verwaltung 4.0. (Demodaten: angekündigt war ein virtueller Kongress.)"
                ),
                "page_body": [],
                "tracks": [ENRW_2021_MAIN],
                "partners": [
                    (
                        "krz Lemgo",
                        "premium",
                        "https://www.krz.de/",
                        "Kommunales Rechenzentrum Minden-Ravensberg/Lippe",
                    ),
                    ("IVM²", "partner", "", "Fachliche Leitung"),
                ],
                "content_pages": [],
            },
        ],
    },
    {
        "slug": "digitaler-staat",
        "name": "Digitaler Staat",
        "organiser": "Behörden Spiegel",
        "invoicing": ORGANISER_INVOICING,
        "description": (
            "Kongress für die Digitalisierung von Bund, Ländern und Kommunen, mit Foren zu Strategie "
            "und Steuerung sowie zu digitalen Kompetenzen (Demodaten: der Termin ist angenommen)."
        ),
        "page_title": "Digitaler Staat",
        "page_intro": para(
            "Zwei Tage Foren zur Verwaltung nach der Pandemie: Strategie, Steuerung und "
            "Kompetenzen."
        ),
        "editions": [
            {
                "year": 2021,
                "title": "Digitaler Staat 2021",
                "motto": "Die nächste Verwaltung: Strategie, Steuerung und Kompetenzen",
                "start_date": dt.date(2021, 6, 22),
                "end_date": dt.date(2021, 6, 23),
                "venue": None,
                "mode": "online",
                "onsite_capacity": None,
                "online_url": "",
                "page_intro": para(
                    "Wie soll die Digitalisierung der Verwaltung nach den Erfahrungen der "
                    "Pandemie weitergehen? Zwei Tage mit Expertinnen, Experten und Praktikern."
                ),
                "page_body": [],
                "tracks": [STRATEGIE_UND_STEUERUNG, DIGITALE_KOMPETENZEN],
                "partners": [
                    ("KGSt", "partner", "https://www.kgst.de/", ""),
                    (
                        "ifib Institut für Informationsmanagement Bremen",
                        "partner",
                        "https://www.ifib.de/",
                        "",
                    ),
                ],
                "content_pages": [],
            },
        ],
    },
]


def editions_of(congress_entry: dict, today: dt.date) -> list[dict]:
    """The editions of a congress as the demo loads them on ``today``: those above and, for
    e-nrw, next year's edition, open for registration (demo.data.enrw_next)."""
    editions = list(congress_entry["editions"])
    if congress_entry["slug"] == "e-nrw":
        editions.append(next_enrw_edition(today))
    return editions


STREAM_BASE_URL = "https://stream.example.org"
CHAT_BASE_URL = "https://chat.example.org"


def track_links(congress_slug: str, year: int, track: dict) -> tuple[str, str]:
    """Invented stream and chat addresses of a track, e.g.
    https://stream.example.org/e-nrw-2020/forum-3."""
    room = f"forum-{track['number']}" if track["number"] else track["slug"]
    path = f"{congress_slug}-{year}/{room}"
    return f"{STREAM_BASE_URL}/{path}", f"{CHAT_BASE_URL}/{path}"
