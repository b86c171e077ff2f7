from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem

from congress.audit import register_log_actions
from congress.models import Edition
from congress.permissions import PermissionMenuItem, has_perm
from programme.services import ProgrammeConflictError, ensure_publishable_programme

from .dashboard.views import (
    PERMISSION as DASHBOARD_PERMISSION,
)
from .dashboard.views import (
    CheckInsFragmentView,
    DashboardIndexView,
    EditionDashboardView,
)
from .enums import LogAction
from .mailings import SEND_MAILING
from .mailings import views as mailing_views
from .mailings.models import Mailing
from .models import ProgrammePage


@hooks.register("before_publish_page")
def refuse_programme_with_conflicts(request, page):
    """Publishing a programme page is refused while its published programme has conflicts."""
    page = page.specific
    if not isinstance(page, ProgrammePage):
        return None
    try:
        ensure_publishable_programme(page.programme_edition)
    except ProgrammeConflictError as error:
        messages.error(
            request,
            _("Das Programm wurde nicht veröffentlicht: %(count)s Konflikt(e).")
            % {"count": len(error.conflicts)},
        )
        for conflict in error.conflicts:
            messages.error(request, conflict.message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


# The organisers' dashboard per edition (cms/dashboard) ----------------------------------------


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("dashboard/", DashboardIndexView.as_view(), name="cms_dashboard_index"),
        path("dashboard/<int:pk>/", EditionDashboardView.as_view(), name="cms_dashboard"),
        path(
            "dashboard/<int:pk>/einlass/",
            CheckInsFragmentView.as_view(),
            name="cms_dashboard_checkins",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Dashboard"),
        reverse("cms_dashboard_index"),
        icon_name="view",
        order=10,
        permission=DASHBOARD_PERMISSION,
    )


@hooks.register("register_snippet_listing_buttons")
def edition_dashboard_button(snippet, user, next_url=None):
    if isinstance(snippet, Edition) and has_perm(user, DASHBOARD_PERMISSION, snippet):
        yield ButtonMenuItem(
            gettext_lazy("Dashboard"),
            url=reverse("cms_dashboard", args=[snippet.pk]),
            icon_name="view",
            priority=65,
        )


# Mailings (mailings/views.py) -----------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_mailing_urls():
    return [
        path("rundschreiben/", mailing_views.MailingIndexView.as_view(), name="cms_mailings"),
        path(
            "rundschreiben/ausgabe/<int:edition_id>/",
            mailing_views.MailingComposeView.as_view(),
            name="cms_mailing_compose",
        ),
        path(
            "rundschreiben/<int:pk>/", mailing_views.MailingDetailView.as_view(), name="cms_mailing"
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_mailing_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Rundschreiben"),
        reverse("cms_mailings"),
        icon_name="mail",
        order=70,
        permission=SEND_MAILING,
    )


@hooks.register("register_log_actions")
def register_cms_log_actions(actions):
    register_log_actions(actions, choices=LogAction, models_=(Mailing,))
