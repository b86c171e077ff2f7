"""Programme import: a spreadsheet's rows checked against an edition (``plan_import``, nothing
written) and imported as drafts (``import_programme``, all or nothing).

Each row is a session, matched to an existing one of the edition by its key ("Schlüssel",
written by the export), else, for a row without a key, by forum and title; otherwise it is new
(and gets the row's key or a new one). The plan says per row "neu", "geändert" or "unverändert"
and lists every error with its row number and column: unknown forum, format or room, bad date or
time, an end before the start, a missing title, a key twice in the file, unreadable people, and,
over the programme as it would be after the import (the rows and the edition's other sessions),
rooms double-booked and people in two places at once. People are matched by name and
organisation (programme/people_syntax.py) and created when new.

New and changed sessions are saved as Wagtail draft revisions (new sessions are not live);
publishing stays with the editors and its conflict check (programme/services.py). Column
syntax: programme/import_columns.py; the parts of the plan: programme/import_rows.py.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backends
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.models import Revision
from wagtail.tasks import update_reference_index_task

from congress.audit import log_action, log_actions, log_entry

from .enums import LogAction, SessionStatus
from .import_columns import HEADERS, MESSAGES, PEOPLE_COLUMNS, map_headers, unneutralise
from .import_rows import (
    CHANGED,
    FIELD_COLUMNS,
    NEW,
    SESSION_FIELDS,
    UNCHANGED,
    CellError,
    Context,
    ImportPlan,
    ImportRejected,
    RowPlan,
    RowReader,
    people_of,
)
from .models import RICH_TEXT_FEATURES, Person, Session, SessionSpeaker, Track, new_import_key
from .people_syntax import split_name
from .services import Slot, find_conflicts, person_calendar_state, record_person_change

__all__ = ["ImportRejected", "import_programme", "plan_import"]

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def plan_import(*, edition, headers: list[str], rows: list[list[str]]) -> ImportPlan:
    """What importing ``rows`` (under ``headers``) into ``edition`` would do; writes nothing."""
    plan = ImportPlan(edition=edition)
    index, written, missing = map_headers(headers)
    if missing:
        plan.file_errors.append(
            _(
                "Es fehlen Spalten: %(columns)s. Erwartet werden (in beliebiger Reihenfolge): "
                "%(expected)s."
            )
            % {"columns": ", ".join(missing), "expected": ", ".join(HEADERS)}
        )
        return plan
    if not rows:
        plan.file_errors.append(_("Die Tabelle enthält keine Programmpunkte."))
        return plan
    plan.headers = written
    context = Context.load(edition)
    reader = RowReader(context, plan)
    for number, cells in enumerate(rows, start=2):
        values = {name: unneutralise(cells[i]).strip() for name, i in index.items()}
        row = RowPlan(number=number, cells=values, key=values.get("key", ""))
        reader.read(row)
        plan.rows.append(row)
    _match_sessions(plan, context, reader)
    plan.slugs = context.slugs
    for row in plan.rows:
        if not row.errors:
            _compare(row, plan.headers)
    _check_conflicts(plan, context, reader)
    return plan


def _match_sessions(plan: ImportPlan, context: Context, reader: RowReader) -> None:
    """Each row's existing session: by key, else (rows without one) by forum and title."""
    by_key = {session.import_key: session for session in context.sessions}
    by_title = defaultdict(list)
    for session in context.sessions:
        by_title[(session.track_id, session.title.casefold())].append(session)
    taken, seen = set(), {}
    for row in plan.rows:
        if not row.key:
            continue
        if len(row.key) > 64:
            reader.error(row, "key", str(MESSAGES["key_too_long"]))
        elif row.key in seen:
            message = MESSAGES["duplicate_key"] % {"value": row.key, "other": seen[row.key]}
            reader.error(row, "key", str(message))
        else:
            seen[row.key] = row.number
            row.session = by_key.get(row.key)
            if row.session is not None:
                taken.add(row.session.pk)
    for row in plan.rows:
        if row.key:
            continue
        candidates = [
            s
            for s in by_title.get((row.values.get("track_id"), row.title.casefold()), [])
            if s.pk not in taken
        ]
        if len(candidates) == 1:
            row.session = candidates[0]
            row.key = row.session.import_key
            taken.add(row.session.pk)


def rich_text(cell: str, current: str | None = None) -> str:
    """The abstract to store: unchanged text as it is, HTML through Wagtail's whitelist (no
    scripts or foreign attributes), plain text as paragraphs."""
    if current is not None and cell == current:
        return current
    if not cell:
        return ""
    if cell.lstrip().startswith("<"):
        return EditorHTMLConverter(features=RICH_TEXT_FEATURES).to_database_format(cell)
    paragraphs = [p.strip() for p in cell.replace("\r", "").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def _room_of(values: dict, track) -> int | None:
    room_id = values["room_id"]
    return None if room_id == track.room_id else room_id


def _compare(row: RowPlan, headers: dict[str, str]) -> None:
    session = row.session
    row.values["abstract"] = rich_text(row.values["abstract"], session and session.abstract)
    if session is None:
        row.action = NEW
        return
    current = {name: getattr(session, name) for name in SESSION_FIELDS}
    current["room_id"] = _room_of(current, session.track)
    changed = [name for name in SESSION_FIELDS if current[name] != row.values[name]]
    columns = [headers.get(FIELD_COLUMNS[name], "") for name in changed]
    current_people = people_of(session)
    for fieldname, role in PEOPLE_COLUMNS.items():
        if current_people.get(role, []) != row.people.get(role, []):
            columns.append(headers.get(fieldname, ""))
    row.changed_columns = [c for c in dict.fromkeys(columns + row.changed_columns) if c]
    row.action = CHANGED if (changed or columns or row.changed_columns) else UNCHANGED


def _check_conflicts(plan: ImportPlan, context: Context, reader: RowReader) -> None:
    """Rooms and people double-booked in the programme as it would be after the import."""
    tracks = {track.pk: track for track in context.tracks}
    rooms = {room.pk: room for room in context.rooms}
    slots, rows_by_slot = [], {}
    matched = set()
    for row in plan.rows:
        if row.session is not None:
            matched.add(row.session.pk)
        if row.errors or row.values.get("track_id") is None:
            continue
        if row.session is not None and row.session.status == SessionStatus.CANCELLED:
            continue
        track = tracks[row.values["track_id"]]
        room = rooms.get(row.values["room_id"]) or track.room
        people = {}
        for role_people in row.people.values():
            for identity in role_people:
                people[identity] = _person_name(identity, plan, context)
        slot_id = f"row-{row.number}"
        rows_by_slot[slot_id] = row
        slots.append(
            Slot(
                slot_id,
                track.pk,
                row.title,
                row.values["starts_at"],
                row.values["ends_at"],
                room.pk if room else None,
                room.name if room else "",
                people,
            )
        )
    for session in context.sessions:
        if session.pk in matched or session.status == SessionStatus.CANCELLED:
            continue
        room = session.room or (session.track.room if session.track else None)
        people = {
            link.person_id: context.person_names.get(link.person_id, "")
            for link in session.speaker_links.all()
        }
        slots.append(
            Slot(
                session.pk,
                session.track_id,
                session.title,
                session.starts_at,
                session.ends_at,
                room.pk if room else None,
                room.name if room else "",
                people,
            )
        )
    for conflict in find_conflicts(slots):
        for slot in (conflict.first, conflict.second):
            row = rows_by_slot.get(slot.session_id)
            if row is not None:
                reader.error(row, _conflict_column(conflict, slot, row), conflict.message)


def _conflict_column(conflict, slot, row: RowPlan) -> str:
    if conflict.kind == "room":
        return "room" if "room" in row.cells else "forum"
    for fieldname, role in PEOPLE_COLUMNS.items():
        for identity in row.people.get(role, []):
            if slot.people.get(identity) == conflict.resource:
                return fieldname
    return "speakers"


def _person_name(identity, plan: ImportPlan, context: Context) -> str:
    if isinstance(identity, tuple):
        return plan.new_people[identity].name
    return context.person_names.get(identity, "")


# --- writing -----------------------------------------------------------------------------------


def import_programme(
    *, edition, headers: list[str], rows: list[list[str]], user, expected: str | None = None
) -> ImportPlan:
    """Import the rows as drafts, all or nothing: raises ImportRejected (nothing written) when
    the plan has errors or differs from the previewed one (``expected``, its digest)."""
    with transaction.atomic():
        plan = plan_import(edition=edition, headers=headers, rows=rows)
        if not plan.has_errors and expected is not None and plan.digest != expected:
            plan.file_errors.append(
                _(
                    "Das Programm hat sich seit der Vorschau geändert. Bitte prüfen Sie die neue "
                    "Vorschau und bestätigen Sie erneut."
                )
            )
        if plan.has_errors:
            raise ImportRejected(plan)
        people = _create_people(plan)
        _update_positions(plan)
        tracks = {track.pk: track for track in Track.objects.filter(edition=edition)}
        new_rows = [row for row in plan.rows if row.action == NEW]
        _create_drafts(new_rows, people, plan.slugs, tracks, user)
        _change_drafts([row for row in plan.rows if row.action == CHANGED], people, user)
        log_action(
            edition,
            LogAction.PROGRAMME_IMPORTED,
            actor=user,
            edition=edition,
            data={
                "new": plan.count(NEW),
                "changed": plan.count(CHANGED),
                "unchanged": plan.count(UNCHANGED),
            },
        )
    return plan


def _unique_slug(text: str, taken: set[str], fallback: str, max_length: int = 120) -> str:
    """A slug of ``text`` not in ``taken`` (and added to it); ``fallback`` for text without Latin
    letters (Greek or Cyrillic names)."""
    base = slugify(text.translate(GERMAN_TRANSLITERATION))[: max_length - 4].strip("-")
    base = base or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _create_people(plan: ImportPlan) -> dict:
    """The people new to the programme, in one INSERT, and indexed for the admin search."""
    if not plan.new_people:
        return {}
    slugs = set(Person.objects.values_list("slug", flat=True))
    created = {}
    for identity, ref in plan.new_people.items():
        title, first, last = split_name(ref.name)
        created[identity] = Person(
            academic_title=title[:50],
            first_name=first[:100],
            last_name=last[:100],
            position=ref.position[:300],
            organisation=ref.organisation[:300],
            slug=_unique_slug(f"{first} {last}", slugs, "person"),
        )
    Person.objects.bulk_create(created.values())
    _index(Person, list(created.values()))
    return {identity: person.pk for identity, person in created.items()}


def _index(model, objects: list) -> None:
    """What the post_save signals would do for rows written in bulk: the search index now, the
    reference index in the background (Wagtail's task)."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    meta = model._meta
    for obj in objects:
        update_reference_index_task.enqueue(meta.app_label, meta.model_name, str(obj.pk))


def _update_positions(plan: ImportPlan) -> None:
    for person in Person.objects.filter(pk__in=plan.position_updates):
        previous = person_calendar_state(person)
        person.position = plan.position_updates[person.pk][:300]
        person.save(update_fields=["position"])
        record_person_change(person=person, previous=previous)


def _links(row: RowPlan, people: dict) -> list[SessionSpeaker]:
    links = []
    for role in PEOPLE_COLUMNS.values():
        for identity in row.people.get(role, []):
            person_id = people[identity] if isinstance(identity, tuple) else identity
            links.append(SessionSpeaker(person_id=person_id, role=role, sort_order=len(links)))
    return links


def _create_drafts(rows: list[RowPlan], people: dict, slugs: dict, tracks: dict, user) -> None:
    """New sessions as drafts (not live, one revision each), written in bulk: the same rows as
    ``save()`` and ``save_revision()`` one by one, in a few queries."""
    if not rows:
        return
    sessions = []
    for row in rows:
        track = tracks[row.values["track_id"]]
        session = Session(
            track=track,
            live=False,
            has_unpublished_changes=True,
            import_key=row.key or new_import_key(),
            slug=_unique_slug(row.title, slugs.setdefault(track.pk, set()), "programmpunkt"),
            **{name: row.values[name] for name in SESSION_FIELDS if name != "track_id"},
        )
        session.speaker_links = _links(row, people)
        sessions.append(session)
    Session.objects.bulk_create(sessions)
    links = []
    for session in sessions:
        for link in session.speaker_links.all():
            link.session_id = session.pk
            links.append(link)
    SessionSpeaker.objects.bulk_create(links)
    _save_revisions(sessions, user, "wagtail.create")


def _save_revisions(sessions: list[Session], user, action: str) -> None:
    """A draft revision of each session as it is in memory, as ``save_revision()`` would save
    it (the row's latest revision and unpublished changes, the log), in a few queries."""
    content_type = ContentType.objects.get_for_model(Session)
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(session.pk),
            user=user,
            content=session.serializable_data(),
            object_str=str(session),
            created_at=now,
        )
        for session in sessions
    )
    for session, revision in zip(sessions, revisions, strict=True):
        session.latest_revision = revision
        session.has_unpublished_changes = True
    fields = ["latest_revision", "has_unpublished_changes"]
    Session.objects.bulk_update(sessions, fields, batch_size=500)
    _index(Session, sessions)
    log_actions([log_entry(s, action, actor=user) for s in sessions])


def _change_drafts(rows: list[RowPlan], people: dict, user) -> None:
    """A new draft revision of each changed session. Wagtail keeps the draft of a session that
    is not live in its row too: those rows and their people are written as well."""
    if not rows:
        return
    sessions = []
    for row in rows:
        session = row.session
        for name in SESSION_FIELDS:
            setattr(session, name, row.values[name])
        session.speaker_links = _links(row, people)
        sessions.append(session)
    unpublished = [session for session in sessions if not session.live]
    if unpublished:
        fields = [name for name in SESSION_FIELDS if name != "track_id"] + ["track"]
        Session.objects.bulk_update(unpublished, fields, batch_size=500)
        SessionSpeaker.objects.filter(session__in=unpublished).delete()
        links = []
        for session in unpublished:
            for link in session.speaker_links.all():
                link.session_id = session.pk
                links.append(link)
        SessionSpeaker.objects.bulk_create(links)
    _save_revisions(sessions, user, "wagtail.edit")


def error_lines(plan: ImportPlan) -> list[CellError]:
    return sorted(plan.errors, key=lambda e: (e.row, e.column))
