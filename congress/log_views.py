"""The audit log in the Wagtail admin: every entry, filterable by edition, action, object type,
user and time (``LogEntryReportView``); each object's own history is Wagtail's history view,
which reads the same table (see ``congress.audit``)."""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import registry as log_action_registry

from .models import Edition, LogEntry
from .permissions import has_perm
from .spreadsheets import SafeSpreadsheetExportMixin

VIEW_PERMISSION = "congress.view_logentry"


def _action_choices():
    return sorted(log_action_registry.get_choices(), key=lambda choice: str(choice[1]))


def _editions(request):
    """The editions whose log the user reads (all for superusers)."""
    editions = Edition.objects.select_related("congress").order_by("congress__name", "-year")
    if request is None or request.user.is_superuser:
        return editions
    visible = LogEntry.objects.viewable_by_user(request.user).values("edition_id")
    return editions.filter(pk__in=visible)


def _content_types(request):
    ids = LogEntry.objects.order_by().values_list("content_type_id", flat=True).distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("model")


def _users(request):
    ids = LogEntry.objects.order_by().values_list("user_id", flat=True).distinct()
    user_model = get_user_model()
    return user_model.objects.filter(pk__in=ids).order_by(user_model.USERNAME_FIELD)


class LogEntryFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(label=_("Ausgabe"), queryset=_editions)
    action = django_filters.ChoiceFilter(label=_("Aktion"), choices=_action_choices)
    content_type = django_filters.ModelChoiceFilter(
        label=_("Art des Objekts"), queryset=_content_types
    )
    user = django_filters.ModelChoiceFilter(label=_("Benutzer"), queryset=_users)
    label = django_filters.CharFilter(label=_("Objekt"), lookup_expr="icontains")
    timestamp = django_filters.DateFromToRangeFilter(
        label=_("Zeitraum"), widget=DateRangePickerWidget
    )

    class Meta:
        model = LogEntry
        fields = ["edition", "action", "content_type", "user", "label", "timestamp"]


class ScopedReportView(SafeSpreadsheetExportMixin, ReportView):
    """A report of the admin that needs VIEW_PERMISSION, hands the request to its filter set
    (whose edition choices depend on the user) and exports safe spreadsheets; the subclass's
    ``get_queryset`` scopes the rows to the user."""

    def dispatch(self, request, *args, **kwargs):
        if not has_perm(request.user, VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["request"] = self.request
        return kwargs


class LogEntryReportView(ScopedReportView):
    """The log of one edition (or all): the newest entries first, 50 a page, a fixed number of
    queries per page; exportable as CSV and XLSX."""

    page_title = _("Protokoll")
    header_icon = "history"
    results_template_name = "congress/log_entries_results.html"
    filterset_class = LogEntryFilterSet
    index_url_name = "congress_log"
    index_results_url_name = "congress_log_results"
    list_export = ["timestamp", "edition", "label", "content_type", "action", "user", "data"]
    export_headings = {
        "timestamp": _("Zeitpunkt"),
        "edition": _("Ausgabe"),
        "label": _("Objekt"),
        "content_type": _("Art"),
        "action": _("Aktion"),
        "user": _("Benutzer"),
        "data": _("Daten"),
    }

    def get_queryset(self):
        return (
            LogEntry.objects.viewable_by_user(self.request.user)
            .select_related("user", "content_type", "edition__congress")
            .order_by("-timestamp", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        """Each entry with a link to its object's edit view, when there is one (Wagtail looks
        the objects up per content type: a query per type on the page)."""
        url_finder = AdminURLFinder(self.request.user)
        pks = [entry.pk for entry in object_list]
        entries = self.get_queryset().filter(pk__in=pks).with_instances()
        decorated = {}
        for entry, instance in entries:
            entry.edit_url = url_finder.get_edit_url(instance) if instance is not None else None
            decorated[entry.pk] = entry
        return [decorated[pk] for pk in pks]
