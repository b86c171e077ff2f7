"""The dashboard in the Wagtail admin: the editions the user may see, one edition's figures, and
the live check-ins of a congress day as a fragment the page reloads (permission
``cms.view_dashboard``: the organisers of the edition's congress)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.enums import Role
from congress.models import Edition
from congress.permissions import EditionPermissionMixin, PermissionRequiredMixin
from congress.rules import roles_of

from . import queries, sections

PERMISSION = "cms.view_dashboard"
# Seconds between two reloads of the live check-ins on a congress day.
LIVE_INTERVAL = 30


def dashboard_editions(user):
    """The editions whose dashboard ``user`` may see, newest first."""
    editions = Edition.objects.select_related("congress").order_by("-start_date", "title")
    if user.is_superuser:
        return editions
    return editions.filter(congress_id__in=roles_of(user).congress_ids(Role.ORGANISER))


class DashboardIndexView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "cms/dashboard/index.html"
    page_title = gettext_lazy("Dashboard")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        return super().get_context_data(editions=dashboard_editions(self.request.user), **kwargs)


class EditionMixin(EditionPermissionMixin):
    permission_required = PERMISSION
    edition_url_kwarg = "pk"


class EditionDashboardView(EditionMixin, AdminPageMixin, TemplateView):
    template_name = "cms/dashboard/edition.html"
    header_icon = "view"

    def get_page_title(self):
        return _("Dashboard: %(edition)s") % {"edition": self.edition.title}

    def get_breadcrumbs_items(self):
        index = {"url": reverse("cms_dashboard_index"), "label": _("Dashboard")}
        return [*self.breadcrumbs_items, index, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        edition = self.edition
        previous = queries.previous_edition(edition)
        return super().get_context_data(
            edition=edition,
            previous=previous,
            over_time=sections.over_time_sections(edition, previous),
            registrations=sections.registration_sections(edition),
            forums=sections.forum_section(edition),
            check_ins=sections.check_in_section(edition),
            speakers=sections.speaker_sections(edition),
            live_interval=LIVE_INTERVAL,
            now=timezone.localtime(timezone.now(), edition.tz),
            **kwargs,
        )


class CheckInsFragmentView(EditionMixin, TemplateView):
    """The check-in section alone: what the dashboard's script puts in place every
    ``LIVE_INTERVAL`` seconds on a congress day."""

    template_name = "cms/dashboard/_checkins.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.edition,
            section=sections.check_in_section(self.edition),
            now=timezone.localtime(timezone.now(), self.edition.tz),
            live_interval=LIVE_INTERVAL,
            **kwargs,
        )
