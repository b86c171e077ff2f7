"""Wagtail pages of the public site.

The page tree reads like the URLs: / (home) -> /e-nrw/ (congress) -> /e-nrw/2020/ (edition) ->
/e-nrw/2020/programm/ (programme, with forum and session pages below it) and
/e-nrw/2020/referierende/ (speakers), plus free content pages anywhere.
"""

from collections import OrderedDict

from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from congress.enums import PartnerTier
from congress.models import Congress, Edition
from programme import queries
from programme.forms import ProgrammeFilterForm
from programme.live import tracks_now_and_next
from registrations.queries import editions_open_for_registration
from speakers import services as speaker_services
from speakers.enums import ConsentKind

from .blocks import BodyBlock
from .caching import serve_cached
from .feeds import calendar_export, schedule_export
from .mailings.models import Mailing  # noqa: F401  (the model lives in its package)

INTRO_FEATURES = ["bold", "italic", "link"]


def registration_url(edition: Edition, open_ids: set[int] | None = None) -> str:
    """The registration form of ``edition`` while its registration is open, else "".
    ``open_ids`` (from registrations.queries.editions_open_for_registration) saves the query
    when many editions are shown."""
    if open_ids is None:
        open_ids = editions_open_for_registration([edition.pk])
    if edition.pk not in open_ids:
        return ""
    return reverse("registrations:register", args=[edition.congress.slug, edition.year])


class CachedPageMixin:
    """Public pages are served from the cache with ETag/Last-Modified (cms/caching.py)."""

    def serve(self, request, *args, **kwargs):
        return serve_cached(
            request, lambda: super(CachedPageMixin, self).serve(request, *args, **kwargs)
        )


class ContentPage(CachedPageMixin, Page):
    """Free texts: Anfahrt, Hygienekonzept, Impressum, Datenschutz, Barrierefreiheit ..."""

    intro = models.TextField(_("Einleitung"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.CongressPage", "cms.EditionPage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]
    template = "cms/content_page.html"

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


class HomePage(CachedPageMixin, Page):
    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CongressPage", "cms.ContentPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        congress_pages = list(
            CongressPage.objects.live().child_of(self).select_related("congress").order_by("title")
        )
        editions = (
            EditionPage.objects.live()
            .filter(edition__congress__in=[p.congress_id for p in congress_pages])
            .select_related("edition__venue", "edition__congress")
            .order_by("-edition__year")
        )
        latest: dict[int, EditionPage] = {}
        for page in editions:
            latest.setdefault(page.edition.congress_id, page)
        open_ids = editions_open_for_registration(p.edition_id for p in latest.values())
        context["congresses"] = [
            (
                p,
                latest.get(p.congress_id),
                registration_url(latest[p.congress_id].edition, open_ids)
                if p.congress_id in latest
                else "",
            )
            for p in congress_pages
        ]
        return context


class CongressPage(CachedPageMixin, Page):
    congress = models.OneToOneField(
        Congress, verbose_name=_("Kongress"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("congress"), FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EditionPage", "cms.ContentPage"]
    template = "cms/congress_page.html"

    class Meta:
        verbose_name = _("Kongressseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        editions = list(
            EditionPage.objects.live()
            .child_of(self)
            .select_related("edition__venue")
            .order_by("-edition__year")
        )
        context["upcoming"] = [p for p in editions if not p.edition.is_past]
        context["archive"] = [p for p in editions if p.edition.is_past]
        context["content_pages"] = ContentPage.objects.live().child_of(self)
        return context


class EditionPage(CachedPageMixin, Page):
    edition = models.OneToOneField(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("edition"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.CongressPage"]
    subpage_types = ["cms.ProgrammePage", "cms.SpeakerIndexPage", "cms.ContentPage"]
    template = "cms/edition_page.html"

    class Meta:
        verbose_name = _("Ausgabenseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        edition = Edition.objects.select_related("venue", "congress").get(pk=self.edition_id)
        tiers = OrderedDict((tier, []) for tier in PartnerTier)
        for partner in edition.partners.select_related("logo").order_by("sort_order", "name"):
            tiers[PartnerTier(partner.tier)].append(partner)
        context["edition"] = edition
        context["registration_url"] = registration_url(edition)
        context["partner_tiers"] = [(tier.label, items) for tier, items in tiers.items() if items]
        children = self.get_children().live().specific()
        context["programme_page"] = next(
            (p for p in children if isinstance(p, ProgrammePage)), None
        )
        context["speaker_page"] = next(
            (p for p in children if isinstance(p, SpeakerIndexPage)), None
        )
        context["content_pages"] = [p for p in children if isinstance(p, ContentPage)]
        context["tracks"] = list(queries.live_tracks(edition))
        return context


class EditionChildMixin:
    """Pages below an edition page know their edition and their sibling pages."""

    @cached_property
    def edition_page(self) -> EditionPage:
        parent = self.get_parent().specific
        if not isinstance(parent, EditionPage):
            raise Http404
        return parent

    @cached_property
    def programme_edition(self) -> Edition:
        return Edition.objects.select_related("venue", "congress").get(
            pk=self.edition_page.edition_id
        )

    def sibling(self, page_class):
        return page_class.objects.live().sibling_of(self, inclusive=False).first()

    def edition_context(self, request, **extra):
        context = self.get_context(request)
        context["edition"] = self.programme_edition
        context["edition_page"] = self.edition_page
        context["registration_url"] = registration_url(self.programme_edition)
        context.update(extra)
        return context


class ProgrammePage(CachedPageMixin, EditionChildMixin, RoutablePageMixin, Page):
    """The edition's programme, and below it a page per forum and per session."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.EditionPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "cms/programme_page.html"

    class Meta:
        verbose_name = _("Programmseite")

    @path("")
    def programme(self, request):
        edition = self.programme_edition
        tracks = list(queries.live_tracks(edition))
        sessions = list(queries.live_sessions(edition))
        queries.mark_now_and_next(sessions)
        form = ProgrammeFilterForm(
            request.GET or None,
            days=edition.days,
            tracks=tracks,
            session_types=queries.session_types_in(sessions),
            people=queries.people_in(sessions),
        )
        filters = form.valid_filters() if request.GET else {}
        shown = queries.filter_sessions(sessions, filters)
        context = self.edition_context(
            request,
            form=form,
            filters=filters,
            tracks=tracks,
            days=queries.programme_days(tracks, shown),
            result_count=len(shown),
            is_running=edition.is_running(),
            speaker_page=self.sibling(SpeakerIndexPage),
        )
        return self.render(request, context_overrides=context)

    # Calendar feeds (cms/feeds.py). congress/urls.py passes ".../programm.ics" on as
    # "programm.ics/"; a dot never matches the slug routes below, and these come first anyway.
    @path("programm.ics/", name="programme_ics")
    def programme_ics(self, request):
        edition = self.programme_edition
        return calendar_export(
            request,
            edition=edition,
            sessions=list(queries.live_sessions(edition)),
            name=f"{edition.title} – {self.title}",
            filename=f"{edition.congress.slug}-{edition.year}-programm.ics",
            programme_page=self,
        )

    @re_path(r"^(?P<track_slug>[-\w]+)/forum\.ics/$", name="forum_ics")
    def forum_ics(self, request, track_slug):
        edition = self.programme_edition
        track = queries.live_tracks(edition).filter(slug=track_slug).first()
        if track is None:
            raise Http404
        return calendar_export(
            request,
            edition=edition,
            sessions=list(queries.live_sessions(edition).filter(track=track)),
            name=f"{edition.title} – {track.label}",
            filename=f"{edition.congress.slug}-{edition.year}-{track.slug}.ics",
            programme_page=self,
        )

    @re_path(r"^(?P<track_slug>[-\w]+)/(?P<session_slug>[-\w]+)/termin\.ics/$", name="session_ics")
    def session_ics(self, request, track_slug, session_slug):
        edition = self.programme_edition
        session = queries.live_session(edition, track_slug, session_slug)
        if session is None:
            raise Http404
        return calendar_export(
            request,
            edition=edition,
            sessions=[session],
            name=f"{edition.title} – {session.title}",
            filename=f"{edition.congress.slug}-{edition.year}-{session.slug}.ics",
            programme_page=self,
        )

    # Schedule exports for conference apps (frab format, cms/feeds.py and programme/schedule.py),
    # reached like the calendar feeds through congress/urls.py.
    @path("schedule.xml/", name="schedule_xml")
    def schedule_xml(self, request):
        return schedule_export(
            request, programme_page=self, edition=self.programme_edition, fmt="xml"
        )

    @path("schedule.json/", name="schedule_json")
    def schedule_json(self, request):
        return schedule_export(
            request, programme_page=self, edition=self.programme_edition, fmt="json"
        )

    # "Jetzt live": what runs now and next on the main stage and in each forum. It changes by the
    # minute, so it bypasses the page cache (``serve``); a forum cannot use the slug "jetzt".
    @path("jetzt/", name="live_now")
    def live_now(self, request):
        edition = self.programme_edition
        now = timezone.now()
        is_running = edition.is_running(now)
        context = self.edition_context(
            request,
            rows=tracks_now_and_next(edition, now=now) if is_running else [],
            now=now,
            is_running=is_running,
            speaker_page=self.sibling(SpeakerIndexPage),
        )
        response = self.render(request, template="cms/live_page.html", context_overrides=context)
        add_never_cache_headers(response)
        return response

    UNCACHED_ROUTES = frozenset({"live_now"})

    def serve(self, request, *args, **kwargs):
        match = getattr(request, "routable_resolver_match", None)
        if match is not None and match.url_name in self.UNCACHED_ROUTES:
            return RoutablePageMixin.serve(self, request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    @re_path(r"^(?P<track_slug>[-\w]+)/$")
    def forum(self, request, track_slug):
        edition = self.programme_edition
        track = next((t for t in queries.live_tracks(edition).filter(slug=track_slug)), None)
        if track is None:
            raise Http404
        sessions = list(queries.live_sessions(edition).filter(track=track))
        queries.mark_now_and_next(sessions)
        context = self.edition_context(
            request,
            track=track,
            days=queries.programme_days([track], sessions),
            speaker_page=self.sibling(SpeakerIndexPage),
        )
        return self.render(request, template="cms/forum_page.html", context_overrides=context)

    @re_path(r"^(?P<track_slug>[-\w]+)/(?P<session_slug>[-\w]+)/$")
    def session(self, request, track_slug, session_slug):
        session = queries.live_session(self.programme_edition, track_slug, session_slug)
        if session is None:
            raise Http404
        queries.mark_session_now_and_next(session)
        consents = speaker_services.hide_unconsented(
            link.person for link in session.speaker_links.all()
        )
        context = self.edition_context(
            request,
            session=session,
            track=session.track,
            recording_url=recording_url(session, consents, edition=self.programme_edition),
            speaker_page=self.sibling(SpeakerIndexPage),
        )
        return self.render(request, template="cms/session_page.html", context_overrides=context)


def recording_url(session, consents: dict[int, set[str]], *, edition, now=None) -> str:
    """The session's recording once it is over (the session ended or the edition is past), and
    only while every person in it has an active recording consent; people without a speaker
    profile have given none. ``consents``: speakers.services.hide_unconsented's result."""
    if not session.recording_url or session.is_cancelled:
        return ""
    now = now or timezone.now()
    if now < session.ends_at and not edition.is_past:
        return ""
    for link in session.speaker_links.all():
        if ConsentKind.RECORDING not in consents.get(link.person_id, ()):
            return ""
    return session.recording_url


class SpeakerIndexPage(CachedPageMixin, EditionChildMixin, RoutablePageMixin, Page):
    """Everyone who speaks or moderates in the edition, and a page per person."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.EditionPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "cms/speaker_index_page.html"

    class Meta:
        verbose_name = _("Referierendenübersicht")

    @path("")
    def index(self, request):
        context = self.edition_context(
            request,
            people=list(queries.speakers_of(self.programme_edition)),
            programme_page=self.sibling(ProgrammePage),
        )
        return self.render(request, context_overrides=context)

    @re_path(r"^(?P<person_slug>[-\w]+)/termine\.ics/$", name="person_ics")
    def person_ics(self, request, person_slug):
        """Calendar feed of the person's sessions (cms/feeds.py)."""
        edition = self.programme_edition
        person, sessions = queries.person_in_edition(edition, person_slug)[:2]
        if person is None:
            raise Http404
        return calendar_export(
            request,
            edition=edition,
            sessions=sessions,
            name=f"{edition.title} – {person.full_name}",
            filename=f"{edition.congress.slug}-{edition.year}-{person.slug}.ics",
            programme_page=self.sibling(ProgrammePage),
        )

    @re_path(r"^(?P<person_slug>[-\w]+)/$")
    def person(self, request, person_slug):
        person, sessions, tracks = queries.person_in_edition(self.programme_edition, person_slug)
        if person is None:
            raise Http404
        # Photo, bio and slides of a speaker with a profile only as far as they consented.
        consents = speaker_services.hide_unconsented([person]).get(person.pk, set())
        slides = []
        if ConsentKind.PUBLISH_SLIDES in consents:
            slides = speaker_services.public_slides(
                session_ids=[s.pk for s in sessions], person_ids=[person.pk]
            )
        context = self.edition_context(
            request,
            person=person,
            sessions=sessions,
            slides=slides,
            moderated_tracks=tracks,
            programme_page=self.sibling(ProgrammePage),
        )
        return self.render(request, template="cms/speaker_page.html", context_overrides=context)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Erklärung zur Barrierefreiheit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("imprint_page"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")
