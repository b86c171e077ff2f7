"""Demo registrations for ``manage.py load_demo``: pure data, no database access.

The seeds name no attendees, so everything here is a Füllwert: ticket categories, questions and
a voucher for e-nrw 2021, about 150 invented attendees (names from the lists below, combined
deterministically, with addresses under ``example.org``, which is reserved for examples), their
states, invoices, check-ins on the congress day and two uses of the online access, and the
emails of the switch of e-nrw 2020 to a WebKongress. Institutions are real names of NRW
authorities and of the 2021 partners; the people and the companies are invented.

:mod:`demo.registrations` registers them through the services (``register_attendee``,
``cancel_registration``, ``mark_invoice_paid``, the check-in and the online access), so the
states, invoices and audit entries are the ones the rules give.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

# --- e-nrw 2021: categories, questions, voucher ----------------------------------------------

# Füllwert: the seeds give no capacity for 2021. The hygiene concept of the Stadthalle (see the
# page "Hygienekonzept" of 2020: a limited number of participants, fixed seats with distance)
# gives 120 seats on site instead of the 600 of 2019; every seat is taken, so the demo shows a
# waiting list.
ONSITE_CAPACITY = 120
SALES_START = dt.datetime(2021, 6, 1, 9, 0)  # local time; Füllwert

# kind, name, description, net price, allows invoice, requires authority, requires voucher,
# public, attendance (onsite/online/both)
CATEGORIES = [
    (
        "public_sector",
        "Öffentliche Verwaltung",
        "Für Beschäftigte von Land, Kreisen, Städten und Gemeinden: kostenfrei, mit Angabe Ihrer "
        "Behörde und der Erklärung zu Ihrer Tätigkeit in der Verwaltung.",
        Decimal("0.00"),
        False,
        True,
        False,
        True,
        "both",
    ),
    (
        "business",
        "Wirtschaft",
        "Für Unternehmen und Beratungen; Zahlung auf Rechnung (mit Bestellnummer) möglich.",
        Decimal("290.00"),  # Füllwert
        True,
        False,
        False,
        True,
        "both",
    ),
    (
        "press",
        "Presse",
        "Für Journalistinnen und Journalisten mit Presseausweis; vergibt das Organisationsteam.",
        Decimal("0.00"),
        False,
        False,
        False,
        False,
        "both",
    ),
    (
        "partner",
        "Partner/Aussteller",
        "Für die Teams der Partner und Aussteller am Stand, mit dem Gutscheincode Ihres "
        "Unternehmens.",
        Decimal("0.00"),
        False,
        False,
        True,
        True,
        "onsite",
    ),
    (
        "speaker",
        "Referent/in",
        "Für Mitwirkende des Programms; das Ticket kommt mit der Zusage im Referentenportal.",
        Decimal("0.00"),
        False,
        False,
        False,
        False,
        "both",
    ),
]
VAT_RATE = Decimal("19.00")

VOUCHER_CODE = "PARTNER2021"
VOUCHER_MAX_USES = 40
VOUCHER_NOTE = "Standpersonal der Partner und Aussteller (krz Lemgo, IVM²)"

QUESTION_ACCESS = "Benötigen Sie eine barrierefreie Anreise?"
QUESTION_FOOD = "Verpflegung"
FOOD_CHOICES = ["Keine Besonderheiten", "Vegetarisch", "Vegan", "Laktosefrei"]
# label, kind, choices, required
QUESTIONS = [
    (QUESTION_ACCESS, "checkbox", [], False),
    (QUESTION_FOOD, "choice", FOOD_CHOICES, False),
]

# --- people ----------------------------------------------------------------------------------

FIRST_NAMES = [
    "Anna", "Thomas", "Sabine", "Michael", "Julia", "Stefan", "Katrin", "Andreas", "Claudia",
    "Markus", "Nicole", "Frank", "Petra", "Jörg", "Sandra", "Christian", "Birgit", "Martin",
    "Stefanie", "Jan", "Melanie", "Tobias", "Susanne", "Daniel", "Kerstin", "Matthias", "Anja",
    "Sebastian", "Heike", "Oliver", "Monika", "Dirk", "Laura", "Alexander", "Ute", "Jens",
    "Lena", "Björn", "Miriam", "Holger", "Carina", "Ralf", "Jana", "Uwe", "Katharina", "Timo",
    "Simone", "Florian",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmitz", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Schulz", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
    "Hofmann", "Zimmermann", "Hartmann", "Krüger", "Lange", "Werner", "Krause", "Meier",
    "Lehmann", "Köhler", "Herrmann", "König", "Walter", "Peters", "Kaiser", "Fuchs", "Lang",
    "Jansen", "Hermanns", "Janßen", "Kremer", "Heinen", "Thelen", "Dahmen", "Küpper", "Esser",
    "Schäfer", "Vogel", "Busch", "Brandt", "Engels", "Görtz", "Wirtz", "Pütz", "Hansen",
    "Kühn", "Berger", "Otto", "Roth", "Arnold", "Sommer", "Franke",
]  # fmt: skip
# A stride coprime to len(FIRST_NAMES) * len(LAST_NAMES) (2880) walks through all combinations
# without repeating one.
NAME_STRIDE = 1057

# Authorities (real institutions; the people are invented) and the subdomain of example.org
# their invented addresses use.
AUTHORITIES = [
    ("Stadt Neuss", "stadt-neuss"),
    ("Rhein-Kreis Neuss", "rhein-kreis-neuss"),
    ("Kreis Mettmann", "kreis-mettmann"),
    ("Ministerium des Innern NRW", "im-nrw"),
    ("Stadt Düsseldorf", "duesseldorf"),
    ("Stadt Köln", "koeln"),
    ("Stadt Kaarst", "kaarst"),
    ("Stadt Dormagen", "dormagen"),
    ("Bezirksregierung Düsseldorf", "brd"),
    ("Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie NRW", "mwide-nrw"),
    ("Stadt Mönchengladbach", "moenchengladbach"),
    ("Kreis Lippe", "kreis-lippe"),
    ("Stadt Paderborn", "paderborn"),
    ("Kreis Minden-Lübbecke", "minden-luebbecke"),
    ("Stadt Krefeld", "krefeld"),
    ("Kreis Viersen", "kreis-viersen"),
    ("IT.NRW", "it-nrw"),
    ("Stadt Grevenbroich", "grevenbroich"),
    ("Bezirksregierung Detmold", "brdt"),
    ("Stadt Bielefeld", "bielefeld"),
    ("Städte- und Gemeindebund NRW", "stgb-nrw"),
    ("Kreis Heinsberg", "kreis-heinsberg"),
    ("Bundesamt für Sicherheit in der Informationstechnik", "bsi"),
    ("Bundesverwaltungsamt", "bva"),
]
# The level each authority gives on the form (registrations.enums.AuthorityLevel): cities and
# districts are municipal, ministries, the district governments and IT.NRW belong to the
# state, the two federal offices in Bonn and Cologne to the federation, and the association of
# towns and municipalities is another public body.
AUTHORITY_LEVELS = {
    "Ministerium des Innern NRW": "state",
    "Bezirksregierung Düsseldorf": "state",
    "Ministerium für Wirtschaft, Innovation, Digitalisierung und Energie NRW": "state",
    "IT.NRW": "state",
    "Bezirksregierung Detmold": "state",
    "Städte- und Gemeindebund NRW": "other_public",
    "Bundesamt für Sicherheit in der Informationstechnik": "federal",
    "Bundesverwaltungsamt": "federal",
}


def authority_level(authority: str) -> str:
    """The level of a demo authority ("" without one); every city and district is municipal."""
    if not authority:
        return ""
    return AUTHORITY_LEVELS.get(authority, "municipal")


DEPARTMENTS = [
    "Stabsstelle Digitalisierung",
    "Amt für Informationstechnik",
    "Hauptamt",
    "Organisation und Personal",
    "Bürgerservice",
    "E-Government und OZG-Umsetzung",
    "Referat Digitale Verwaltung",
    "Zentrale Dienste",
]
# Invented companies; the last one is a municipal utility that pays with a Leitweg-ID.
COMPANIES = [
    ("Beispiel Consulting GmbH", "beispiel-consulting"),
    ("Muster IT-Services GmbH", "muster-it"),
    ("Musterfrau & Partner Unternehmensberatung", "musterfrau-partner"),
    ("Beispiel Data Solutions GmbH", "beispiel-data"),
    ("Stadtwerke Beispielstadt GmbH", "stadtwerke-beispielstadt"),
]
LEITWEG_COMPANY = "Stadtwerke Beispielstadt GmbH"
LEITWEG_ID = "05999999-STWB-37"  # Füllwert: the format of XRechnung, an invented address
PRESS = [
    ("Neuß-Grevenbroicher Zeitung", "ngz"),
    ("Kommune21", "kommune21"),
    ("Westdeutscher Rundfunk", "wdr"),
]
# The partners of e-nrw 2021 (demo_data), with their stand teams.
PARTNERS = [("krz Lemgo", "krz"), ("IVM²", "ivm2")]

GERMAN_ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


# Combinations that name a well-known person or someone of the demo programme are skipped.
AVOID = {
    ("Claudia", "Roth"),
    ("Holger", "Brandt"),
    ("Jens", "Lehmann"),
    ("Lena", "Meyer"),
    ("Martin", "Schulz"),
    ("Michael", "Müller"),
    ("Sabine", "Schmitz"),
    ("Thomas", "Müller"),
    ("Timo", "Werner"),
}


def person_names(count: int, *, offset: int = 0) -> list[tuple[str, str]]:
    """``count`` different invented (first, last) names; another ``offset`` gives others."""
    combinations = len(FIRST_NAMES) * len(LAST_NAMES)
    names, index = [], offset
    while len(names) < count:
        k = (index * NAME_STRIDE) % combinations
        name = FIRST_NAMES[k % len(FIRST_NAMES)], LAST_NAMES[k // len(FIRST_NAMES)]
        if name not in AVOID:
            names.append(name)
        index += 1
    return names


def email_address(first: str, last: str, domain: str) -> str:
    local = f"{first}.{last}".translate(GERMAN_ASCII).lower().replace(" ", "-")
    return f"{local}@{domain}.example.org"


# --- the registrations -----------------------------------------------------------------------

# How many of each category register before the house is full (in the order of registration,
# interleaved), and who of them takes part online. On site they fill ONSITE_CAPACITY exactly:
# 89 + 10 + 5 + 16 = 120, one of whom cancels later; the next five go on the waiting list, and
# the first of them is offered the seat that the cancellation freed.
COUNTS = {"public_sector": 109, "business": 14, "press": 6, "partner": 16}
ONLINE = {"public_sector": set(range(3, 103, 5)), "business": {1, 5, 9, 12}, "press": {4}}
WAITLISTED = 5
CANCELLED_PUBLIC_INDEX = 30  # the public-sector registration (on site) that is cancelled
OPEN_INVOICES = {12, 13}  # business registrations whose invoice is still open
INVOICE_PAID_AFTER_DAYS = 18  # the others were paid this many days after the invoice
FIRST_DAY = dt.date(2021, 8, 16)  # registrations run from here ...
LAST_DAY = dt.date(2021, 10, 29)  # ... to here; the waiting list fills in early November


class Attendee(NamedTuple):
    """One demo registration. ``state`` is the state now; ``initial_state`` the one it was
    created in (the cancelled one was confirmed, the offered one waitlisted)."""

    number: int
    category: str
    first_name: str
    last_name: str
    email: str
    organisation: str
    authority: str
    attendance: str
    state: str
    initial_state: str
    created_at: dt.datetime  # naive, local time
    answers: dict
    payment_method: str = ""
    billing_address: str = ""
    order_reference: str = ""
    leitweg_id: str = ""
    invoice_paid: bool = False
    by_organiser: bool = False


def _interleaved() -> list[tuple[str, int]]:
    """(category, index within the category) in the order of registration: each category spread
    evenly over the period."""
    slots = [
        ((index + 0.5) / count, order, kind, index)
        for order, (kind, count) in enumerate(COUNTS.items())
        for index in range(count)
    ]
    return [(kind, index) for _pos, _order, kind, index in sorted(slots)]


def _registered_at(position: int, total: int) -> dt.datetime:
    days = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + dt.timedelta(days=position * days // max(total - 1, 1))
    return dt.datetime.combine(day, dt.time(8 + (position * 5) % 10, (position * 17) % 60))


def _answers(number: int, attendance: str) -> dict:
    if attendance != "onsite":
        return {QUESTION_ACCESS: False, QUESTION_FOOD: ""}
    food = FOOD_CHOICES[number % 9 - 5] if number % 9 >= 6 else FOOD_CHOICES[0]
    return {QUESTION_ACCESS: number % 23 == 5, QUESTION_FOOD: food}


def attendees() -> list[Attendee]:
    """All demo registrations of e-nrw 2021, in the order of registration."""
    order = _interleaved()
    names = person_names(len(order) + WAITLISTED)
    result = []
    for position, (kind, index) in enumerate(order):
        registered = _registered_at(position, len(order))
        result.append(_attendee(position, kind, index, names[position], registered_at=registered))
    for extra in range(WAITLISTED):
        position = len(order) + extra
        registered = dt.datetime.combine(
            LAST_DAY + dt.timedelta(days=3 + extra), dt.time(9 + extra, 10 * extra)
        )
        result.append(
            _attendee(position, "waitlist", extra, names[position], registered_at=registered)
        )
    return result


def _attendee(
    number: int, kind: str, index: int, name: tuple[str, str], *, registered_at: dt.datetime
) -> Attendee:
    first, last = name
    online = index in ONLINE.get(kind, ())
    attendance = "online" if online else "onsite"
    state = initial = "confirmed"
    values = {}
    if kind in ("public_sector", "waitlist"):
        authority, domain = AUTHORITIES[(number * 7) % len(AUTHORITIES)]
        organisation = DEPARTMENTS[number % len(DEPARTMENTS)]
        category = "public_sector"
        if kind == "waitlist":
            state = initial = "waitlisted"
            if index == 0:
                state = "offered"
        elif index == CANCELLED_PUBLIC_INDEX:
            state = "cancelled"
    else:
        authority = ""
        category = kind
        if kind == "business":
            organisation, domain = COMPANIES[index % len(COMPANIES)]
            values = {
                "payment_method": "invoice",
                "billing_address": f"{organisation}\nz. Hd. {first} {last}\n"
                f"Musterstraße {index + 1}\n{40210 + index * 7} Beispielstadt",
                "order_reference": f"BE-2021-{4711 + index}" if index % 3 == 0 else "",
                "invoice_paid": index not in OPEN_INVOICES,
            }
            if organisation == LEITWEG_COMPANY and index < len(COMPANIES):
                values["order_reference"] = "4500012345"
                values["leitweg_id"] = LEITWEG_ID
        elif kind == "press":
            organisation, domain = PRESS[index % len(PRESS)]
            values = {"by_organiser": True}
        else:
            organisation, domain = PARTNERS[0] if index % 4 else PARTNERS[1]
    return Attendee(
        number=number,
        category=category,
        first_name=first,
        last_name=last,
        email=email_address(first, last, domain),
        organisation=organisation,
        authority=authority,
        attendance=attendance,
        state=state,
        initial_state=initial,
        created_at=registered_at,
        answers=_answers(number, attendance),
        **values,
    )


# --- the congress day: check-ins and online access ---------------------------------------------

CONGRESS_DAY = dt.date(2021, 11, 10)
ENTRANCE_DEVICE = "Einlass Foyer"
ROOM_DEVICE = "Tür Großer Saal"
CHECK_IN_ROOM = "Großer Saal"  # e-nrw 2021 has no forums: the main stage's room
ENTRANCE_CHECK_INS = 12  # every eighth confirmed attendee on site, from 08:30 on
ROOM_CHECK_INS = 5  # the first five of them also into the Großer Saal
MANUAL_CHECK_IN = 7  # the eighth at the entrance was found by name (no ticket at hand)
# Two online attendees who used their personal link: (address, first seen, last seen, uses).
# The addresses are from the documentation ranges (RFC 5737); only their keyed hash is stored.
ACCESS_USES = [
    ("192.0.2.21", "09:27", "12:24", 14),
    ("198.51.100.7", "09:41", "11:58", 9),
]


def scanned_at(index: int, *, room: bool) -> dt.datetime:
    """Local time of the ``index``-th scan at the entrance (or at the door of the room)."""
    start = dt.time(9, 20) if room else dt.time(8, 30)
    return dt.datetime.combine(CONGRESS_DAY, start) + dt.timedelta(minutes=3 * index, seconds=17)


# --- e-nrw 2020: the switch to a WebKongress three days before -----------------------------------

# 000: public life restricted from 02.11.2020; the Präsenzveranstaltung in the Stadthalle became a
# WebKongress on 05.11.2020. Who was registered is not known: the counts are Füllwerte (about
# two thirds of the ~600 guests of 2019 on site, which filled the seats the hygiene concept left,
# a waiting list, and some who had chosen the livestream). Speakers got no email: the demo has
# no speaker accounts. :mod:`demo.registrations` registers them while the edition is still in
# person and then switches it online through ``registrations.services.switch_edition_mode``.
SWITCH_AT = dt.datetime(2020, 11, 2, 10, 0)  # local time; three days before the congress
SWITCH_NOTICE = (
    "Weil Bund und Länder das öffentliche Leben ab dem 02.11.2020 wieder stark eingeschränkt "
    "haben, findet e-nrw 2020 nicht in der Neusser Stadthalle statt, sondern am 05.11.2020 als "
    "WebKongress. Ihren persönlichen Zugang zu Hauptprogramm und Fachforen erhalten Sie per "
    "E-Mail."
)
SWITCH_ONSITE = 386  # Füllwert: the seats on site under the hygiene concept of 2020, all taken
SWITCH_WAITLIST = 24
SWITCH_ALREADY_ONLINE = 57
SWITCH_FIRST_DAY = dt.date(2020, 8, 3)  # registrations run from here ...
SWITCH_LAST_DAY = dt.date(2020, 10, 23)  # ... to here; then the waiting list fills
# name, description (a free category on site and online; sales closed before the congress)
SWITCH_CATEGORY = (
    "Öffentliche Verwaltung",
    "Für Beschäftigte von Land, Kreisen, Städten und Gemeinden: kostenfrei, mit Angabe Ihrer "
    "Behörde und der Erklärung zu Ihrer Tätigkeit in der Verwaltung.",
)
SWITCH_SALES = (dt.datetime(2020, 8, 1, 9, 0), dt.datetime(2020, 11, 2, 10, 0))  # local time


def switch_attendees() -> list[Attendee]:
    """Everyone registered for e-nrw 2020 when it switched, in the order of registration: the
    seats on site and the livestream interleaved, then the waiting list. Other names than those
    of 2021; ``state`` is the state before the switch."""
    registered = SWITCH_ONSITE + SWITCH_ALREADY_ONLINE
    names = person_names(registered + SWITCH_WAITLIST, offset=1000)
    result = []
    for index, (first, last) in enumerate(names):
        if index < registered:
            # Exactly SWITCH_ALREADY_ONLINE positions, spread evenly, take part online.
            online = (index * SWITCH_ALREADY_ONLINE) // registered != (
                (index + 1) * SWITCH_ALREADY_ONLINE
            ) // registered
            days = (SWITCH_LAST_DAY - SWITCH_FIRST_DAY).days
            day = SWITCH_FIRST_DAY + dt.timedelta(days=index * days // (registered - 1))
            state = "confirmed"
        else:
            online = False
            day = SWITCH_LAST_DAY + dt.timedelta(days=1 + (index - registered) // 4)
            state = "waitlisted"
        authority, domain = AUTHORITIES[index % len(AUTHORITIES)]
        attendance = "online" if online else "onsite"
        result.append(
            Attendee(
                number=index,
                category="public_sector",
                first_name=first,
                last_name=last,
                email=email_address(first, last, domain),
                organisation=DEPARTMENTS[index % len(DEPARTMENTS)],
                authority=authority,
                attendance=attendance,
                state=state,
                initial_state=state,
                created_at=dt.datetime.combine(day, dt.time(8 + index % 10, (index * 13) % 60)),
                answers={},
            )
        )
    return result
