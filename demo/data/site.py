"""The site, its users, the session formats and the site-wide pages (imprint, privacy,
accessibility)."""

from __future__ import annotations

from .common import para

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
# A forum lead (Forumsleitung) of the first forum of e-nrw 2020: edits its sessions, submits them
# to the organisers' approval and sees how many chose the forum. Same password as the admin.
FORUM_LEAD_USERNAME = "forumsleitung"
FORUM_LEAD_EMAIL = "forumsleitung@example.org"
FORUM_LEAD_FORUM = 1
FORUM_LEAD_EDITION = ("e-nrw", 2020)

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


def body_impressum() -> list[dict]:
    return [
        {
            "type": "callout",
            "value": {
                "title": "Demo-Installation",
                "text": para(
                    "Dieses Kongressportal ist eine Demo mit Beispieldaten. Die Angaben "
                    "unten sind Platzhalter."
                ),
            },
        },
        {"type": "heading", "value": {"text": "Angaben gemäß § 5 DDG", "level": "h2"}},
        {
            "type": "paragraph",
            "value": para("Kongressportal Demo<br>Musterstraße 1<br>12345 Musterstadt"),
        },
        {"type": "heading", "value": {"text": "Kontakt", "level": "h2"}},
        {"type": "paragraph", "value": para("E-Mail: kontakt@example.org")},
    ]


def body_datenschutz() -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Verantwortliche Stelle", "level": "h2"}},
        {
            "type": "paragraph",
            "value": para(
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
            "value": para(
                "Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
                "Verarbeitung und Widerspruch sowie das Recht, sich bei einer "
                "Datenschutz-Aufsichtsbehörde zu beschweren."
            ),
        },
    ]


def body_barrierefreiheit() -> list[dict]:
    return [
        {
            "type": "paragraph",
            "value": para(
                "Wir sind bemüht, dieses Kongressportal im Einklang mit der Barrierefreie-"
                "Informationstechnik-Verordnung (BITV 2.0) und den WCAG 2.1 auf Stufe AA "
                "barrierefrei zugänglich zu machen."
            ),
        },
        {"type": "heading", "value": {"text": "Stand der Vereinbarkeit", "level": "h2"}},
        {
            "type": "paragraph",
            "value": para(
                "Die Seiten werden mit automatischen Prüfungen (axe-core) und manuell getestet. "
                "Mitschnitte und ältere PDF-Dokumente sind möglicherweise nicht vollständig "
                "barrierefrei."
            ),
        },
        {"type": "heading", "value": {"text": "Barriere melden", "level": "h2"}},
        {
            "type": "paragraph",
            "value": para(
                'Schreiben Sie uns an <a href="mailto:barrierefreiheit@example.org">'
                "barrierefreiheit@example.org</a>; wir antworten innerhalb von zwei Wochen."
            ),
        },
        {"type": "heading", "value": {"text": "Schlichtungsverfahren", "level": "h2"}},
        {
            "type": "paragraph",
            "value": para(
                "Bleibt Ihre Meldung ohne befriedigende Antwort, können Sie sich an die "
                "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz wenden."
            ),
        },
    ]


SITE_CONTENT_PAGES = [
    {
        "slug": "impressum",
        "title": "Impressum",
        "intro": "",
        "body": body_impressum(),
        "setting": "imprint_page",
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "intro": "Wie wir mit Ihren Daten umgehen.",
        "body": body_datenschutz(),
        "setting": "privacy_page",
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "intro": "",
        "body": body_barrierefreiheit(),
        "setting": "accessibility_page",
    },
]
