"""The parts of the programme import (programme/importing.py): the plan of an import and its
rows, what it reads from the database (``Context``, a fixed number of queries whatever the
number of rows) and the reading of each row's cells against the edition (``RowReader``), which
reports every bad cell with its row number and column."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Revision

from congress.models import Room

from . import import_columns as columns
from .enums import TrackKind
from .import_columns import MESSAGES, PEOPLE_COLUMNS
from .models import Person, Session, SessionType, Track
from .people_syntax import PeopleSyntaxError, PersonRef, name_key, parse_people

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
ACTION_LABELS = {
    NEW: gettext_lazy("neu"),
    CHANGED: gettext_lazy("geändert"),
    UNCHANGED: gettext_lazy("unverändert"),
}
SESSION_FIELDS = (
    "track_id",
    "session_type_id",
    "title",
    "abstract",
    "starts_at",
    "ends_at",
    "room_id",
)
FIELD_COLUMNS = {
    "track_id": "forum",
    "session_type_id": "format",
    "title": "title",
    "abstract": "abstract",
    "starts_at": "start",
    "ends_at": "end",
    "room_id": "room",
}
GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


class ImportRejected(ValueError):
    """The import was refused; ``plan`` holds the errors (nothing was written)."""

    def __init__(self, plan: ImportPlan):
        super().__init__(_("Die Datei enthält Fehler; es wurde nichts importiert."))
        self.plan = plan


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header as written in the file ("" for the whole row)
    message: str


@dataclass
class RowPlan:
    number: int
    cells: dict[str, str]
    key: str = ""
    action: str = NEW
    errors: list[CellError] = field(default_factory=list)
    session: Session | None = None  # the existing session (its current draft, if any)
    values: dict = field(default_factory=dict)  # SESSION_FIELDS as they will be
    people: dict[str, list] = field(default_factory=dict)  # role -> [person id or new key]
    changed_columns: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def title(self) -> str:
        return self.cells.get("title", "")


@dataclass
class ImportPlan:
    edition: object
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    new_people: dict[tuple, PersonRef] = field(default_factory=dict)
    slugs: dict[int, set[str]] = field(default_factory=dict)  # track id -> session slugs
    position_updates: dict[int, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.errors)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def digest(self) -> str:
        """What the preview promised, to compare at the confirmation."""
        return ",".join(f"{row.number}:{row.action}:{row.key}" for row in self.rows)


# --- what the plan reads from the database (a fixed number of queries) -------------------------


@dataclass
class Context:
    edition: object
    tracks: list[Track]
    types: list[SessionType]
    rooms: list[Room]
    sessions: list[Session]  # current state: the draft where there is one
    people: dict[str, list[dict]]  # name key -> people with that name
    slugs: dict[int, set[str]]  # track id -> session slugs
    person_names: dict[int, str]

    @classmethod
    def load(cls, edition) -> Context:
        tracks = list(Track.objects.filter(edition=edition).select_related("room"))
        rooms = list(Room.objects.filter(venue_id=edition.venue_id)) if edition.venue_id else []
        rows = list(
            Session.objects.filter(track__edition=edition)
            .select_related("track__room", "room", "session_type")
            .prefetch_related("speaker_links")
            .order_by("pk")
        )
        slugs: dict[int, set[str]] = defaultdict(set)
        for session in rows:
            slugs[session.track_id].add(session.slug)
        people: dict[str, list[dict]] = defaultdict(list)
        names = {}
        fields = ("pk", "academic_title", "first_name", "last_name", "position", "organisation")
        for person in Person.objects.values(*fields):
            full = " ".join(
                p
                for p in (person["academic_title"], person["first_name"], person["last_name"])
                if p
            )
            people[name_key(full)].append(person)
            names[person["pk"]] = full
        return cls(
            edition=edition,
            tracks=tracks,
            types=list(SessionType.objects.all()),
            rooms=rooms,
            sessions=current_states(rows, tracks, rooms),
            people=people,
            slugs=slugs,
            person_names=names,
        )


def current_states(rows: list[Session], tracks, rooms) -> list[Session]:
    """The sessions as editors last saved them: the latest revision of those with unpublished
    changes (one query for all), the row of the others."""
    pending = {s.latest_revision_id: s for s in rows if s.has_unpublished_changes}
    drafts = {}
    for revision in Revision.objects.filter(pk__in=[pk for pk in pending if pk]):
        row = pending[revision.pk]
        drafts[row.pk] = draft_of(row, revision.content)
    tracks_by_id = {t.pk: t for t in tracks}
    rooms_by_id = {r.pk: r for r in rooms}
    states = []
    for row in rows:
        state = drafts.get(row.pk, row)
        state.track = tracks_by_id.get(state.track_id, row.track)
        state.room = rooms_by_id.get(state.room_id) if state.room_id else None
        states.append(state)
    return states


def draft_of(row: Session, content: dict) -> Session:
    """``row.with_content_json(content)`` without its query per foreign key (modelcluster checks
    that each still exists); a dangling key only shows as a change or unknown room."""
    draft = Session.from_serializable_data(content, check_fks=False)
    draft.pk = row.pk
    for name in ("latest_revision_id", "live", "first_published_at", "sequence", "changed_at"):
        setattr(draft, name, getattr(row, name))
    draft.import_key = row.import_key
    draft.has_unpublished_changes = True
    return draft


def people_of(session: Session) -> dict[str, list[int]]:
    links = sorted(
        session.speaker_links.all(), key=lambda link: (link.sort_order or 0, link.pk or 0)
    )
    roles: dict[str, list[int]] = {role: [] for role in PEOPLE_COLUMNS.values()}
    for link in links:
        roles.setdefault(link.role, []).append(link.person_id)
    return roles


# --- resolving the cells of a row --------------------------------------------------------------


def _track_lookup(tracks: list[Track]) -> dict[str, list[Track]]:
    lookup: dict[str, list[Track]] = defaultdict(list)
    for track in tracks:
        names = {track.title, track.slug, str(track.label)}
        if track.number:
            names |= {str(track.number), f"Forum {track.number}", f"Fachforum {track.number}"}
        if track.kind == TrackKind.MAIN_STAGE:
            names |= {"Hauptbühne", "Main stage", "Plenum"}
        for name in names:
            if track not in lookup[name.casefold()]:
                lookup[name.casefold()].append(track)
    return lookup


def _known(names) -> str:
    names = sorted({str(n) for n in names})
    return ", ".join(names[:15]) + (" …" if len(names) > 15 else "")


class RowReader:
    """Resolves the cells of rows against the edition (Context), reporting cell errors."""

    def __init__(self, context: Context, plan: ImportPlan):
        self.context = context
        self.plan = plan
        self.tracks = _track_lookup(context.tracks)
        self.types = {}
        for session_type in context.types:
            self.types[session_type.name.casefold()] = session_type
            self.types[session_type.slug.casefold()] = session_type
        self.rooms = {room.name.casefold(): room for room in context.rooms}
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def error(self, row: RowPlan, fieldname: str, message: str) -> None:
        row.errors.append(CellError(row.number, self.plan.headers.get(fieldname, ""), message))

    def read(self, row: RowPlan) -> None:
        cells = row.cells
        track = self.read_forum(row, cells.get("forum", ""))
        session_type = self.read_format(row, cells.get("format", ""))
        title = cells.get("title", "").strip()
        if not title:
            self.error(row, "title", str(MESSAGES["missing_title"]))
        elif len(title) > 300:
            self.error(row, "title", str(MESSAGES["title_too_long"]))
        starts_at, ends_at = self.read_times(row)
        room = self.read_room(row, cells.get("room", "").strip(), track)
        row.values = {
            "track_id": track.pk if track else None,
            "session_type_id": session_type.pk if session_type else None,
            "title": title,
            "abstract": cells.get("abstract", ""),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "room_id": room.pk if room else None,
        }
        self.read_people(row, session_type)

    def read_forum(self, row, text):
        text = text.strip()
        found = self.tracks.get(text.casefold(), [])
        if not found and text.lower().startswith(("forum ", "fachforum ")):
            number = text.split(" ", 1)[1].split(":", 1)[0].strip()
            found = self.tracks.get(number.casefold(), [])
        if len(found) == 1:
            return found[0]
        key = "ambiguous_forum" if found else "unknown_forum"
        known = _known(t.title for t in self.context.tracks)
        self.error(row, "forum", str(MESSAGES[key]) % {"value": text, "known": known})
        return None

    def read_format(self, row, text):
        found = self.types.get(text.strip().casefold())
        if found is None:
            known = _known(t.name for t in self.context.types)
            self.error(
                row, "format", str(MESSAGES["unknown_format"]) % {"value": text, "known": known}
            )
        return found

    def read_times(self, row):
        edition = self.context.edition
        text = row.cells.get("date", "")
        day = columns.parse_date(text)
        if day is None:
            self.error(row, "date", str(MESSAGES["bad_date"]) % {"value": text})
        elif not edition.start_date <= day <= edition.end_date:
            self.error(
                row,
                "date",
                str(MESSAGES["outside_edition"])
                % {
                    "value": day.strftime("%d.%m.%Y"),
                    "start": edition.start_date.strftime("%d.%m.%Y"),
                    "end": edition.end_date.strftime("%d.%m.%Y"),
                },
            )
            day = None
        times = []
        for name in ("start", "end"):
            value = columns.parse_time(row.cells.get(name, ""))
            if value is None:
                self.error(
                    row, name, str(MESSAGES["bad_time"]) % {"value": row.cells.get(name, "")}
                )
            times.append(value)
        start, end = times
        if start and end and end <= start:
            message = str(MESSAGES["end_before_start"]) % {
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
            }
            self.error(row, "end", message)
            return None, None
        if day is None or start is None or end is None:
            return None, None
        return (
            dt.datetime.combine(day, start, tzinfo=self.tz),
            dt.datetime.combine(day, end, tzinfo=self.tz),
        )

    def read_room(self, row, text, track):
        if not text:
            return None
        if not self.context.edition.venue_id:
            self.error(row, "room", str(MESSAGES["no_venue"]))
            return None
        room = self.rooms.get(text.casefold())
        if room is None:
            known = _known(r.name for r in self.context.rooms)
            self.error(row, "room", str(MESSAGES["unknown_room"]) % {"value": text, "known": known})
            return None
        if track is not None and room.pk == track.room_id:
            return None  # the forum's own room: the session keeps following it
        return room

    def read_people(self, row: RowPlan, session_type) -> None:
        seen = set()
        for fieldname, role in PEOPLE_COLUMNS.items():
            text = row.cells.get(fieldname, "").strip()
            row.people[role] = []
            if not text:
                continue
            if session_type is not None and session_type.is_break:
                self.error(row, fieldname, str(MESSAGES["break_with_people"]))
                continue
            try:
                refs = parse_people(text)
            except PeopleSyntaxError:
                self.error(row, fieldname, str(MESSAGES["people_syntax"]))
                continue
            for ref in refs:
                identity = self.person(row, fieldname, ref)
                if identity is None:
                    continue
                if identity in seen:
                    self.error(
                        row, fieldname, str(MESSAGES["same_person_twice"]) % {"value": ref.name}
                    )
                    continue
                seen.add(identity)
                row.people[role].append(identity)

    def person(self, row, fieldname, ref: PersonRef):
        """The id of the person ``ref`` names, or a key ("new", name, organisation) for one to
        create; None (with an error) when the name is ambiguous."""
        candidates = self.context.people.get(ref.key, [])
        found = None
        if ref.organisation:
            for position, organisation in ((ref.position, ref.organisation), *ref.alternatives):
                matches = [p for p in candidates if _same(p["organisation"], organisation)]
                if matches:
                    found = matches[0]
                    ref = PersonRef(ref.name, position, organisation)
                    break
        elif len(candidates) == 1:
            found = candidates[0]
        elif len(candidates) > 1:
            self.error(row, fieldname, str(MESSAGES["ambiguous_person"]) % {"value": ref.name})
            return None
        if found is not None:
            if ref.position and ref.position != found["position"]:
                self.plan.position_updates[found["pk"]] = ref.position
                row.changed_columns.append(self.plan.headers.get(fieldname, ""))
            return found["pk"]
        identity = ("new", ref.key, ref.organisation.casefold())
        self.plan.new_people.setdefault(identity, ref)
        return identity


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
