"""e-nrw 2021 (seed 001): the main programme."""

from __future__ import annotations

from .common import MOD, PAN, SP, S, para

# ---------------------------------------------------------------------------------------------
# e-nrw 2021 (001): "10. November 2021 – ONLINE-EVENT", programme as announced. Times Füllwerte.
# Venue, hybrid format and capacity are Füllwerte (see the docstring); the registrations are in
# demo/data/registrations.py.
# ---------------------------------------------------------------------------------------------

ENRW_2021_MAIN = {
    "kind": "main_stage",
    "number": None,
    "slug": "hauptprogramm",
    "title": "Hauptprogramm",
    "room": "Großer Saal",  # Füllwert: the demo holds 2021 in the Stadthalle (see the docstring)
    "topic": para(
        "Mentale Transformation: Wie nehmen neue Führungspersönlichkeiten nach der Kommunalwahl "
        "2020 Führungsetagen und Mitarbeitende mit auf den Weg zur Verwaltung 4.0?"
    ),
    "moderators": ["wilfried-kruse"],
    "sessions": [
        S(
            "09:30",
            "09:40",
            "eroeffnung",
            "Begrüßung und Einführung",
            para("Der fachliche Leiter und Moderator eröffnet den virtuellen Kongress."),
            (("wilfried-kruse", MOD),),
        ),
        S(
            "09:40",
            "10:10",
            "keynote",
            "Digitale Bilanz der Legislaturperiode",
            para(
                "Vor der Landtagswahl im Mai 2022 zieht der Digitalminister eine digitale Bilanz "
                "der auslaufenden Legislaturperiode."
            ),
            (("andreas-pinkwart", SP),),
        ),
        S(
            "10:10",
            "10:30",
            "impulsvortrag",
            "Neu im Amt: Mentale Transformation in der Kreisverwaltung",
            para(
                "Die neue Landrätin berichtet, wie sie Führung und Mitarbeitende für den digitalen "
                "Wandel gewinnt."
            ),
            (("anna-katharina-boelling", SP),),
        ),
        S(
            "10:30",
            "10:50",
            "impulsvortrag",
            "Neu im Amt: Die Stadt Kaarst auf dem Weg zur Verwaltung 4.0",
            para(
                "Erfahrungen einer neuen Bürgermeisterin mit der neuen „politischen und "
                "administrativen Luft“."
            ),
            (("ursula-baum", SP),),
        ),
        S("10:50", "11:05", "pause", "Pause"),
        S(
            "11:05",
            "11:35",
            "vortrag",
            "Digitalisierungsstrategien für die Verbandskommunen",
            para(
                "Seit Januar 2021 erarbeiten rund ein Drittel der Verbandsmitglieder in "
                "Halbjahresprojekten eigene Digitalisierungsstrategien; die ersten sind übergeben, "
                "die Umsetzung mit Change-Modulen beginnt."
            ),
            (("lars-hoppmann", SP),),
        ),
        S(
            "11:35",
            "12:15",
            "podiumsdiskussion",
            "Changemanagement für die Verwaltung 4.0",
            "",
            (
                ("anna-katharina-boelling", PAN),
                ("ursula-baum", PAN),
                ("lars-hoppmann", PAN),
                ("wilfried-kruse", MOD),
            ),
        ),
        S("12:15", "12:25", "schlusswort", "Schlusswort", "", (("wilfried-kruse", MOD),)),
    ],
}
