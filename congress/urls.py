from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from congress.health import health

urlpatterns = [
    # For load balancers: JSON, no session, never cached (congress/health.py).
    path("health/", health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    # Portal, registration and accounts in both languages (/mein-bereich/, /en/mein-bereich/).
    # Before the export pattern below, which would otherwise take ".../termine.ics".
    path("mein-bereich/", include("speakers.urls")),
    path("anmeldung/", include("registrations.urls")),
    path("accounts/", include("allauth.urls")),
    # Calendar feeds and schedule exports of pages (cms/feeds.py): Wagtail serves only slug paths
    # ending in a slash, so ".../programm.ics" (".../schedule.xml", ".../schedule.json") reaches
    # the page's "programm.ics/" route through this pattern.
    re_path(r"^(?P<path>(?:[\w\-]+/)*[\w\-]+\.(?:ics|xml|json))$", wagtail_views.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# The site's own error pages in the user's language, JSON for the APIs and JSON exports, also
# when the database is down (congress/http.py).
handler400 = "congress.http.bad_request"
handler403 = "congress.http.permission_denied"
handler404 = "congress.http.page_not_found"
handler500 = "congress.http.server_error"
