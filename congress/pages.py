"""URLs of public pages, for apps below the page tree.

The Wagtail pages live in cms, the top layer, which the other apps must not import. cms registers
a finder per page kind when it starts (cms/apps.py); the others ask for a URL by that kind and get
"" while no finder is registered or no such page is published.
"""

from __future__ import annotations

from collections.abc import Callable

# Kinds: "live_now" (the edition's "Jetzt live" page of its programme page), "edition" (the
# edition's page), "programme" (its programme page, with the recordings).
PageUrlFinder = Callable[..., str]
_finders: dict[str, PageUrlFinder] = {}


def register_page_url(kind: str, finder: PageUrlFinder) -> None:
    """Register ``finder(edition, request=None) -> str`` for ``kind``."""
    _finders[kind] = finder


def page_url(kind: str, edition, request=None) -> str:
    finder = _finders.get(kind)
    return finder(edition, request) if finder is not None else ""
