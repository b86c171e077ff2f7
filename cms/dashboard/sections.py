"""The dashboard's sections: the numbers of ``queries`` as a chart (``charts``) and its data
table each. A section is plain data for the template (``dashboard/_section.html``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from congress.models import Edition

from . import charts, queries


@dataclass(frozen=True)
class Table:
    """A data table: the first cell of each row is its header (``th scope="row"``)."""

    caption: str
    columns: list[str]
    rows: list[list]
    footer: list | None = None


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str
    chart: SafeString
    table: Table
    intro: str = ""
    extra: dict = field(default_factory=dict)


def _date(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else "–"


def _rows_section(slug, heading, rows, *, description, empty, intro="") -> Section:
    """A section of one count per row: a bar chart and a table with the share of each row."""
    total = sum(row.value for row in rows)
    bars = [charts.Bar(row.label, row.value) for row in rows]
    table_rows = [
        [row.label, row.value, f"{round(100 * row.value / total) if total else 0} %"]
        for row in rows
    ]
    return Section(
        slug=slug,
        heading=heading,
        intro=intro,
        chart=charts.bar_chart(
            chart_id=f"chart-{slug}", title=heading, description=description, bars=bars, empty=empty
        ),
        table=Table(
            caption=heading,
            columns=[_("Gruppe"), _("Anzahl"), _("Anteil")],
            rows=table_rows,
            footer=[_("Summe"), total, "100 %" if total else "0 %"],
        ),
    )


def _days_before(value: float) -> str:
    value = int(value)
    return str(value) if value <= 0 else f"+{value}"


def _filled(days: list[queries.DayCount], first: int, last: int):
    """(offset, count, total) for every offset from ``first`` to ``last``."""
    by_offset = {day.offset: day for day in days}
    total = 0
    for offset in range(first, last + 1):
        day = by_offset.get(offset)
        total = day.total if day else total
        yield offset, day.count if day else 0, total


def over_time_sections(edition: Edition, previous: Edition | None) -> list[Section]:
    """Registrations per day and cumulative, the previous edition beside them, aligned by days
    before the first congress day."""
    current = queries.registrations_per_day(edition)
    before = queries.registrations_per_day(previous) if previous else []
    offsets = [day.offset for day in current + before]
    first, last = (min(offsets), max(offsets)) if offsets else (0, 0)
    editions = [(edition, current)] + ([(previous, before)] if previous else [])
    compare = (
        _("Zum Vergleich %(previous)s, ausgerichtet an den Tagen vor Kongressbeginn.")
        % {"previous": previous.title}
        if previous
        else _("Keine frühere Ausgabe zum Vergleich.")
    )
    sections = []
    for slug, heading, index, y_label in (
        ("per-day", _("Anmeldungen pro Tag"), 1, _("Anmeldungen am Tag")),
        ("cumulative", _("Anmeldungen kumuliert"), 2, _("Anmeldungen insgesamt")),
    ):
        series = [
            charts.Series(ed.title, [(p[0], p[index]) for p in _filled(days, first, last)])
            for ed, days in editions
            if days
        ]
        chart = charts.line_chart(
            chart_id=f"chart-{slug}",
            title=heading,
            description=compare,
            series=series,
            x_label=_("Tage bis zum ersten Kongresstag (0 = erster Tag)"),
            y_label=y_label,
            empty=_("Noch keine Anmeldungen."),
            x_format=_days_before,
        )
        table = _over_time_table(heading, editions, column=y_label, cumulative=index == 2)
        sections.append(Section(slug, heading, chart, table, intro=compare))
    return sections


def _over_time_table(caption, editions, *, column: str, cumulative: bool) -> Table:
    """One row per day on which one of the editions received registrations: its date and its
    count (of the day, or the running total) for each edition."""
    by_offset = [({d.offset: d for d in days}, ed) for ed, days in editions]
    offsets = sorted({offset for by, _ed in by_offset for offset in by})
    columns = [_("Tage bis Beginn")]
    for ed, _days in editions:
        columns += [
            _("Datum %(edition)s") % {"edition": ed.title},
            f"{column} {ed.title}",
        ]
    rows = []
    totals = [0] * len(editions)
    for offset in offsets:
        row = [_days_before(offset)]
        for index, (by, ed) in enumerate(by_offset):
            day = by.get(offset)
            totals[index] = day.total if day else totals[index]
            value = totals[index] if cumulative else (day.count if day else 0)
            row += [_date(ed.start_date + dt.timedelta(days=offset)), value]
        rows.append(row)
    return Table(caption=caption, columns=columns, rows=rows)


def forum_section(edition: Edition) -> Section:
    rows = queries.forum_choices(edition)
    heading = _("Forenwahl und Raumkapazität")
    bars = [
        charts.Bar(
            row.label,
            row.value,
            limit=row.extra["capacity"],
            note=_("von %(capacity)s Plätzen") % {"capacity": row.extra["capacity"]}
            if row.extra["capacity"]
            else "",
        )
        for row in rows
    ]
    table_rows = [
        [
            row.label,
            row.extra["room"] or "–",
            row.extra["capacity"] if row.extra["capacity"] is not None else _("unbegrenzt"),
            row.value,
            f"{round(100 * row.value / row.extra['capacity'])} %" if row.extra["capacity"] else "–",
            row.extra["online"],
        ]
        for row in rows
    ]
    description = _(
        "Wahlen vor Ort je Forum als Balken; der senkrechte Strich markiert die Kapazität "
        "des Raums."
    )
    return Section(
        slug="forums",
        heading=heading,
        intro=description,
        chart=charts.bar_chart(
            chart_id="chart-forums",
            title=heading,
            description=description,
            bars=bars,
            empty=_("Diese Ausgabe hat keine Fachforen."),
        ),
        table=Table(
            caption=heading,
            columns=[
                _("Forum"),
                _("Raum"),
                _("Kapazität"),
                _("Wahlen vor Ort"),
                _("Auslastung"),
                _("Wahlen online"),
            ],
            rows=table_rows,
        ),
    )


def check_in_section(edition: Edition, now: dt.datetime | None = None) -> Section:
    """Admissions per place: today's on a congress day (the live view), else all of them."""
    day = queries.congress_day(edition, now)
    rows = queries.check_ins_per_room(edition, day)
    heading = _("Check-ins heute nach Raum") if day else _("Check-ins nach Raum")
    section = _rows_section(
        "checkins",
        heading,
        rows,
        description=_("Einlass am Eingang und in den Räumen."),
        empty=_("Noch keine Check-ins."),
    )
    return Section(
        section.slug,
        section.heading,
        section.chart,
        Table(
            caption=heading,
            columns=[_("Ort"), _("Check-ins"), _("Anteil")],
            rows=section.table.rows,
            footer=section.table.footer,
        ),
        extra={"live": day is not None, "day": day},
    )


def registration_sections(edition: Edition) -> list[Section]:
    groups = queries.registrations_by_group(edition)
    counted = _("Ohne stornierte, verfallene, abgelehnte und erstattete Anmeldungen.")
    return [
        _rows_section(
            "categories",
            _("Anmeldungen nach Ticketkategorie"),
            queries.registrations_by_category(edition),
            description=counted,
            intro=counted,
            empty=_("Keine Ticketkategorien."),
        ),
        _rows_section(
            "attendance",
            _("Teilnahme vor Ort und online"),
            groups["attendance"],
            description=counted,
            intro=f"{counted} {_seats(edition, groups['seats_taken'])}",
            empty=_("Noch keine Anmeldungen."),
        ),
        _rows_section(
            "states",
            _("Anmeldungen nach Status"),
            groups["state"],
            description=_("Alle Anmeldungen dieser Ausgabe nach ihrem Status."),
            empty=_("Noch keine Anmeldungen."),
        ),
        _rows_section(
            "organisations",
            _("Anmeldungen nach Art der Organisation"),
            groups["organisation"],
            description=counted,
            intro=_(
                "Bund, Land, Kommune und sonstige öffentliche Stellen nach der Angabe im "
                "Anmeldeformular; Wirtschaft: Tickets für Unternehmen, Partner und Aussteller; "
                "Sonstige: Presse, Mitwirkende und Anmeldungen ohne Angabe. "
            )
            + counted,
            empty=_("Noch keine Anmeldungen."),
        ),
    ]


def _seats(edition: Edition, taken: int) -> str:
    if edition.onsite_capacity is None:
        return _("Die Plätze vor Ort sind nicht begrenzt.")
    return _("Plätze vor Ort: %(taken)s von %(capacity)s belegt, %(free)s frei.") % {
        "taken": taken,
        "capacity": edition.onsite_capacity,
        "free": max(edition.onsite_capacity - taken, 0),
    }


def speaker_sections(edition: Edition) -> list[Section]:
    total, readiness = queries.speaker_readiness(edition)
    ready = _rows_section(
        "speakers-ready",
        _("Einwilligungen und Folien"),
        readiness,
        description=_("Mitwirkende mit Einwilligung oder hochgeladenen Folien."),
        intro=_("%(total)s Mitwirkende stehen im Programm dieser Ausgabe.") % {"total": total},
        empty=_("Noch keine Mitwirkenden."),
    )
    ready_table = Table(
        caption=ready.heading,
        columns=[_("Angabe"), _("Mitwirkende"), _("Anteil an allen Mitwirkenden")],
        rows=[
            [row.label, row.value, f"{round(100 * row.value / total) if total else 0} %"]
            for row in readiness
        ],
        footer=[_("Mitwirkende insgesamt"), total, ""],
    )
    return [
        _rows_section(
            "invitations",
            _("Einladungen nach Status"),
            queries.invitations_by_state(edition),
            description=_("Einladungen an Referierende und Moderierende dieser Ausgabe."),
            empty=_("Noch keine Einladungen."),
        ),
        Section(ready.slug, ready.heading, ready.chart, ready_table, ready.intro),
    ]
