"""Two-factor authentication for the Wagtail admin, with allauth's MFA (TOTP, recovery codes).

Everyone can set up an authenticator app under /accounts/2fa/. With settings.REQUIRE_ADMIN_MFA
on, a signed-in user who opens any /admin/ page without one (staff, superusers, role holders:
whoever can enter the admin) is sent to the set-up page with a German message, and Wagtail's
/admin/login/ hands over to allauth's sign-in (/accounts/login/?next=...), so that one sign-in
flow, with one limiter (cms/signin.py) and the code step, applies. With it off (the default in
development and tests) /admin/login/ stays Wagtail's form, except that an account with an
authenticator is handed over to allauth's sign-in, so the second factor cannot be bypassed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .signin import account_user

# Admin views a user without a second factor may still open.
OPEN_ADMIN_VIEWS = {"wagtailadmin_login", "wagtailadmin_logout"}


def _hand_over(request) -> HttpResponseRedirect:
    """To allauth's sign-in, keeping where the user wanted to go in the admin."""
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


class AdminMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        required = getattr(settings, "REQUIRE_ADMIN_MFA", False)
        if match is None:
            return None
        if match.view_name == "wagtailadmin_login":
            if required or self._has_second_factor(request):
                return _hand_over(request)
            return None
        if (
            required
            and request.path.startswith(reverse("wagtailadmin_home"))
            and match.view_name not in OPEN_ADMIN_VIEWS
            and request.user.is_authenticated
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Für die Verwaltung ist eine Zwei-Faktor-Anmeldung nötig. Bitte richten Sie "
                    "eine Authenticator-App ein."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return None

    @staticmethod
    def _has_second_factor(request) -> bool:
        if request.method != "POST":
            return False
        user = account_user(request.POST.get("username", ""))
        return user is not None and is_mfa_enabled(user)
