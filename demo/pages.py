"""The Wagtail page tree of the demo: home page, congress and edition pages, content pages, and
the site settings. Pages are published through revisions."""

from __future__ import annotations

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import (
    CongressPage,
    ContentPage,
    EditionPage,
    HomePage,
    ProgrammePage,
    SiteSettings,
    SpeakerIndexPage,
)
from congress.models import Edition

from . import data
from .common import DemoError, Summary, assign

# --- Wagtail pages ---------------------------------------------------------------------------


def _stream_data(stream) -> list[tuple]:
    """Block types and values of a StreamField value or of raw block dicts, without ids."""
    raw = stream.raw_data if hasattr(stream, "raw_data") else stream
    return [(block["type"], block["value"]) for block in raw]


def ensure_page(parent: Page, page_class, slug: str, values: dict, summary: Summary):
    """The live child page ``slug`` of ``parent`` with ``values``, published via a revision."""
    existing = parent.get_children().filter(slug=slug).first()
    created = existing is None
    if created:
        page = page_class(slug=slug, **values)
        parent.add_child(instance=page)
        changed = True
    else:
        page = existing.specific
        if not isinstance(page, page_class):
            raise DemoError(
                f"Die Seite {page.url_path} ist eine {type(page).__name__}, "
                f"erwartet war {page_class.__name__}."
            )
        changed = False
        for name, value in values.items():
            if name == "body":
                if _stream_data(page.body) != _stream_data(value):
                    page.body = value
                    changed = True
            elif getattr(page, name) != value:
                setattr(page, name, value)
                changed = True
    if changed or not page.live or page.has_unpublished_changes or not page.live_revision_id:
        page.save_revision().publish()
        page.refresh_from_db()
        changed = True
    summary.record(f"Seiten ({page_class._meta.verbose_name})", created, changed)
    return page


def ensure_root() -> Page:
    """Wagtail's root page; recreated (with the default locale) if the database was flushed, as
    Django's TransactionTestCase does."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_home_page(summary: Summary) -> tuple[Site, HomePage]:
    """The HomePage as the root of the default site, replacing Wagtail's welcome page."""
    root = ensure_root()
    home = HomePage.objects.first()
    if home is None:
        home = ensure_page(
            root,
            HomePage,
            data.HOME_SLUG,
            {"title": data.HOME_TITLE, "intro": data.HOME_INTRO},
            summary,
        )
    else:
        home = ensure_page(
            home.get_parent(),
            HomePage,
            home.slug,
            {"title": data.HOME_TITLE, "intro": data.HOME_INTRO},
            summary,
        )

    site = Site.objects.filter(is_default_site=True).first()
    previous_root = site.root_page.specific if site else None
    if site is None:
        site = Site(is_default_site=True)
    site_values = {
        "hostname": "localhost",
        "port": 80,
        "site_name": data.SITE_NAME,
        "root_page_id": home.pk,
    }
    site_created = site.pk is None
    site_changed = assign(site, site_values)
    if site_created or site_changed:
        site.save()
    summary.record("Websites", site_created, site_changed)

    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page without children.
    if (
        previous_root is not None
        and previous_root.pk != home.pk
        and type(previous_root) is Page
        and not previous_root.get_children().exists()
        and not Site.objects.filter(root_page=previous_root).exists()
    ):
        previous_root.delete()
        summary.updated["Seiten (Willkommensseite entfernt)"] += 1
    return site, home


def ensure_edition_pages(
    congress_page: CongressPage, edition: Edition, entry: dict, summary: Summary
) -> EditionPage:
    edition_page = ensure_page(
        congress_page,
        EditionPage,
        str(edition.year),
        {
            "title": edition.title,
            "edition": edition,
            "intro": entry.get("page_intro", ""),
            "body": entry.get("page_body", []),
        },
        summary,
    )
    ensure_page(edition_page, ProgrammePage, "programm", {"title": "Programm"}, summary)
    ensure_page(edition_page, SpeakerIndexPage, "referierende", {"title": "Referierende"}, summary)
    for page in entry.get("content_pages", []):
        ensure_page(
            edition_page,
            ContentPage,
            page["slug"],
            {"title": page["title"], "intro": page["intro"], "body": page["body"]},
            summary,
        )
    return edition_page


def ensure_site_pages(site: Site, home: HomePage, summary: Summary) -> None:
    site_settings = SiteSettings.for_site(site)
    changed = False
    for entry in data.SITE_CONTENT_PAGES:
        page = ensure_page(
            home,
            ContentPage,
            entry["slug"],
            {"title": entry["title"], "intro": entry["intro"], "body": entry["body"]},
            summary,
        )
        if getattr(site_settings, f"{entry['setting']}_id") != page.pk:
            setattr(site_settings, entry["setting"], page)
            changed = True
    if changed:
        site_settings.save()
    summary.record("Website-Einstellungen", False, changed)
