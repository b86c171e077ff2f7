"""The next e-nrw, open for registration: dated relative to the day the demo is loaded (10
November of next year), so that a newcomer can register, confirm the address, pay on invoice and
be checked in there, while e-nrw 2020 and 2021 stay history.

Everything here is a Füllwert: no seed announces a next edition. The provisional programme takes
up the themes the seeds name for the years after 2021 (001: the Landtag election of May 2022 and
the OZG deadline; 000: "Digitale Transformation 2020/2030") with the moderator of 2020 and 2021.
"""

from __future__ import annotations

import datetime as dt

from .common import MOD, PAN, SP, S, para

# Seats on site of the next edition (Füllwert: the Stadthalle without the hygiene limits of
# 2021, but below the 600 of 2019, since the main hall also holds the exhibition).
NEXT_ONSITE_CAPACITY = 300

ENRW_NEXT_MAIN = {
    "kind": "main_stage",
    "number": None,
    "slug": "hauptprogramm",
    "title": "Hauptprogramm (vorläufig)",
    "room": "Großer Saal",
    "topic": para(
        "Verwaltung 4.0 nach dem OZG: Was Land, Kreise und Kommunen in Nordrhein-Westfalen bis "
        "2030 digital erreichen wollen. (Vorläufiges Programm, Änderungen vorbehalten.)"
    ),
    "moderators": ["wilfried-kruse"],
    "sessions": [
        S(
            "09:30",
            "09:45",
            "eroeffnung",
            "Begrüßung und Einführung",
            para("Der fachliche Leiter eröffnet den Kongress in der Stadthalle Neuss."),
            (("wilfried-kruse", MOD),),
        ),
        S(
            "09:45",
            "10:30",
            "vortrag",
            "Digitale Transformation 2030: Zwischenbilanz nach dem OZG",
            para(
                "Welche Leistungen sind online, welche Register verbunden, und was fehlt noch auf "
                "dem Weg zur Verwaltung 4.0? Eine Zwischenbilanz aus Sicht der Kommunen."
            ),
            (("lars-hoppmann", SP),),
        ),
        S("10:30", "10:50", "pause", "Pause"),
        S(
            "10:50",
            "11:40",
            "podiumsdiskussion",
            "Führung im digitalen Wandel: Was hat sich seit 2020 bewährt?",
            "",
            (("lars-hoppmann", PAN), ("wilfried-kruse", MOD)),
        ),
        S("11:40", "11:50", "schlusswort", "Schlusswort", "", (("wilfried-kruse", MOD),)),
    ],
}


def next_enrw_edition(today: dt.date) -> dict:
    """The edition entry of the next e-nrw (demo.data.congresses' shape), on 10 November of the
    year after ``today``."""
    year = today.year + 1
    day = dt.date(year, 11, 10)
    return {
        "year": year,
        "title": f"e-nrw {year}",
        "motto": "Verwaltung 4.0 nach dem OZG: Digitale Transformation 2030",
        "start_date": day,
        "end_date": day,
        "venue": "Stadthalle Neuss",
        "mode": "hybrid",
        "onsite_capacity": NEXT_ONSITE_CAPACITY,
        "online_url": "https://www.e-nrw.info/",
        "streams": False,
        # Ticket categories on sale until the congress (demo.registrations.ensure_open_sales).
        "open_registration": True,
        "page_intro": para(
            f"Am {day:%d.%m.%Y} findet e-nrw wieder in der Stadthalle Neuss und online statt. "
            "Das Programm ist vorläufig; die Anmeldung ist geöffnet. Beschäftigte der "
            "öffentlichen Verwaltung nehmen kostenfrei teil, Unternehmen zahlen auch auf Rechnung."
        ),
        "page_body": [],
        "tracks": [ENRW_NEXT_MAIN],
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
    }
