"""Page URLs the apps below cms ask for through congress.pages (registered in cms/apps.py)."""

from __future__ import annotations

from .models import EditionPage, ProgrammePage


def live_page_url(edition, request=None) -> str:
    """The URL of the edition's public "Jetzt live" page, or "" without a programme page."""
    edition_page = EditionPage.objects.live().filter(edition=edition).first()
    if edition_page is None:
        return ""
    programme_page = ProgrammePage.objects.live().child_of(edition_page).first()
    if programme_page is None:
        return ""
    return programme_page.get_url(request) + programme_page.reverse_subpage("live_now")


def edition_page_url(edition, request=None) -> str:
    """The URL of the edition's public page, or "" while none is published."""
    edition_page = EditionPage.objects.live().filter(edition=edition).first()
    return edition_page.get_url(request) if edition_page is not None else ""


def programme_page_url(edition, request=None) -> str:
    """The URL of the edition's programme (with its recordings), or "" without one."""
    edition_page = EditionPage.objects.live().filter(edition=edition).first()
    if edition_page is None:
        return ""
    programme_page = ProgrammePage.objects.live().child_of(edition_page).first()
    return programme_page.get_url(request) if programme_page is not None else ""
