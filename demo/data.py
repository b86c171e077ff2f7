"""Demo data for ``manage.py load_demo``: pure data, no database access.

Everything here was extracted from the German source texts in ``shared/seeds/`` (the command does
not read them at run time). Long passages are paraphrased, not copied. The seed files are:

- ``000`` (``000_018323cb54f0e12b.txt``): IVM² news 2020. e-nrw 2020 on 05.11.2020 in the
  Stadthalle / Dorint Hotel Neuss, Am Stadtpark; organised by the Behörden Spiegel with IVM² as
  "Fachlicher Leiter"; motto "Digitale Transformation 2020/2030"; about 600 guests the year
  before; a main programme and 13 Fachforen with about 60 talks; switched to a WebKongress because
  public life was restricted from 02.11.2020; the names and positions of the main programme and
  of many forum speakers.
- ``001`` (``001_acc0487642aed6b9.txt``): Behörden Spiegel article by Wilfried Kruse announcing
  e-nrw 2021 on 10 November 2021 as an online event, "Zukünftige IT-Strategien in
  Nordrhein-Westfalen", with Pinkwart, Bölling, Baum and Hoppmann. The demo departs from it on
  purpose: e-nrw 2021 takes place in the Stadthalle Neuss and online (hybrid), so that
  registrations on site, the waiting list and the check-in have an edition to show (its page
  says so).
- ``002`` (``002_d7096bba19fa2c0d.txt``): slides of the forum "Digitale Kompetenzen für eine
  moderne öffentliche Verwaltung" (Qualifica Digitalis, KommunalCampus, Digitalakademie, Digital
  Innovation Team) with IT-Planungsrat branding.
- ``003`` (``003_f6f86310cd262c35.txt``): Kienbaum project references from Thüringen (used only
  for an exhibitor entry).
- ``004`` (``004_82bd6bbd0994b224.txt``): the two-day forum "Strategie und Steuerung", moderated
  by Thorsten Schmidt and Lutz Liffers (Senator für Finanzen, Bremen), with times.

The seeds give no times for e-nrw 2020 and 2021, no forum titles or moderators for e-nrw 2020, and
no name or dates of the congress that hosted the forum "Strategie und Steuerung". Those are
plausible fillers, marked ``# Füllwert`` below; people invented for the demo carry
``"filler": True`` and say so in their short biography.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .registration_data import ONSITE_CAPACITY

SITE_NAME = "Kongressportal"
HOME_TITLE = "Kongressportal"
HOME_SLUG = "kongressportal"
HOME_INTRO = (
    "<p>Programme, Foren und Referierende der Kongresse zur Digitalisierung der öffentlichen "
    "Verwaltung.</p>"
)

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.org"
ADMIN_DEFAULT_PASSWORD = "kongress-demo"  # noqa: S105 - demo only, overridable by env var

# Staff at the door: may check tickets in and open the Wagtail admin, nothing else. Same
# password as the admin.
CHECKIN_USERNAME = "einlass"
CHECKIN_EMAIL = "einlass@example.org"
CHECKIN_EDITION = ("e-nrw", 2021)

FILLER_BIO = "<p>Fiktive Person für die Demodaten.</p>"

# slug, name, is_break
SESSION_TYPES = [
    ("eroeffnung", "Eröffnung und Begrüßung", False),
    ("grusswort", "Grußwort", False),
    ("keynote", "Keynote", False),
    ("videobotschaft", "Videobotschaft", False),
    ("vortrag", "Vortrag", False),
    ("impulsvortrag", "Impulsvortrag mit Diskussion", False),
    ("vortrag-und-thesen", "Vortrag und Thesen", False),
    ("statement", "Statement", False),
    ("projektvorstellung", "Projektvorstellung", False),
    ("podiumsdiskussion", "Podiumsdiskussion", False),
    ("publikumsgespraech", "Publikumsgespräch", False),
    ("diskussion", "Diskussion", False),
    ("schlusswort", "Schlusswort", False),
    ("pause", "Pause", True),
]

# People, keyed by their slug. "source" names the seed file; "filler" marks invented people.
PEOPLE: dict[str, dict] = {
    # --- 000: e-nrw 2020, main programme -------------------------------------------------------
    "andreas-pinkwart": {
        "academic_title": "Prof. Dr.",
        "first_name": "Andreas",
        "last_name": "Pinkwart",
        "position": "Minister für Wirtschaft, Innovation, Digitalisierung und Energie des Landes NRW",
        "organisation": "",
        "source": "000",
    },
    "hartmut-beuss": {
        "first_name": "Hartmut",
        "last_name": "Beuß",
        "position": "Erster CIO des Landes NRW (im Ruhestand)",
        "organisation": "",
        "source": "000",
    },
    "oliver-heidinger": {
        "academic_title": "Dr.",
        "first_name": "Oliver",
        "last_name": "Heidinger",
        "position": "Vertreter des CIO NRW",
        "organisation": "MWIDE NRW",
        "source": "000",
    },
    "judith-pirscher": {
        "first_name": "Judith",
        "last_name": "Pirscher",
        "position": "Regierungspräsidentin",
        "organisation": "Bezirksregierung Detmold",
        "source": "000",
    },
    "ulrich-silberbach": {
        "first_name": "Ulrich",
        "last_name": "Silberbach",
        "position": "Bundesvorsitzender",
        "organisation": "dbb",
        "source": "000",
    },
    "lars-hoppmann": {
        "first_name": "Lars",
        "last_name": "Hoppmann",
        "position": "Geschäftsleiter",
        "organisation": "krz Lemgo",
        "source": "000",
    },
    "michaela-lehnert": {
        "first_name": "Michaela",
        "last_name": "Lehnert",
        "position": "Bereichsleiterin Digitalisierung und Innovation",
        "organisation": "krz Lemgo",
        "source": "000",
    },
    "hans-juergen-petrauschke": {
        "first_name": "Hans-Jürgen",
        "last_name": "Petrauschke",
        "position": "Landrat",
        "organisation": "Rhein-Kreis Neuss",
        "source": "000",
    },
    "frank-kindervatter": {
        "first_name": "Frank",
        "last_name": "Kindervatter",
        "position": "Vorstandsvorsitzender",
        "organisation": "NEW Gruppe",
        "source": "000",
    },
    "marc-reinhardt": {
        "first_name": "Marc",
        "last_name": "Reinhardt",
        "position": "Leiter Public Services",
        "organisation": "Capgemini",
        "source": "000",
    },
    "wilfried-kruse": {
        "first_name": "Wilfried",
        "last_name": "Kruse",
        "position": "Geschäftsführender Gesellschafter, Fachlicher Leiter von e-nrw",
        "organisation": "IVM²",
        "source": "000",
    },
    "frank-hogrebe": {
        "academic_title": "Prof. Dr.",
        "first_name": "Frank",
        "last_name": "Hogrebe",
        "position": "Dozent der Webinare der krz-Akademie",
        "organisation": "",
        "source": "000",
    },
    "torsten-fisahn": {
        "first_name": "Torsten",
        "last_name": "Fisahn",
        "position": "Organisator der Webinare der krz-Akademie",
        "organisation": "krz Lemgo",
        "source": "000",
    },
    # --- 000: e-nrw 2020, forum speakers -----------------------------------------------------
    "dietmar-bell": {
        "first_name": "Dietmar",
        "last_name": "Bell",
        "position": "MdL, Vorsitzender der Enquête Kommission des Landtages NRW",
        "organisation": "Landtag NRW",
        "source": "000",
    },
    "michael-dreier": {
        "first_name": "Michael",
        "last_name": "Dreier",
        "position": "Bürgermeister",
        "organisation": "Stadt Paderborn",
        "source": "000",
    },
    "marc-schrameyer": {
        "academic_title": "Dr.",
        "first_name": "Marc",
        "last_name": "Schrameyer",
        "position": "Bürgermeister",
        "organisation": "Stadt Ibbenbüren",
        "source": "000",
    },
    "markus-moraing": {
        "first_name": "Markus",
        "last_name": "Moraing",
        "position": "Geschäftsführer",
        "organisation": "VKU Landesgruppe NRW",
        "source": "000",
    },
    "stephan-pusch": {
        "first_name": "Stephan",
        "last_name": "Pusch",
        "position": "Landrat",
        "organisation": "Kreis Heinsberg",
        "source": "000",
    },
    "uda-bastians": {
        "academic_title": "Dr.",
        "first_name": "Uda",
        "last_name": "Bastians",
        "position": "Beigeordnete",
        "organisation": "Städtetag NRW",
        "source": "000",
    },
    "timo-kahl": {
        "academic_title": "Prof. Dr.",
        "first_name": "Timo",
        "last_name": "Kahl",
        "position": "Studiengangleiter für Verwaltungsinformatik – E-Government",
        "organisation": "Hochschule Rhein-Waal",
        "source": "000",
    },
    "martin-borntraeger": {
        "first_name": "Martin",
        "last_name": "Bornträger",
        "position": "Präsident",
        "organisation": "Hochschule für Polizei und Verwaltung NRW",
        "source": "000",
    },
    "matthias-kammer": {
        "first_name": "Matthias",
        "last_name": "Kammer",
        "position": "Geschäftsführer",
        "organisation": "GOV DIGITAL, Berlin",
        "source": "000",
    },
    "andreas-engel": {
        "academic_title": "Prof. Dr.",
        "first_name": "Andreas",
        "last_name": "Engel",
        "position": "IT-Leiter der Stadt Köln und Geschäftsführer des KDN",
        "organisation": "Stadt Köln",
        "source": "000",
    },
    "clarisse-schroeder": {
        "first_name": "Clarisse",
        "last_name": "Schröder",
        "position": "OZG-Koordinatorin",
        "organisation": "CCD KDN",
        "source": "000",
    },
    "michael-neubauer": {
        "academic_title": "Dr.",
        "first_name": "Michael",
        "last_name": "Neubauer",
        "position": "Geschäftsführer",
        "organisation": "Südwestfalen IT (SIT), Hemer",
        "source": "000",
    },
    "manfred-vom-sondern": {
        "first_name": "Manfred",
        "last_name": "vom Sondern",
        "position": "CDO",
        "organisation": "Stadt Gelsenkirchen",
        "source": "000",
    },
    "lukas-rissel": {
        "first_name": "Lukas",
        "last_name": "Rissel",
        "position": "Stabsstelle Vernetzte Stadt",
        "organisation": "Stadt Gelsenkirchen",
        "source": "000",
    },
    "jan-irlenkaeuser": {
        "academic_title": "Dr.",
        "first_name": "Jan",
        "last_name": "Irlenkaeuser",
        "position": "",
        "organisation": "Ministerium für Schule und Bildung NRW",
        "source": "000",
    },
    "nico-battistini": {
        "first_name": "Nico",
        "last_name": "Battistini",
        "position": "",
        "organisation": "Ministerium für Schule und Bildung NRW",
        "source": "000",
    },
    "joerg-weidemann": {
        "academic_title": "Dr.",
        "first_name": "Jörg",
        "last_name": "Weidemann",
        "position": "CDO, Leiter Modellprojektbüro",
        "organisation": "Stadt Wuppertal",
        "source": "000",
    },
    "frank-michael-baumann": {
        "academic_title": "Dr.",
        "first_name": "Frank-Michael",
        "last_name": "Baumann",
        "position": "Geschäftsführer",
        "organisation": "EnergieAgentur.NRW",
        "source": "000",
    },
    "ralf-resch": {
        "academic_title": "Dr.",
        "first_name": "Ralf",
        "last_name": "Resch",
        "position": "Geschäftsführer",
        "organisation": "VITAKO, Berlin",
        "source": "000",
    },
    "bodo-karnbach": {
        "academic_title": "Dr.",
        "first_name": "Bodo",
        "last_name": "Karnbach",
        "position": "Vorsitzender der Geschäftsführung",
        "organisation": "ITK Rheinland, Neuss",
        "source": "000",
    },
    "joerg-radandt": {
        "first_name": "Joerg",
        "last_name": "Radandt",
        "position": "Projektleiter",
        "organisation": "Stadt Soest",
        "source": "000",
    },
    "kerstin-pliquett": {
        "first_name": "Kerstin",
        "last_name": "Pliquett",
        "position": "Geschäftsführerin",
        "organisation": "Südwestfalen IT (SIT), Hemer",
        "source": "000",
    },
    # --- 001: e-nrw 2021 ---------------------------------------------------------------------
    "anna-katharina-boelling": {
        "first_name": "Anna-Katharina",
        "last_name": "Bölling",
        "position": "Landrätin",
        "organisation": "Kreis Minden-Lübbecke",
        "source": "001",
    },
    "ursula-baum": {
        "first_name": "Ursula",
        "last_name": "Baum",
        "position": "Bürgermeisterin",
        "organisation": "Stadt Kaarst",
        "source": "001",
    },
    # --- 002: forum "Digitale Kompetenzen" ---------------------------------------------------
    "christine-schroeder": {
        "first_name": "Christine",
        "last_name": "Schröder",
        "position": "Projektleiterin Qualifica Digitalis",
        "organisation": "Der Senator für Finanzen der Freien Hansestadt Bremen",
        "source": "002",
    },
    "marvin-baldauf": {
        "first_name": "Marvin",
        "last_name": "Baldauf",
        "position": "Projektleiter KommunalCampus, Digitalisierung und E-Government",
        "organisation": "Metropolregion Rhein-Neckar GmbH",
        "source": "002",
    },
    "udo-heyder": {
        "academic_title": "Dr.",
        "first_name": "Udo",
        "last_name": "Heyder",
        "position": "Direktor",
        "organisation": "Bundesakademie für öffentliche Verwaltung",
        "source": "002",
    },
    "jan-ole-beyer": {
        "first_name": "Jan-Ole",
        "last_name": "Beyer",
        "position": "Projektgruppe Digital Innovation Team",
        "organisation": "Bundesministerium des Innern, für Bau und Heimat",
        "source": "002",
    },
    # --- 004: forum "Strategie und Steuerung" ------------------------------------------------
    "thorsten-schmidt": {
        "first_name": "Thorsten",
        "last_name": "Schmidt",
        "position": "",
        "organisation": "Senator für Finanzen, Freie Hansestadt Bremen",
        "source": "004",
    },
    "lutz-liffers": {
        "first_name": "Lutz",
        "last_name": "Liffers",
        "position": (
            "Leiter Büro für Veränderungs- und Projektmanagement und Projektleiter der "
            "Impfkampagne Bremen"
        ),
        "organisation": "Senator für Finanzen, Freie Hansestadt Bremen",
        "source": "004",
    },
    "jens-kapitzky": {
        "first_name": "Jens",
        "last_name": "Kapitzky",
        "position": "",
        "organisation": "Metaplan Leadership & Organization Academy",
        "source": "004",
    },
    "christian-djeffal": {
        "academic_title": "Prof. Dr.",
        "first_name": "Christian",
        "last_name": "Djeffal",
        "position": "Munich Center for Technology in Society",
        "organisation": "Technische Universität München",
        "source": "004",
    },
    "hanna-sommer": {
        "academic_title": "Dr.",
        "first_name": "Hanna",
        "last_name": "Sommer",
        "position": "",
        "organisation": "Deutscher Städtetag",
        "source": "004",
    },
    "carola-heilemann-jeschke": {
        "first_name": "Carola",
        "last_name": "Heilemann-Jeschke",
        "position": "",
        "organisation": "Freie Hansestadt Bremen",
        "source": "004",
    },
    "christian-aegerter": {
        "academic_title": "Dr.",
        "first_name": "Christian",
        "last_name": "Aegerter",
        "position": "",
        "organisation": "Stadt Leipzig",
        "source": "004",
    },
    "peter-adelskamp": {
        "first_name": "Peter",
        "last_name": "Adelskamp",
        "position": "",
        "organisation": "Stadt Essen",
        "source": "004",
    },
    "bernd-mutter": {
        "first_name": "Bernd",
        "last_name": "Mutter",
        "position": "",
        "organisation": "Stadt Freiburg",
        "source": "004",
    },
    "julia-schneider": {
        "first_name": "Julia",
        "last_name": "Schneider",
        "position": "",
        "organisation": "Senator für Finanzen, Freie Hansestadt Bremen",
        "source": "004",
    },
    "mariele-mueller": {
        "first_name": "Mariele",
        "last_name": "Müller",
        "position": "",
        "organisation": "ifib Institut für Informationsmanagement Bremen",
        "source": "004",
    },
    "john-meister": {
        "first_name": "John",
        "last_name": "Meister",
        "position": "",
        "organisation": "Freie und Hansestadt Hamburg",
        "source": "004",
    },
    "matthias-hoermeyer": {
        "first_name": "Matthias",
        "last_name": "Hörmeyer",
        "position": "",
        "organisation": "KGSt",
        "source": "004",
    },
    # --- Füllwerte: invented people where the texts name nobody --------------------------------
    "katrin-albers": {
        "first_name": "Katrin",
        "last_name": "Albers",
        "position": "Moderation",
        "organisation": "",
        "filler": True,
    },
    "thomas-wendland": {
        "first_name": "Thomas",
        "last_name": "Wendland",
        "position": "Moderation",
        "organisation": "",
        "filler": True,
    },
    "miriam-oster": {
        "first_name": "Miriam",
        "last_name": "Oster",
        "position": "Moderation",
        "organisation": "",
        "filler": True,
    },
    "holger-brandt": {
        "first_name": "Holger",
        "last_name": "Brandt",
        "position": "Moderation",
        "organisation": "",
        "filler": True,
    },
    "anja-petersen": {
        "first_name": "Anja",
        "last_name": "Petersen",
        "position": "Moderation",
        "organisation": "",
        "filler": True,
    },
    "sabine-korte": {
        "first_name": "Sabine",
        "last_name": "Korte",
        "position": "Referatsleiterin Digitale Verwaltung",
        "organisation": "Landesverwaltung NRW",
        "filler": True,
    },
    "stefan-lammers": {
        "first_name": "Stefan",
        "last_name": "Lammers",
        "position": "Leiter der Wirtschaftsförderung",
        "organisation": "Kommunale Wirtschaftsförderung in Ostwestfalen-Lippe",
        "filler": True,
    },
    "julia-terhorst": {
        "first_name": "Julia",
        "last_name": "Terhorst",
        "position": "Digitallotsin",
        "organisation": "Verbandskommune des krz Lemgo",
        "filler": True,
    },
}

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


class S(NamedTuple):
    """A session: local times on the edition's ``day`` (0 = first day), format slug, title,
    abstract (HTML) and people as (person slug, role) with role speaker/moderator/panelist."""

    start: str
    end: str
    type: str
    title: str
    abstract: str = ""
    people: tuple = ()
    day: int = 0


SP, MOD, PAN = "speaker", "moderator", "panelist"


def _p(text: str) -> str:
    return f"<p>{text}</p>"


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
    "topic": _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p("Rückblick auf den ersten e-nrw WebKongress und Hinweis auf den Mitschnitt."),
            (("wilfried-kruse", MOD),),
        ),
    ],
}

# Forums 1-7 run 11:30-13:00 in Konferenzraum 1-7, forums 8-13 14:00-15:30 in Konferenzraum 1-6.
# Titles, topics, moderators and times are Füllwerte built around the forum speakers named in 000.
ENRW_2020_FORUMS = [
    {
        "number": 1,
        "slug": "arbeitswelt-4-0",
        "title": "Arbeitswelt 4.0 in der Verwaltung",
        "room": "Konferenzraum 1",
        "topic": _p(
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
                _p(
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
                _p(
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
                _p(
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
        "topic": _p(
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
                _p(
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
                _p(
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
                _p(
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
        "topic": _p(
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
                _p(
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
                _p(
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
                _p(
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
        "topic": _p(
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
                _p(
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
                _p(
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
                _p(
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
        "topic": _p(
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
                _p(
                    "Wie die Mitglieder des KDN Online-Dienste gemeinsam entwickeln und nachnutzen."
                ),
                (("andreas-engel", SP), ("clarisse-schroeder", SP)),
            ),
            S(
                "11:55",
                "12:20",
                "impulsvortrag",
                "Was die Städte vom Land erwarten",
                _p(
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
        "topic": _p(
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
                _p("Was ein Kreis aus der Pandemie für seine digitale Verwaltung gelernt hat."),
                (("stephan-pusch", SP),),
            ),
            S(
                "11:55",
                "12:20",
                "vortrag",
                "DigiCheck@Kom und DigiFit@Kom",
                _p(
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
        "topic": _p(
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
                _p("Wo die Digitalisierung der Schulen im Land steht und was als Nächstes kommt."),
                (("jan-irlenkaeuser", SP),),
            ),
            S(
                "11:55",
                "12:20",
                "vortrag",
                "Digitale Infrastruktur für Schulen in der Pandemie",
                _p(
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
    {
        "number": 8,
        "slug": "qualifizierung",
        "title": "Qualifizierung für die digitale Verwaltung",
        "room": "Konferenzraum 1",
        "topic": _p(
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
                _p("Erfahrungen aus einem Studiengang, der Verwaltung und Informatik verbindet."),
                (("timo-kahl", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Digitale Kompetenzen in der Ausbildung",
                _p(
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
                _p(
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
        "topic": _p(
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
                _p(
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
                _p("Daten, Netze und Beratung für die kommunale Energiewende."),
                (("frank-michael-baumann", SP),),
            ),
            S(
                "14:50",
                "15:10",
                "statement",
                "Digitale Daseinsvorsorge am Niederrhein",
                _p("Ein Praxisstatement aus einer kommunalen Unternehmensgruppe."),
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
        "topic": _p(
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
                _p("Was Souveränität für Bund, Länder und Kommunen praktisch bedeutet."),
                (("matthias-kammer", SP),),
            ),
            S(
                "14:25",
                "14:50",
                "vortrag",
                "Cloud in der Verwaltung: Chancen und Grenzen",
                _p(
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
        "topic": _p(
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
                _p(
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
                _p("Erfahrungen aus der Einführung der elektronischen Akte."),
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
        "topic": _p(
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
                _p(
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
                _p(
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
                _p(
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
        "topic": _p(
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
                _p(
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
                _p(
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
                _p("Ein Gespräch mit vielen Fragen an das Publikum."),
                (("frank-hogrebe", SP), ("julia-terhorst", SP), ("anja-petersen", MOD)),
            ),
        ],
    },
]

# ---------------------------------------------------------------------------------------------
# e-nrw 2021 (001): "10. November 2021 – ONLINE-EVENT", programme as announced. Times Füllwerte.
# Venue, hybrid format and capacity are Füllwerte (see the docstring); the registrations are in
# demo/registration_data.py.
# ---------------------------------------------------------------------------------------------

ENRW_2021_MAIN = {
    "kind": "main_stage",
    "number": None,
    "slug": "hauptprogramm",
    "title": "Hauptprogramm",
    "room": "Großer Saal",  # Füllwert: the demo holds 2021 in the Stadthalle (see the docstring)
    "topic": _p(
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
            _p("Der fachliche Leiter und Moderator eröffnet den virtuellen Kongress."),
            (("wilfried-kruse", MOD),),
        ),
        S(
            "09:40",
            "10:10",
            "keynote",
            "Digitale Bilanz der Legislaturperiode",
            _p(
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
            _p(
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
            _p(
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
            _p(
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
        _p(
            "Die Digitalisierung verändert Abläufe, Arbeitsweisen und Kultur der Verwaltung und "
            "ihre Beziehungen zu Politik und Gesellschaft. Das Forum fragt, wie die weitere "
            "Digitalisierung nach den Erfahrungen der Pandemie gestaltet werden sollte, wenn man "
            "die Verwaltung auch als soziales System mit eigenen Dynamiken versteht."
        )
        + _p(
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
            _p("Die Moderation führt in die Leitfragen der beiden Forumstage ein."),
            (("thorsten-schmidt", MOD), ("lutz-liffers", MOD)),
        ),
        S(
            "10:10",
            "10:40",
            "impulsvortrag",
            "Mythen der Digitalisierung – digitale Transformation und gute Organisation in "
            "postpandämischen Zeiten",
            _p(
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
            _p("Sozio-technische Gestaltung durch Organisation und Prozess."),
            (("christian-djeffal", SP),),
        ),
        S(
            "12:10",
            "13:15",
            "vortrag-und-thesen",
            "Quo Vadis OZG? Dresdner Forderungen für eine digitale Verwaltung der Zukunft",
            _p(
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
            _p(
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
            _p("Erfahrungen aus Bremen."),
            (("julia-schneider", SP), ("mariele-mueller", SP)),
            1,
        ),
        S(
            "11:50",
            "12:20",
            "impulsvortrag",
            "Nicht ohne uns!",
            _p("Nutzerorientierung in der resilienten und digitalen Verwaltung der Zukunft."),
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
    "topic": _p(
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
            _p(
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
            _p(
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
            _p(
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
            _p(
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


def _body_anfahrt() -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Stadthalle Neuss", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p(
                "Die Stadthalle liegt mit dem Dorint Hotel am Stadtpark in Neuss, Selikumer "
                "Straße 25, 41460 Neuss."
            ),
        },
        {"type": "heading", "value": {"text": "Mit Bus und Bahn", "level": "h3"}},
        {
            "type": "paragraph",
            "value": _p(
                "Vom Hauptbahnhof Neuss erreichen Sie die Stadthalle zu Fuß in etwa 15 Minuten "
                "oder mit den Buslinien in Richtung Stadtpark."
            ),
        },
        {"type": "heading", "value": {"text": "Mit dem Auto", "level": "h3"}},
        {
            "type": "paragraph",
            "value": _p(
                "Parkplätze stehen an der Stadthalle zur Verfügung. Bitte beachten Sie die "
                "Beschilderung „Stadthalle / Dorint Hotel“."
            ),
        },
        {
            "type": "callout",
            "value": {
                "title": "e-nrw 2020 findet online statt",
                "text": _p(
                    "Wegen der Einschränkungen des öffentlichen Lebens ab dem 02.11.2020 "
                    "findet der Kongress am 05.11.2020 als WebKongress statt. Eine Anreise "
                    "ist nicht nötig."
                ),
            },
        },
    ]


def _body_hygiene() -> list[dict]:
    return [
        {
            "type": "callout",
            "value": {
                "title": "Aktueller Hinweis",
                "text": _p(
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
            "value": _p(
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


def _body_impressum() -> list[dict]:
    return [
        {
            "type": "callout",
            "value": {
                "title": "Demo-Installation",
                "text": _p(
                    "Dieses Kongressportal ist eine Demo mit Beispieldaten. Die Angaben "
                    "unten sind Platzhalter."
                ),
            },
        },
        {"type": "heading", "value": {"text": "Angaben gemäß § 5 DDG", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p("Kongressportal Demo<br>Musterstraße 1<br>12345 Musterstadt"),
        },
        {"type": "heading", "value": {"text": "Kontakt", "level": "h2"}},
        {"type": "paragraph", "value": _p("E-Mail: kontakt@example.org")},
    ]


def _body_datenschutz() -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Verantwortliche Stelle", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p(
                "Verantwortlich für die Datenverarbeitung ist der im Impressum genannte Anbieter."
            ),
        },
        {"type": "heading", "value": {"text": "Welche Daten wir verarbeiten", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<ul><li>Server-Protokolle (IP-Adresse, Zeitpunkt, aufgerufene Seite) zum sicheren "
                "Betrieb, gelöscht nach 7 Tagen</li><li>ein technisch notwendiges Cookie für die "
                "Anmeldung</li><li>bei einer Anmeldung zum Kongress: Name, E-Mail-Adresse und "
                "Organisation</li></ul>"
            ),
        },
        {"type": "heading", "value": {"text": "Ihre Rechte", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p(
                "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
                "Verarbeitung und Widerspruch sowie das Recht, sich bei einer "
                "Datenschutz-Aufsichtsbehörde zu beschweren."
            ),
        },
    ]


def _body_barrierefreiheit() -> list[dict]:
    return [
        {
            "type": "paragraph",
            "value": _p(
                "Wir sind bemüht, dieses Kongressportal im Einklang mit der Barrierefreie-"
                "Informationstechnik-Verordnung (BITV 2.0) und den WCAG 2.1 auf Stufe AA "
                "barrierefrei zugänglich zu machen."
            ),
        },
        {"type": "heading", "value": {"text": "Stand der Vereinbarkeit", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p(
                "Die Seiten werden mit automatischen Prüfungen (axe-core) und manuell getestet. "
                "Mitschnitte und ältere PDF-Dokumente sind möglicherweise nicht vollständig "
                "barrierefrei."
            ),
        },
        {"type": "heading", "value": {"text": "Barriere melden", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p(
                'Schreiben Sie uns an <a href="mailto:barrierefreiheit@example.org">'
                "barrierefreiheit@example.org</a>; wir antworten innerhalb von zwei Wochen."
            ),
        },
        {"type": "heading", "value": {"text": "Schlichtungsverfahren", "level": "h2"}},
        {
            "type": "paragraph",
            "value": _p(
                "Bleibt Ihre Meldung ohne befriedigende Antwort, können Sie sich an die "
                "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz wenden."
            ),
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
        "page_intro": _p(
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
                "onsite_capacity": 600,
                "online_url": "https://www.e-nrw.info/",
                # 000: switched from the Stadthalle to a WebKongress three days before; the
                # switch itself is in demo/registration_data.py.
                "switched_online": True,
                # Stream and chat of every forum and of the main stage (invented addresses).
                "streams": True,
                "page_intro": _p(
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
                        "value": _p(
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
                        "body": _body_anfahrt(),
                    },
                    {
                        "slug": "hygienekonzept",
                        "title": "Hygienekonzept",
                        "intro": "Wie wir die Präsenzveranstaltung sicher machen wollten.",
                        "body": _body_hygiene(),
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
                "page_intro": _p(
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
        "page_intro": _p(
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
                "page_intro": _p(
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

STREAM_BASE_URL = "https://stream.example.org"
CHAT_BASE_URL = "https://chat.example.org"


def track_links(congress_slug: str, year: int, track: dict) -> tuple[str, str]:
    """Invented stream and chat addresses of a track, e.g.
    https://stream.example.org/e-nrw-2020/forum-3."""
    room = f"forum-{track['number']}" if track["number"] else track["slug"]
    path = f"{congress_slug}-{year}/{room}"
    return f"{STREAM_BASE_URL}/{path}", f"{CHAT_BASE_URL}/{path}"


SITE_CONTENT_PAGES = [
    {
        "slug": "impressum",
        "title": "Impressum",
        "intro": "",
        "body": _body_impressum(),
        "setting": "imprint_page",
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "intro": "Wie wir mit Ihren Daten umgehen.",
        "body": _body_datenschutz(),
        "setting": "privacy_page",
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "intro": "",
        "body": _body_barrierefreiheit(),
        "setting": "accessibility_page",
    },
]
