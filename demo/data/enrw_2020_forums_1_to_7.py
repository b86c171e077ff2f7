"""e-nrw 2020 (seed 000): Fachforen 1 to 7. Titles, rooms and times are Füllwerte where the
seed names only the speakers (see :mod:`demo.data.enrw_2020`)."""

from __future__ import annotations

from .common import MOD, PAN, SP, S, para

FORUMS_1_TO_7 = [
    {
        "number": 1,
        "slug": "arbeitswelt-4-0",
        "title": "Arbeitswelt 4.0 in der Verwaltung",
        "room": "Konferenzraum 1",
        "topic": para(
            "Wie verändert die Digitalisierung die Arbeit in Landes- und "
            "Kommunalverwaltungen? Das Forum verbindet die Arbeit der Enquête-Kommission "
            "des Landtags mit Szenarien zur Verwaltungsarbeit 2030+."
        ),
        "moderators": ["frank-hogrebe"],
        "sessions": [
            S(
                "11:30",
                "11:55",
                "impulsvortrag",
                "Digitale Transformation der Arbeitswelt in NRW",
                para(
                    "Was der Landtag über die Zukunft der Arbeitswelten gelernt hat und welche "
                    "Empfehlungen sich für den öffentlichen Dienst ergeben."
                ),
                (("dietmar-bell", SP),),
            ),
            S(
                "11:55",
                "12:20",
                "vortrag",
                "Szenarien zur Verwaltungsarbeit 2030+",
                para(
                    "Gibt es die eine Zukunft der Arbeit? Erfahrungen aus einem Szenario-Projekt mit "
                    "Führungskräften einer Großstadtverwaltung."
                ),
                (("wilfried-kruse", SP),),
            ),
            S(
                "12:20",
                "12:40",
                "vortrag",
                "Digitallotsen: Fortbildung für alle Ebenen",
                para(
                    "Neue digitale Fortbildungsformate für Führungskräfte, Gremien, Fachleute und "
                    "Nachwuchskräfte – mit Zertifikat als „Digitallotse“."
                ),
                (("torsten-fisahn", SP),),
            ),
            S(
                "12:40",
                "13:00",
                "diskussion",
                "Diskussion: Wer gestaltet die Arbeit von morgen?",
                "",
                (
                    ("dietmar-bell", PAN),
                    ("wilfried-kruse", PAN),
                    ("torsten-fisahn", PAN),
                    ("frank-hogrebe", MOD),
                ),
            ),
        ],
    },
    {
        "number": 2,
        "slug": "digitale-modellregionen",
        "title": "Digitale Modellregionen und vernetzte Städte",
        "room": "Konferenzraum 2",
        "topic": para(
            "Paderborn, Gelsenkirchen und Wuppertal berichten, was aus ihren "
            "Modellprojekten für die digitale Stadt geworden ist und was andere Kommunen "
            "übernehmen können."
        ),
        "moderators": ["oliver-heidinger"],
        "sessions": [
            S(
                "11:30",
                "11:50",
                "vortrag",
                "Paderborn: Digitale Modellkommune in Ostwestfalen",
                para(
                    "Der Bürgermeister zieht eine Zwischenbilanz der digitalen Projekte seiner "
                    "Stadt."
                ),
                (("michael-dreier", SP),),
            ),
            S(
                "11:50",
                "12:10",
                "vortrag",
                "Vernetzte Stadt Gelsenkirchen",
                para(
                    "Wie eine Stabsstelle und ein Chief Digital Officer die Stadtverwaltung und die "
                    "Stadtgesellschaft digital vernetzen."
                ),
                (("manfred-vom-sondern", SP), ("lukas-rissel", SP)),
            ),
            S(
                "12:10",
                "12:30",
                "vortrag",
                "Wuppertal: Aus dem Modellprojektbüro",
                para(
                    "Erfahrungen, Stolpersteine und übertragbare Lösungen aus dem Modellprojektbüro "
                    "der Stadt."
                ),
                (("joerg-weidemann", SP),),
            ),
            S(
                "12:30",
                "13:00",
                "podiumsdiskussion",
                "Was bleibt von den Modellregionen?",
                "",
                (
                    ("michael-dreier", PAN),
                    ("manfred-vom-sondern", PAN),
                    ("joerg-weidemann", PAN),
                    ("oliver-heidinger", MOD),
                ),
            ),
        ],
    },
    {
        "number": 3,
        "slug": "ozg-kreisangehoerige-kommunen",
        "title": "OZG-Umsetzung in kreisangehörigen Kommunen",
        "room": "Konferenzraum 3",
        "topic": para(
            "Nach Ankündigungen und Klickdummies: Was haben Mittelstädte und ihre "
            "IT-Dienstleister beim Onlinezugang schon konkret umgesetzt – und wie gelingt "
            "der Rest bis Ende 2022?"
        ),
        "moderators": ["katrin-albers"],
        "sessions": [
            S(
                "11:30",
                "11:50",
                "vortrag",
                "Ibbenbüren digital: Das OZG aus Sicht einer Mittelstadt",
                para(
                    "Prioritäten, Personal und Partner einer Mittelstadt auf dem Weg zum "
                    "Onlinezugang."
                ),
                (("marc-schrameyer", SP),),
            ),
            S(
                "11:50",
                "12:15",
                "vortrag",
                "Gemeinsam umsetzen: Stadt Soest und SIT",
                para(
                    "Ein Projektbericht aus der Zusammenarbeit einer Stadt mit ihrem kommunalen "
                    "IT-Dienstleister."
                ),
                (("joerg-radandt", SP), ("kerstin-pliquett", SP)),
            ),
            S(
                "12:15",
                "12:35",
                "vortrag",
                "Der OZG-Kompass: Leistungen priorisieren und überwachen",
                para(
                    "Welche der rund 5.500 OZG-Einzelleistungen muss eine Kommune ihrer Größe "
                    "umsetzen? Eine Plattform macht es sichtbar, priorisierbar und messbar."
                ),
                (("michaela-lehnert", SP),),
            ),
            S(
                "12:35",
                "13:00",
                "diskussion",
                "Diskussion: Was fehlt bis Ende 2022?",
                "",
                (
                    ("marc-schrameyer", PAN),
                    ("joerg-radandt", PAN),
                    ("kerstin-pliquett", PAN),
                    ("michaela-lehnert", PAN),
                    ("katrin-albers", MOD),
                ),
            ),
        ],
    },
    {
        "number": 4,
        "slug": "kommunale-it-dienstleister",
        "title": "Kommunale IT-Dienstleister als Partner der Digitalisierung",
        "room": "Konferenzraum 4",
        "topic": para(
            "Kooperation statt Insellösungen: Wie kommunale IT-Dienstleister gemeinsam "
            "Plattformen betreiben und ihre Träger bei der Digitalisierung entlasten."
        ),
        "moderators": ["ralf-resch"],
        "sessions": [
            S(
                "11:30",
                "11:50",
                "impulsvortrag",
                "Kooperation der kommunalen IT-Dienstleister",
                para(
                    "Ein Impuls aus Sicht der Bundesarbeitsgemeinschaft der kommunalen "
                    "IT-Dienstleister."
                ),
                (("ralf-resch", SP),),
            ),
            S(
                "11:50",
                "12:15",
                "vortrag",
                "Plattformen für die Kommunen Südwestfalens",
                para(
                    "Wie ein regionaler IT-Dienstleister gemeinsame Plattformen für viele Kommunen "
                    "aufbaut."
                ),
                (("michael-neubauer", SP),),
            ),
            S(
                "12:15",
                "12:40",
                "vortrag",
                "ITK Rheinland: Gemeinsame Lösungen im Rheinland",
                para(
                    "Zusammenarbeit über Stadtgrenzen hinweg – Erfahrungen des Neusser "
                    "IT-Dienstleisters."
                ),
                (("bodo-karnbach", SP),),
            ),
            S(
                "12:40",
                "13:00",
                "diskussion",
                "Diskussion: Wie viel Zentralisierung braucht es?",
                "",
                (("michael-neubauer", PAN), ("bodo-karnbach", PAN), ("ralf-resch", MOD)),
            ),
        ],
    },
    {
        "number": 5,
        "slug": "ozg-grossstaedte",
        "title": "OZG in den Großstädten",
        "room": "Konferenzraum 5",
        "topic": para(
            "Der Dachverband der kommunalen IT-Dienstleister und der Städtetag zeigen, "
            "wie Großstädte das OZG arbeitsteilig umsetzen und was sie dafür vom Land "
            "brauchen."
        ),
        "moderators": ["uda-bastians"],
        "sessions": [
            S(
                "11:30",
                "11:55",
                "vortrag",
                "OZG-Umsetzung im Verbund: Der KDN",
                para(
                    "Wie die Mitglieder des KDN Online-Dienste gemeinsam entwickeln und nachnutzen."
                ),
                (("andreas-engel", SP), ("clarisse-schroeder", SP)),
            ),
            S(
                "11:55",
                "12:20",
                "impulsvortrag",
                "Was die Städte vom Land erwarten",
                para(
                    "Finanzierung, Standards und Nachnutzung: die Forderungen der Städte an die "
                    "Landesebene."
                ),
                (("uda-bastians", SP),),
            ),
            S(
                "12:20",
                "13:00",
                "diskussion",
                "Diskussion: Einer für alle – auch in NRW?",
                "",
                (("andreas-engel", PAN), ("clarisse-schroeder", PAN), ("uda-bastians", MOD)),
            ),
        ],
    },
    {
        "number": 6,
        "slug": "kreise-digital",
        "title": "Die Kreise als Motor der Digitalisierung",
        "room": "Konferenzraum 6",
        "topic": para(
            "Kreise bündeln Aufgaben und Partner. Das Forum zeigt, wie sie die "
            "Digitalisierung in der Krise vorantreiben und ihre kreisangehörigen "
            "Kommunen mitnehmen."
        ),
        "moderators": ["thomas-wendland"],
        "sessions": [
            S(
                "11:30",
                "11:55",
                "vortrag",
                "Kreis Heinsberg: Digitalisierung in der Pandemie",
                para("Was ein Kreis aus der Pandemie für seine digitale Verwaltung gelernt hat."),
                (("stephan-pusch", SP),),
            ),
            S(
                "11:55",
                "12:20",
                "vortrag",
                "DigiCheck@Kom und DigiFit@Kom",
                para(
                    "Systematische Interviews vor Ort zu 15 Zielfeldern zeigen Digitalisierungs"
                    "potenziale und „Quick Wins“; ein Fortbildungsprogramm begleitet die Umsetzung."
                ),
                (("lars-hoppmann", SP),),
            ),
            S(
                "12:20",
                "13:00",
                "diskussion",
                "Diskussion: Kreis und Kommunen im Gleichschritt?",
                "",
                (("stephan-pusch", PAN), ("lars-hoppmann", PAN), ("thomas-wendland", MOD)),
            ),
        ],
    },
    {
        "number": 7,
        "slug": "digitale-schule",
        "title": "Digitale Schule in NRW",
        "room": "Konferenzraum 7",
        "topic": para(
            "Distanzunterricht hat gezeigt, wo Schulen digital stehen. Das "
            "Schulministerium berichtet über Ausstattung, Plattformen und Fortbildung."
        ),
        "moderators": ["miriam-oster"],
        "sessions": [
            S(
                "11:30",
                "11:55",
                "vortrag",
                "Digitale Bildung in NRW: Stand und Perspektiven",
                para(
                    "Wo die Digitalisierung der Schulen im Land steht und was als Nächstes kommt."
                ),
                (("jan-irlenkaeuser", SP),),
            ),
            S(
                "11:55",
                "12:20",
                "vortrag",
                "Digitale Infrastruktur für Schulen in der Pandemie",
                para(
                    "Plattformen, Endgeräte und Support: was im Jahr 2020 kurzfristig möglich wurde."
                ),
                (("nico-battistini", SP),),
            ),
            S(
                "12:20",
                "13:00",
                "diskussion",
                "Diskussion: Schule digital – wer kümmert sich?",
                "",
                (("jan-irlenkaeuser", PAN), ("nico-battistini", PAN), ("miriam-oster", MOD)),
            ),
        ],
    },
]
