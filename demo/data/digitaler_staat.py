"""The congress "Digitaler Staat" 2021 (Füllwert) with the forums of seeds 004 and 002."""

from __future__ import annotations

from .common import MOD, PAN, SP, S, para

# ---------------------------------------------------------------------------------------------
# The two-day forum "Strategie und Steuerung" (004) and the forum "Digitale Kompetenzen" (002).
# 004 says the forum runs over two days, so it cannot belong to the one-day e-nrw editions; the
# texts do not name its congress or dates. Both forums go to a separate demo congress; its name
# and the dates 22./23.06.2021 are Füllwerte. The times of "Strategie und Steuerung" are from 004
# (the 10:00 opening is a Füllwert); those of "Digitale Kompetenzen" are Füllwerte.
# ---------------------------------------------------------------------------------------------

STRATEGIE_UND_STEUERUNG = {
    "kind": "forum",
    "number": 1,
    "slug": "strategie-und-steuerung",
    "title": "Strategie und Steuerung",
    "room": None,
    "topic": (
        para(
            "Die Digitalisierung verändert Abläufe, Arbeitsweisen und Kultur der Verwaltung und "
            "ihre Beziehungen zu Politik und Gesellschaft. Das Forum fragt, wie die weitere "
            "Digitalisierung nach den Erfahrungen der Pandemie gestaltet werden sollte, wenn man "
            "die Verwaltung auch als soziales System mit eigenen Dynamiken versteht."
        )
        + para(
            "Diskutiert werden Gestaltungsprinzipien: ein zeitgemäßes Verständnis von Regeln, "
            "Spielräume innerhalb der Rechtsbindung, eine angemessene Geschwindigkeit für "
            "Veränderungen, der Umgang mit Algorithmen, ein OZG, das die ganze Organisation "
            "statt nur Portale im Blick hat, sowie Projekt- und Prozessmanagement nach der "
            "Krise. Expertinnen, Experten und Praktiker begleiten das Forum über zwei Tage."
        )
    ),
    "moderators": ["thorsten-schmidt", "lutz-liffers"],
    "sessions": [
        S(
            "10:00",
            "10:10",
            "eroeffnung",
            "Begrüßung und Einführung in das Forum",
            para("Die Moderation führt in die Leitfragen der beiden Forumstage ein."),
            (("thorsten-schmidt", MOD), ("lutz-liffers", MOD)),
        ),
        S(
            "10:10",
            "10:40",
            "impulsvortrag",
            "Mythen der Digitalisierung – digitale Transformation und gute Organisation in "
            "postpandämischen Zeiten",
            para(
                "Welche verbreiteten Annahmen über Digitalisierung halten einem organisations"
                "soziologischen Blick nicht stand – und was macht gute Organisation nach der "
                "Pandemie aus?"
            ),
            (("jens-kapitzky", SP),),
        ),
        S(
            "10:45",
            "11:15",
            "impulsvortrag",
            "Brauchen Algorithmen Führung?",
            para("Sozio-technische Gestaltung durch Organisation und Prozess."),
            (("christian-djeffal", SP),),
        ),
        S(
            "12:10",
            "13:15",
            "vortrag-und-thesen",
            "Quo Vadis OZG? Dresdner Forderungen für eine digitale Verwaltung der Zukunft",
            para(
                "Die Forderungen des Deutschen Städtetages, danach vier Statements aus der Praxis "
                "zur weiteren (organisatorischen) Umsetzung aus Bremen, Leipzig, Essen und Freiburg; "
                "anschließend Diskussion und Fragen."
            ),
            (
                ("hanna-sommer", SP),
                ("carola-heilemann-jeschke", PAN),
                ("christian-aegerter", PAN),
                ("peter-adelskamp", PAN),
                ("bernd-mutter", PAN),
            ),
        ),
        S(
            "09:45",
            "11:00",
            "publikumsgespraech",
            "Deutschland impft. Warum wir aus Krisenmanagement so viel für alltägliches "
            "Verwaltungshandeln lernen können",
            para(
                "Der Projektleiter der Bremer Impfkampagne im Gespräch, mit vielen Fragen an das "
                "Publikum."
            ),
            (("lutz-liffers", SP),),
            1,
        ),
        S("11:00", "11:15", "pause", "Pause", "", (), 1),
        S(
            "11:15",
            "11:45",
            "impulsvortrag",
            "Servicedesign in der Verwaltung: Anforderungen an das Prozessmanagement",
            para("Erfahrungen aus Bremen."),
            (("julia-schneider", SP), ("mariele-mueller", SP)),
            1,
        ),
        S(
            "11:50",
            "12:20",
            "impulsvortrag",
            "Nicht ohne uns!",
            para("Nutzerorientierung in der resilienten und digitalen Verwaltung der Zukunft."),
            (("john-meister", SP), ("matthias-hoermeyer", SP)),
            1,
        ),
    ],
}

DIGITALE_KOMPETENZEN = {
    "kind": "forum",
    "number": 2,
    "slug": "digitale-kompetenzen",
    "title": "Digitale Kompetenzen für eine moderne öffentliche Verwaltung",
    "room": None,
    "topic": para(
        "Digitalisierung ist mehr als Technik, und Qualifizierung mehr als Tablets und "
        "Computerkurse. Vier Projekte aus Bund, Ländern und Kommunen zeigen, wie die Verwaltung "
        "Digitalisierungs- und Veränderungskompetenzen aufbaut."
    ),
    "moderators": [],
    "sessions": [
        S("14:00", "14:05", "eroeffnung", "Eröffnung und Begrüßung"),
        S(
            "14:05",
            "14:25",
            "projektvorstellung",
            "Qualifica Digitalis",
            para(
                "Ein Forschungs-, Entwicklungs- und Umsetzungsprojekt des IT-Planungsrats "
                "(Laufzeit 01.01.2020 bis 30.06.2022, Federführung Bremen): Analyse der Kompetenz"
                "entwicklung im öffentlichen Dienst, Qualifizierungsstrategien und "
                "Handlungsempfehlungen."
            ),
            (("christine-schroeder", SP),),
        ),
        S(
            "14:25",
            "14:45",
            "projektvorstellung",
            "KommunalCampus",
            para(
                "Eine interkommunale Weiterbildungsplattform der Metropolregion Rhein-Neckar, "
                "getragen von einer am 27.01.2021 gegründeten Genossenschaft und vom Land Hessen "
                "mit 250.000 Euro gefördert."
            ),
            (("marvin-baldauf", SP),),
        ),
        S(
            "14:45",
            "15:05",
            "projektvorstellung",
            "Digitalakademie der BAKöV",
            para(
                "Digitale Lernwelt, Erlebnisräume und ein erweitertes Fortbildungsangebot der "
                "Bundesakademie für öffentliche Verwaltung."
            ),
            (("udo-heyder", SP),),
        ),
        S(
            "15:05",
            "15:25",
            "projektvorstellung",
            "Digital Innovation Team im BMI",
            para(
                "Vernetzen, befähigen, ermöglichen: Wie ein Innovationsteam neue Arbeitsweisen in "
                "ein Bundesministerium bringt – auch im Kleinen, von Daily Standups bis "
                "Timeboxing."
            ),
            (("jan-ole-beyer", SP),),
        ),
        S(
            "15:25",
            "15:45",
            "diskussion",
            "Diskussion",
            "",
            (
                ("christine-schroeder", PAN),
                ("marvin-baldauf", PAN),
                ("udo-heyder", PAN),
                ("jan-ole-beyer", PAN),
            ),
        ),
    ],
}
