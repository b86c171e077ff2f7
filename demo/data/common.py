"""Shapes shared by the data modules: sessions, roles, HTML paragraphs."""

from __future__ import annotations

from typing import NamedTuple


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


def para(text: str) -> str:
    return f"<p>{text}</p>"
