"""Online participation: the attendee's personal access page (public, by its signed link) and the
organisers' list of links used from many addresses at once, with revocation (Wagtail admin)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.http import client_ip
from congress.pages import page_url
from congress.permissions import PermissionRequiredMixin, has_perm
from programme.live import tracks_now_and_next

from .. import access
from .actions import RegistrationActionView
from .manage import editions_with_perm


def live_page_url(edition, request=None) -> str:
    """The URL of the edition's public "Jetzt live" page, or "" without a programme page (the
    page tree is cms's: it registers the lookup in congress.pages)."""
    return page_url("live_now", edition, request)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def access_page(request, token):
    """Streams and chats of the main stage and the forums, with what runs now and next; each use
    is recorded (address hash). A forged, revoked or no longer valid link: 410 with the reason."""
    try:
        registration = access.resolve_access_link(token)
    except access.AccessDenied as error:
        response = render(
            request, "registrations/online/gone.html", {"message": error.message}, status=410
        )
        return _private(response)
    access.record_access_use(registration=registration, address=client_ip(request))
    edition = registration.edition
    now = timezone.now()
    response = render(
        request,
        "registrations/online/access.html",
        {
            "registration": registration,
            "edition": edition,
            "rows": tracks_now_and_next(edition, now=now),
            "is_running": edition.is_running(now),
            "live_url": live_page_url(edition, request),
        },
    )
    return _private(response)


def online_context(request, registration) -> dict:
    """What the attendee's page shows of online participation and the certificate."""
    context = {}
    if access.has_online_access(registration):
        context["online_access_url"] = access.access_url(registration, request=request)
    context["certificate_available"] = access.certificate_available(registration)
    return context


class FlaggedAccessView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    """Links used from many addresses at once (of the editions the user may see the
    registrations of), with a button to revoke each."""

    template_name = "registrations/online/flagged.html"
    page_title = gettext_lazy("Auffällige Online-Zugänge")
    header_icon = "warning"
    permission_required = "registrations.view_registration"

    def get_context_data(self, **kwargs):
        user = self.request.user
        flagged = access.flagged_registrations()
        if not user.is_superuser:
            allowed = set(editions_with_perm(user, self.permission_required))
            flagged = [item for item in flagged if item.registration.edition_id in allowed]
        return super().get_context_data(
            flagged=flagged,
            shared_addresses=settings.ONLINE_ACCESS_SHARED_ADDRESSES,
            window_minutes=settings.ONLINE_ACCESS_WINDOW_MINUTES,
            can_revoke=has_perm(user, "registrations.change_registration"),
            **kwargs,
        )


class RevokeAccessView(RegistrationActionView):
    page_title = gettext_lazy("Online-Zugang widerrufen")
    header_icon = "cross"
    index_url_name = "registrations_online_flagged"
    question = gettext_lazy(
        "Online-Zugang widerrufen? Der bisherige Link funktioniert dann nicht mehr; die Person "
        "findet den neuen Link auf ihrer Anmeldeseite."
    )

    def success_redirect(self):
        return redirect(self.index_url_name)

    def act(self, data):
        access.revoke_online_access(registration=self.registration, by_user=self.request.user)
        messages.success(
            self.request,
            _(
                "Der Online-Zugang ist widerrufen. Die Person findet den neuen Link auf ihrer "
                "Anmeldeseite."
            ),
        )
