"""The outbox in the Wagtail admin (*Berichte → Postausgang*): the emails of the editions the
user organises, filterable by edition, state and kind, with "Erneut senden" for failed and sent
ones. Read-only otherwise; the scoping is ``OutboxMessage.objects.viewable_by_user``."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet

from .enums import OutboxState
from .log_views import VIEW_PERMISSION, ScopedReportView
from .models import Edition, OutboxMessage
from .outbox import resend_message
from .permissions import has_perm


def _editions(request):
    editions = Edition.objects.select_related("congress").order_by("congress__name", "-year")
    if request is None or request.user.is_superuser:
        return editions
    visible = OutboxMessage.objects.viewable_by_user(request.user).values("edition_id")
    return editions.filter(pk__in=visible)


class OutboxFilterSet(WagtailFilterSet):
    edition = django_filters.ModelChoiceFilter(label=gettext_lazy("Ausgabe"), queryset=_editions)
    state = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=OutboxState.choices)
    kind = django_filters.CharFilter(label=gettext_lazy("Art"), lookup_expr="startswith")
    to = django_filters.CharFilter(label=gettext_lazy("Empfänger"), lookup_expr="icontains")

    class Meta:
        model = OutboxMessage
        fields = ["edition", "state", "kind", "to"]


class OutboxReportView(ScopedReportView):
    """Newest first, 50 a page, one query for the page whatever its rows."""

    page_title = gettext_lazy("Postausgang")
    header_icon = "mail"
    results_template_name = "congress/outbox_results.html"
    filterset_class = OutboxFilterSet
    index_url_name = "congress_outbox"
    index_results_url_name = "congress_outbox_results"
    list_export = ["created_at", "edition", "kind", "to", "state", "attempts", "last_error"]

    def get_queryset(self):
        return (
            OutboxMessage.objects.viewable_by_user(self.request.user)
            .select_related("edition__congress")
            .defer("body", "html")
            .order_by("-created_at", "-pk")
        )


class ResendView(View):
    """POST: "Erneut senden" of one email the user may see (congress.outbox.resend_message)."""

    def post(self, request, pk):
        if not has_perm(request.user, VIEW_PERMISSION):
            raise PermissionDenied
        message = get_object_or_404(OutboxMessage.objects.viewable_by_user(request.user), pk=pk)
        if message.state == OutboxState.WAITING:
            messages.info(request, _("Diese E-Mail wartet bereits auf den Versand."))
        else:
            resend_message(message=message, by_user=request.user)
            messages.success(request, _("Die E-Mail wird erneut gesendet."))
        return redirect(request.POST.get("next") or "congress_outbox")
