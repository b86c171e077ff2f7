"""The audit log's writing side, in the spirit of pretix's ``LoggedModel.log_action``.

Every state-changing service calls :func:`log_action` (or :func:`log_actions` for many objects
at once) inside its transaction, so the entry commits with the change or not at all. Actions are
dotted names ("registration.cancelled"); each app declares its actions with German labels in a
``LogAction`` TextChoices in its enums.py and registers them (and the models whose history lives
in the log) in its wagtail_hooks.py with :func:`register_log_actions`. An unregistered action is
refused, so a typo cannot write an entry nobody can read.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.log_actions import registry

from .models import LogEntry, edition_id_of


def _user_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def log_action(
    obj: models.Model,
    action: str,
    *,
    actor=None,
    edition=None,
    data: dict | None = None,
    timestamp=None,
) -> LogEntry:
    """Write one audit entry for ``obj``: ``actor`` (an anonymous user or None is "system"),
    the ``edition`` (taken from ``obj`` when not given), JSON ``data``."""
    kwargs = {"user": _user_or_none(actor), "data": data or {}}
    if edition is not None:
        kwargs["edition_id"] = getattr(edition, "pk", edition)
    if timestamp is not None:
        kwargs["timestamp"] = timestamp
    return LogEntry.objects.log_action(obj, action, **kwargs)


def log_entry(obj, action: str, *, actor=None, data=None, timestamp=None, label=None) -> LogEntry:
    """An unsaved entry for :func:`log_actions` (bulk writes of many objects at once)."""
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        label=label or LogEntry.objects.get_instance_title(obj),
        edition_id=edition_id_of(obj),
        action=action,
        user=_user_or_none(actor),
        data=data or {},
        timestamp=timestamp or timezone.now(),
    )


def log_actions(entries: list[LogEntry], *, batch_size: int = 1000) -> list[LogEntry]:
    """Write many entries in a few INSERTs (a mode switch logs every registration it moves)."""
    for action in {entry.action for entry in entries}:
        if not registry.action_exists(action):
            raise ValueError(f"The log action {action!r} has not been registered.")
    return LogEntry.objects.bulk_create(entries, batch_size=batch_size)


def register_log_actions(actions, *, choices: type[models.TextChoices], models_=()) -> None:
    """Register an app's actions (a TextChoices of dotted names and labels) and the models whose
    history is kept in the audit log; call it from a ``register_log_actions`` Wagtail hook."""
    for value, label in choices.choices:
        actions.register_action(value, label, label)
    for model in models_:
        actions.register_model(model, LogEntry)
