"""The columns of a programme spreadsheet (import and export) and the reading of their values.

German headers first, English ones accepted; letter case, spaces and the order of columns do not
matter, columns the import does not know are ignored. Required: Forum, Datum, Beginn, Ende,
Titel, Format. "Schlüssel" (key) identifies a session across export and re-import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import SpeakerRole


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # German, as the export writes it
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS = (
    Column("key", "Schlüssel", ("schluessel", "key", "id", "kennung")),
    Column("forum", "Forum", ("track", "fachforum", "forum/bühne"), required=True),
    Column("date", "Datum", ("date", "tag", "day"), required=True),
    Column("start", "Beginn", ("start", "begin", "von", "from", "start time"), required=True),
    Column("end", "Ende", ("end", "bis", "to", "end time"), required=True),
    Column("title", "Titel", ("title", "thema"), required=True),
    Column("format", "Format", ("session type", "type", "sitzungsformat", "art"), required=True),
    Column("abstract", "Abstract", ("beschreibung", "description", "kurzbeschreibung")),
    Column(
        "speakers",
        "Referierende",
        ("speakers", "speaker", "referenten", "referent/innen", "referent:innen", "vortragende"),
    ),
    Column("moderators", "Moderation", ("moderator", "moderators", "moderation", "chair")),
    Column("panel", "Podium", ("panel", "panelists", "podiumsgäste", "diskutierende")),
    Column("room", "Raum", ("room", "ort", "saal")),
)
PEOPLE_COLUMNS = {
    "speakers": SpeakerRole.SPEAKER,
    "moderators": SpeakerRole.MODERATOR,
    "panel": SpeakerRole.PANELIST,
}
HEADERS = [column.header for column in COLUMNS]


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


ALIASES = {_norm(name): column for column in COLUMNS for name in (column.header, *column.aliases)}


def map_headers(headers: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """(field -> column index, field -> the header as written, missing required headers)."""
    index, written = {}, {}
    for position, header in enumerate(headers):
        column = ALIASES.get(_norm(header))
        if column is not None and column.field not in index:
            index[column.field] = position
            written[column.field] = header.strip()
    missing = [c.header for c in COLUMNS if c.required and c.field not in index]
    return index, written, missing


DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")
TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?(?:\s*Uhr)?$", re.IGNORECASE)


def parse_date(text: str) -> dt.date | None:
    text = text.strip().split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_time(text: str) -> dt.time | None:
    text = text.strip()
    if " " in text and not text.lower().endswith("uhr"):
        text = text.rsplit(" ", 1)[1]  # "05.11.2020 09:30" from a date-time cell
    match = TIME_RE.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(text: str) -> str:
    """Undo the export's formula neutralisation (a quote before "=", "+", "-", "@")."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


MESSAGES = {
    "missing_title": _("Der Titel fehlt."),
    "title_too_long": _("Der Titel ist zu lang (höchstens 300 Zeichen)."),
    "unknown_forum": _("Unbekanntes Forum „%(value)s“. Bekannt sind: %(known)s."),
    "ambiguous_forum": _("„%(value)s“ passt auf mehrere Foren; bitte den genauen Titel angeben."),
    "unknown_format": _("Unbekanntes Format „%(value)s“. Bekannt sind: %(known)s."),
    "bad_date": _("„%(value)s“ ist kein Datum (TT.MM.JJJJ)."),
    "outside_edition": _("Der %(value)s liegt nicht an den Kongresstagen (%(start)s bis %(end)s)."),
    "bad_time": _("„%(value)s“ ist keine Uhrzeit (HH:MM)."),
    "end_before_start": _("Das Ende (%(end)s) muss nach dem Beginn (%(start)s) liegen."),
    "unknown_room": _("Unbekannter Raum „%(value)s“. Bekannt sind: %(known)s."),
    "no_venue": _("Die Ausgabe hat keinen Veranstaltungsort; bitte den Raum leer lassen."),
    "duplicate_key": _(
        "Der Schlüssel „%(value)s“ steht mehrfach in der Datei (auch Zeile %(other)s)."
    ),
    "key_too_long": _("Der Schlüssel ist zu lang (höchstens 64 Zeichen)."),
    "people_syntax": _(
        "Die Personen sind nicht lesbar: Klammern prüfen. Form: „Dr. Ada Muster (Leiterin, "
        "Stadt Neuss); Łukasz Nowak (CIO | Land NRW)“."
    ),
    "ambiguous_person": _(
        "„%(value)s“ gibt es mehrmals; bitte die Organisation in Klammern angeben."
    ),
    "break_with_people": _("Eine Pause hat keine Mitwirkenden."),
    "same_person_twice": _("„%(value)s“ steht mehrfach bei diesem Programmpunkt."),
}
