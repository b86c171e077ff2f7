"""Shared by the demo's builders: the summary of a run, idempotent upserts, dates, slugs.

Every builder is idempotent: objects are looked up by their natural keys (slugs, names, the page
tree) and only created or changed when they differ from the data, so a second run creates no
objects, revisions or pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import slugify
from wagtail.models import Site

from cms.models import HomePage
from congress.models import Edition

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


class DemoError(RuntimeError):
    """The demo data is inconsistent (for example it would double-book a room or a person)."""


def german_slug(text: str, max_length: int = 120) -> str:
    """``slugify`` that writes umlauts as ae/oe/ue/ss instead of dropping them."""
    return slugify(text.translate(GERMAN_TRANSLITERATION))[:max_length].strip("-")


def local_datetime(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(
        day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive local time of the data as an aware datetime in the project's time zone."""
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@dataclass
class Summary:
    """What a run created, changed or left alone, per kind of object."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    editions: list[Edition] = field(default_factory=list)
    site: Site | None = None
    home: HomePage | None = None

    def record(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1
        else:
            self.unchanged[kind] += 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{kind}: {self.created[kind]} neu, {self.updated[kind]} geändert, "
            f"{self.unchanged[kind]} unverändert"
            for kind in kinds
        ]


@contextlib.contextmanager
def quiet_logs():
    """Wagtail logs every revision and publication, django-tasks every (immediate) task at INFO;
    keep the command's output short."""
    loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks")]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)


def assign(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; True if any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert(model, lookup: dict, values: dict, summary: Summary, kind: str):
    """``update_or_create`` that saves only when something differs."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup, **values)
        obj.save()
        changed = True
    else:
        changed = assign(obj, values)
        if changed:
            obj.save()
    summary.record(kind, created, changed)
    return obj
