"""The people of a programme cell ("Referierende", "Moderation", "Podium") as text and back.

Syntax: people separated by ";" (or line breaks); each is a name with an optional academic
title, followed by function and organisation in parentheses::

    Dr. Ada Muster (Leiterin | Stadt Neuss); Łukasz Nowak (CIO, Land NRW); Ελένη Παππά

Inside the parentheses "Funktion | Organisation" is always unambiguous; "Funktion, Organisation"
is accepted as well (with several commas the import takes the split that matches a known person,
otherwise the last comma). One part without a separator is the organisation; "Funktion | " the
function alone. Parentheses may nest: "Beuß (CIO (im Ruhestand) | Land NRW)". The export writes
", " when neither part contains a comma, else " | ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_RE = re.compile(
    r"^((?:(?:(?:Prof|Dr|Dipl|Hon|Jun|apl|h\.\s?c|mult|rer|nat|med|phil|jur|pol|oec|habil|Ing)"
    r"\b[\w.-]*\.|PD)\s+)+)"
)
NAME_PARTICLES = {"von", "vom", "van", "de", "der", "den", "zu", "zur", "dos", "da", "di", "le"}


@dataclass(frozen=True)
class PersonRef:
    """One person as written in a cell."""

    name: str  # with the academic title, spaces normalised
    position: str = ""
    organisation: str = ""
    # Other readings of "Funktion, Organisation" with several commas (position, organisation).
    alternatives: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return name_key(self.name)


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def split_name(name: str) -> tuple[str, str, str]:
    """(academic title, first name, last name) of a new person; the last name takes particles
    such as "von" or "van der" before it."""
    name = " ".join(name.split())
    title = ""
    match = TITLE_RE.match(name + " ")
    if match and match.end() < len(name) + 1:
        title = match.group(1).strip()
        name = name[len(match.group(1)) :].strip() if len(match.group(1)) <= len(name) else ""
    parts = name.split(" ")
    if len(parts) == 1:
        return title, "", parts[0]
    cut = len(parts) - 1
    while cut > 1 and parts[cut - 1].casefold() in NAME_PARTICLES:
        cut -= 1
    return title, " ".join(parts[:cut]), " ".join(parts[cut:])


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _details(inner: str) -> tuple[str, str, tuple]:
    if "|" in inner:
        position, _, organisation = inner.partition("|")
        return position.strip(), organisation.strip(), ()
    parts = _split_top_level(inner, ",")
    if len(parts) == 1:
        return "", inner.strip(), ()
    splits = [
        (",".join(parts[:i]).strip(), ",".join(parts[i:]).strip()) for i in range(1, len(parts))
    ]
    position, organisation = splits[-1]
    return position, organisation, tuple(splits[:-1])


class PeopleSyntaxError(ValueError):
    pass


def parse_people(cell: str) -> list[PersonRef]:
    """The people of a cell in order; raises PeopleSyntaxError for unbalanced parentheses."""
    text = cell.replace("\r", "").replace("\n", ";")
    if text.count("(") != text.count(")"):
        raise PeopleSyntaxError(cell)
    people = []
    for entry in _split_top_level(text, ";"):
        entry = entry.strip()
        if not entry:
            continue
        position = organisation = ""
        alternatives: tuple = ()
        if entry.endswith(")"):
            depth = 0
            for index in range(len(entry) - 1, -1, -1):
                depth += {")": 1, "(": -1}.get(entry[index], 0)
                if depth == 0:
                    break
            inner = entry[index + 1 : -1]
            entry = entry[:index].strip()
            position, organisation, alternatives = _details(inner)
        if not entry:
            raise PeopleSyntaxError(cell)
        people.append(PersonRef(" ".join(entry.split()), position, organisation, alternatives))
    return people


def format_person(full_name: str, position: str, organisation: str) -> str:
    if not (position or organisation):
        return full_name
    if not position:
        return (
            f"{full_name} ({organisation})"
            if "," not in organisation
            else (f"{full_name} ( | {organisation})")
        )
    if organisation and "," not in position and "," not in organisation:
        return f"{full_name} ({position}, {organisation})"
    return f"{full_name} ({position} | {organisation})".replace(" | )", " | )")


def format_people(people) -> str:
    """People (programme.Person) as a cell."""
    return "; ".join(format_person(p.full_name, p.position, p.organisation) for p in people)
