"""e-nrw 2020 (seed 000): Fachforen 8 to 13 (see :mod:`demo.data.enrw_2020`)."""

from __future__ import annotations

from .common import MOD, PAN, SP, S, para

FORUMS_8_TO_13 = [
    {
        "number": 8,
        "slug": "qualifizierung",
        "title": "Qualifizierung für die digitale Verwaltung",
        "room": "Konferenzraum 1",
        "topic": para(
            "Hochschulen und Weiterbildungsträger zeigen, wie sie Nachwuchs und "
            "Beschäftigte für die digitale Verwaltung qualifizieren – auch per Webinar."
        ),
        "moderators": ["torsten-fisahn"],
        "sessions": [
            S(
                "14:00",
                "14:25",
                "vortrag",
                "Verwaltungsinformatik studieren: E-Government",
                para("Erfahrungen aus einem Studiengang, der Verwaltung und Informatik verbindet."),
                (("timo-kahl", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Digitale Kompetenzen in der Ausbildung",
                para(
                    "Wie die Hochschule für Polizei und Verwaltung ihre Studiengänge auf die "
                    "digitale Verwaltung ausrichtet."
                ),
                (("martin-borntraeger", SP),),
            ),
            S(
                "14:50",
                "15:10",
                "vortrag",
                "Webinare der krz-Akademie: Weiterbildung ohne Reisezeit",
                para(
                    "Die ersten Webinare zu Projektmanagement, Change Management und "
                    "Wissensmanagement – und warum das Format auch nach der Krise bleibt."
                ),
                (("torsten-fisahn", SP),),
            ),
            S(
                "15:10",
                "15:30",
                "diskussion",
                "Diskussion: Lernen für die Verwaltung 4.0",
                "",
                (("timo-kahl", PAN), ("martin-borntraeger", PAN), ("torsten-fisahn", MOD)),
            ),
        ],
    },
    {
        "number": 9,
        "slug": "daseinsvorsorge-digital",
        "title": "Kommunale Daseinsvorsorge digital",
        "room": "Konferenzraum 2",
        "topic": para(
            "Stadtwerke, Energie und Netze: Kommunale Unternehmen und die "
            "EnergieAgentur.NRW über digitale Daseinsvorsorge und die Smart City."
        ),
        "moderators": ["holger-brandt"],
        "sessions": [
            S(
                "14:00",
                "14:25",
                "vortrag",
                "Kommunale Unternehmen als Treiber der Smart City",
                para(
                    "Welche Rolle Stadtwerke und kommunale Unternehmen in der digitalen Stadt "
                    "übernehmen."
                ),
                (("markus-moraing", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Energiewende und Digitalisierung in den Kommunen",
                para("Daten, Netze und Beratung für die kommunale Energiewende."),
                (("frank-michael-baumann", SP),),
            ),
            S(
                "14:50",
                "15:10",
                "statement",
                "Digitale Daseinsvorsorge am Niederrhein",
                para("Ein Praxisstatement aus einer kommunalen Unternehmensgruppe."),
                (("frank-kindervatter", SP),),
            ),
            S(
                "15:10",
                "15:30",
                "diskussion",
                "Diskussion: Daten der Daseinsvorsorge",
                "",
                (
                    ("markus-moraing", PAN),
                    ("frank-michael-baumann", PAN),
                    ("frank-kindervatter", PAN),
                    ("holger-brandt", MOD),
                ),
            ),
        ],
    },
    {
        "number": 10,
        "slug": "govtech-cloud",
        "title": "GovTech, Cloud und digitale Souveränität",
        "room": "Konferenzraum 3",
        "topic": para(
            "Wie bleibt die Verwaltung handlungsfähig, wenn sie Cloud-Dienste und "
            "Lösungen junger Unternehmen nutzt? Ein Forum über Souveränität und "
            "Beschaffung."
        ),
        "moderators": ["matthias-kammer"],
        "sessions": [
            S(
                "14:00",
                "14:25",
                "impulsvortrag",
                "Digitale Souveränität der Verwaltung",
                para("Was Souveränität für Bund, Länder und Kommunen praktisch bedeutet."),
                (("matthias-kammer", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Cloud in der Verwaltung: Chancen und Grenzen",
                para(
                    "Betriebsmodelle, Sicherheit und Wirtschaftlichkeit aus Sicht eines "
                    "Beratungs- und IT-Unternehmens."
                ),
                (("marc-reinhardt", SP),),
            ),
            S(
                "14:50",
                "15:30",
                "podiumsdiskussion",
                "Souverän in die Cloud?",
                "",
                (("marc-reinhardt", PAN), ("michael-neubauer", PAN), ("matthias-kammer", MOD)),
            ),
        ],
    },
    {
        "number": 11,
        "slug": "landesverwaltung-digital",
        "title": "Digitalisierung der Landesverwaltung",
        "room": "Konferenzraum 4",
        "topic": para(
            "Das E-Government-Gesetz setzt der Landesverwaltung Fristen. Wie weit sind "
            "E-Akte, digitale Prozesse und Portale – und was lernt das Land aus 2020?"
        ),
        "moderators": ["oliver-heidinger"],
        "sessions": [
            S(
                "14:00",
                "14:25",
                "vortrag",
                "Die digitale Landesverwaltung: Stand und Fahrplan",
                para(
                    "Ein Überblick aus dem Digitalministerium über Programme, Fristen und "
                    "Prioritäten."
                ),
                (("oliver-heidinger", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "E-Akte und digitale Prozesse in den Ressorts",
                para("Erfahrungen aus der Einführung der elektronischen Akte."),
                (("sabine-korte", SP),),
            ),
            S(
                "14:50",
                "15:30",
                "diskussion",
                "Diskussion: Land und Kommunen im Portalverbund",
                "",
                (("oliver-heidinger", PAN), ("sabine-korte", PAN)),
            ),
        ],
    },
    {
        "number": 12,
        "slug": "ozg-wirtschaftsfoerderung",
        "title": "OZG und Wirtschaftsförderung",
        "room": "Konferenzraum 5",
        "topic": para(
            "Mehr als 1.100 unternehmensbezogene OZG-Leistungen warten im "
            "kreisangehörigen Raum auf ihre Digitalisierung. Das Forum zeigt, warum die "
            "kommunale Wirtschaftsförderung dabei an den Tisch gehört."
        ),
        "moderators": ["wilfried-kruse"],
        "sessions": [
            S(
                "14:00",
                "14:25",
                "impulsvortrag",
                "Unternehmensleistungen im OZG als Standortfaktor",
                para(
                    "Von rund 5.500 Einzelleistungen betreffen mehr als 1.100 Unternehmen, etwa 600 "
                    "davon auch Bürgerinnen und Bürger – eine Analyse für kreisangehörige "
                    "Kommunen."
                ),
                (("wilfried-kruse", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Wirtschaftsförderung als Partner der OZG-Umsetzung",
                para(
                    "Was Unternehmen vor Ort wirklich brauchen und wie die Wirtschaftsförderung "
                    "dieses Wissen einbringt."
                ),
                (("stefan-lammers", SP),),
            ),
            S(
                "14:50",
                "15:15",
                "vortrag",
                "Digitaler Unternehmerservice in Ostwestfalen-Lippe",
                para(
                    "Rechenzentrum, IT und Organisation dreier Kreise verständigen sich auf "
                    "Prioritäten für Leistungen mit Unternehmensbezug."
                ),
                (("michaela-lehnert", SP),),
            ),
            S(
                "15:15",
                "15:30",
                "diskussion",
                "Diskussion: Wer treibt den Unternehmerservice?",
                "",
                (("stefan-lammers", PAN), ("michaela-lehnert", PAN), ("wilfried-kruse", MOD)),
            ),
        ],
    },
    {
        "number": 13,
        "slug": "change-management",
        "title": "Change-Management für die Verwaltung 4.0",
        "room": "Konferenzraum 6",
        "topic": para(
            "Der Mensch steht vor Organisation und Technik: Wie Digitalisierungs"
            "strategien, Digitallotsen und Führung den Wandel in der Verwaltung tragen."
        ),
        "moderators": ["anja-petersen"],
        "sessions": [
            S(
                "14:00",
                "14:25",
                "vortrag",
                "Der Mensch vor Organisation und Technik",
                para(
                    "Change-, Digital-, Prozess- und Wissensmanagement in einem fünfjährigen "
                    "Digitalisierungsfahrplan für eine Kreisverwaltung."
                ),
                (("frank-hogrebe", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Digitallotsin in der eigenen Kommune",
                para(
                    "Erfahrungen als Impulsgeberin und Ansprechpartnerin für die Digitalisierung "
                    "vor Ort."
                ),
                (("julia-terhorst", SP),),
            ),
            S(
                "14:50",
                "15:30",
                "publikumsgespraech",
                "Wie nehmen wir die Mitarbeitenden mit?",
                para("Ein Gespräch mit vielen Fragen an das Publikum."),
                (("frank-hogrebe", SP), ("julia-terhorst", SP), ("anja-petersen", MOD)),
            ),
        ],
    },
]
