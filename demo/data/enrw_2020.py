"""e-nrw 2020 (seed 000): the main programme and the pages Anfahrt and Hygienekonzept."""

from __future__ import annotations

from .common import MOD, PAN, SP, S, para
from .enrw_2020_forums_1_to_7 import FORUMS_1_TO_7
from .enrw_2020_forums_8_to_13 import FORUMS_8_TO_13

# ---------------------------------------------------------------------------------------------
# e-nrw 2020 (000). All times are Füllwerte: the texts give the date and the order of the main
# programme (Pinkwart opens, Beuß closes) but no times.
# ---------------------------------------------------------------------------------------------

ENRW_2020_MAIN = {
    "kind": "main_stage",
    "number": None,
    "slug": "hauptprogramm",
    "title": "Hauptprogramm",
    "room": "Großer Saal",
    "topic": para(
        "Das Hauptprogramm stellt die Leitfrage des Kongresses: Wo steht die „Verwaltung 4.0“ "
        "drei Jahre nach dem OZG und mitten in der Pandemie – und wer hat in Land, Kommunen und "
        "IT-Dienstleistern schon konkret umgesetzt?"
    ),
    "moderators": ["wilfried-kruse"],
    "sessions": [
        S(
            "09:00",
            "09:10",
            "eroeffnung",
            "Begrüßung und Einführung in das Kongressthema",
            para(
                "Der fachliche Leiter führt in das Leitthema „Digitale Transformation 2020/2030“ "
                "ein und erläutert den kurzfristigen Wechsel zum WebKongress."
            ),
            (("wilfried-kruse", MOD),),
        ),
        S(
            "09:10",
            "09:20",
            "grusswort",
            "Grußwort des Rhein-Kreises Neuss",
            para(
                "Der Neusser Landrat begrüßt die Teilnehmenden – in diesem Jahr virtuell statt in "
                "der Stadthalle."
            ),
            (("hans-juergen-petrauschke", SP),),
        ),
        S(
            "09:20",
            "09:40",
            "videobotschaft",
            "Digitalisierungsstrategie NRW: Bilanz des Jahres 2020",
            para(
                "Der Digitalminister zeigt in einer aktuellen Videobotschaft, welche Fortschritte "
                "die Digitalisierungsstrategie des Landes im Jahresverlauf 2020 gemacht hat und wie "
                "die Landesverwaltung den Wandel mitträgt."
            ),
            (("andreas-pinkwart", SP),),
        ),
        S(
            "09:40",
            "10:10",
            "keynote",
            "Ganzheitliches OZG-Digitalkonzept und Digitalvision 2025",
            para(
                "Wie ein kommunales Rechenzentrum seine Verbandskommunen mit einem Gesamtkonzept "
                "durch die OZG-Umsetzung führt – und was danach kommen soll."
            ),
            (("lars-hoppmann", SP),),
        ),
        S(
            "10:10",
            "10:30",
            "impulsvortrag",
            "Gemeinsame Wege in die Digitalisierung: DigiChecks für Kommunen",
            para(
                "Konzeptionelle Beratung, konkrete Hilfen und „DigiChecks“: wie Rechenzentrum und "
                "Verbandskommunen die Digitalisierung bis in die Sachbearbeitung gemeinsam "
                "voranbringen."
            ),
            (("michaela-lehnert", SP),),
        ),
        S(
            "10:30",
            "10:45",
            "statement",
            "Digitaler Wandel mit den Mitarbeitenden",
            para(
                "Ein Statement zur mitarbeiterorientierten digitalen Entwicklung kommunaler "
                "Unternehmen im Digitalen Jahrzehnt."
            ),
            (("frank-kindervatter", SP),),
        ),
        S(
            "10:45",
            "11:00",
            "statement",
            "Klare Zielhorizonte für die digitale Verwaltung",
            para(
                "Ein Statement aus Sicht eines IT-Dienstleisters: konsequente, überzeugende "
                "Digitalisierung der Verwaltung mit klaren Zielen für das Digitale Jahrzehnt."
            ),
            (("marc-reinhardt", SP),),
        ),
        S("11:00", "11:30", "pause", "Kaffeepause und Wechsel in die Fachforen"),
        S("13:00", "14:00", "pause", "Mittagspause"),
        S("15:30", "15:45", "pause", "Kaffeepause am Nachmittag"),
        S(
            "15:45",
            "16:05",
            "vortrag",
            "Der öffentliche Dienst zwischen Demografie und Pandemie",
            para(
                "Wie leistungsfähig bleibt die Verwaltung, wenn Beschäftigte in großer Zahl in den "
                "Ruhestand gehen und die Pandemie Defizite der Digitalisierung offenlegt?"
            ),
            (("ulrich-silberbach", SP),),
        ),
        S(
            "16:05",
            "16:25",
            "vortrag",
            "Soforthilfen digital: Die Bezirksregierungen in der Krise",
            para(
                "Im Frühjahr wurden Existenzhilfen in mehreren 100.000 Fällen kurzfristig komplett "
                "digital von den Bezirksregierungen abgewickelt – ein Erfahrungsbericht."
            ),
            (("judith-pirscher", SP),),
        ),
        S(
            "16:25",
            "16:50",
            "podiumsdiskussion",
            "Verwaltung nach Corona: Was bleibt, was muss schneller werden?",
            para(
                "Gespräch über die längerfristigen Folgen der Pandemie für die Leistungsfähigkeit "
                "der öffentlichen Verwaltung."
            ),
            (("ulrich-silberbach", PAN), ("judith-pirscher", PAN), ("wilfried-kruse", MOD)),
        ),
        S(
            "16:50",
            "17:20",
            "keynote",
            "Was ich immer schon mal sagen wollte…",
            para(
                "Der erste CIO des Landes zieht eine persönliche Bilanz: Erfolge und offene "
                "Baustellen der IT- und Digitalentwicklung in Land und Kommunen – und die Forderung, "
                "gemeinsam deutlich schneller zu werden."
            ),
            (("hartmut-beuss", SP),),
        ),
        S(
            "17:20",
            "17:30",
            "schlusswort",
            "Zusammenfassung und Verabschiedung",
            para("Rückblick auf den ersten e-nrw WebKongress und Hinweis auf den Mitschnitt."),
            (("wilfried-kruse", MOD),),
        ),
    ],
}

# Forums 1-7 run 11:30-13:00 in Konferenzraum 1-7, forums 8-13 14:00-15:30 in Konferenzraum 1-6.
# Titles, topics, moderators and times are Füllwerte built around the forum speakers named in 000.
# The 13 Fachforen; see the two modules for their sources.
ENRW_2020_FORUMS = [*FORUMS_1_TO_7, *FORUMS_8_TO_13]


def body_anfahrt() -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Stadthalle Neuss", "level": "h2"}},
        {
            "type": "paragraph",
            "value": para(
                "Die Stadthalle liegt mit dem Dorint Hotel am Stadtpark in Neuss, Selikumer "
                "Straße 25, 41460 Neuss."
            ),
        },
        {"type": "heading", "value": {"text": "Mit Bus und Bahn", "level": "h3"}},
        {
            "type": "paragraph",
            "value": para(
                "Vom Hauptbahnhof Neuss erreichen Sie die Stadthalle zu Fuß in etwa 15 Minuten "
                "oder mit den Buslinien in Richtung Stadtpark."
            ),
        },
        {"type": "heading", "value": {"text": "Mit dem Auto", "level": "h3"}},
        {
            "type": "paragraph",
            "value": para(
                "Parkplätze stehen an der Stadthalle zur Verfügung. Bitte beachten Sie die "
                "Beschilderung „Stadthalle / Dorint Hotel“."
            ),
        },
        {
            "type": "callout",
            "value": {
                "title": "e-nrw 2020 findet online statt",
                "text": para(
                    "Wegen der Einschränkungen des öffentlichen Lebens ab dem 02.11.2020 "
                    "findet der Kongress am 05.11.2020 als WebKongress statt. Eine Anreise "
                    "ist nicht nötig."
                ),
            },
        },
    ]


def body_hygiene() -> list[dict]:
    return [
        {
            "type": "callout",
            "value": {
                "title": "Aktueller Hinweis",
                "text": para(
                    "Bund und Länder haben das öffentliche Leben ab dem 02.11.2020 wieder "
                    "stark eingeschränkt. e-nrw 2020 findet deshalb kurzfristig als "
                    "WebKongress statt; das Hygienekonzept gilt nicht mehr."
                ),
            },
        },
        {
            "type": "heading",
            "value": {"text": "Unser Hygienekonzept für die Stadthalle", "level": "h2"},
        },
        {
            "type": "paragraph",
            "value": para(
                "Geplant war eine Präsenzveranstaltung in großzügigen und hygienisch gesicherten "
                "Räumlichkeiten:"
            ),
        },
        {
            "type": "paragraph",
            "value": (
                "<ul><li>begrenzte Teilnehmerzahl in allen Räumen, feste Sitzplätze mit "
                "Abstand</li><li>Mund-Nasen-Bedeckung auf allen Wegen</li><li>regelmäßiges "
                "Lüften und Desinfektionsmittel an allen Eingängen</li><li>Registrierung zur "
                "Kontaktnachverfolgung</li></ul>"
            ),
        },
    ]
