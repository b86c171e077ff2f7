"""One limiter for every sign-in form: Wagtail's /admin/login/ and allauth's /accounts/login/.

Failed sign-ins are counted in the shared cache, in fixed windows, three ways:

- per account from one client address: beyond the limit that address may not try that account
  again until the window ends (HTTP 429, the form with a German message saying when);
- per client address over all accounts: beyond the limit the address may not sign in at all
  until the window ends (password spraying);
- per account over all addresses: beyond this higher limit a password is no longer enough for
  that account; it signs in with a code sent by email (allauth's login by code), so an attacker
  cannot lock a real user out, only make them use the email step.

The account is the user the entered name or email belongs to (so /admin/login/ by user name and
/accounts/login/ by email share their counts), otherwise the entered text. The client address is
the one allauth's rate limits see (congress.http.client_ip, TRUSTED_PROXY_COUNT). A successful
sign-in clears the count of that account from that address.

Cache down: the limiter fails open. The cache answers its errors as misses (congress/cache.py),
which the limiter reads as "no failure counted", and counts nothing meanwhile. Failing closed
would lock every editor and organiser out of the site whenever Redis is away, a denial of service
any cache outage could cause; passwords stay checked either way. allauth's own limits (password
reset, login codes, sign-up) keep their counts in the same cache and fail open the same way. See
README.md, "Production: when Redis is down", and congress/ratelimit.py for the other limits.

Wired by SignInLimitMiddleware (settings.MIDDLEWARE) and the receivers connected in cms/apps.py.
allauth's own per-account lock (ACCOUNT_RATE_LIMITS["login_failed"]) is switched off in favour
of this one; its limit of password reset requests stays as allauth sets it.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congress.http import client_ip

# Sign-in views (URL names) and the field of their form naming the account.
SIGNIN_FORMS = {"wagtailadmin_login": "username", "account_login": "login"}

# Failures allowed and window in seconds; settings.SIGNIN_LIMITS overrides any of them.
DEFAULT_LIMITS = {
    "account_address": (5, 15 * 60),
    "address": (20, 15 * 60),
    "account": (50, 60 * 60),
}


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in attempt is refused and for how many seconds."""

    scope: str
    seconds: int

    @property
    def step_up(self) -> bool:
        return self.scope == "account"

    def message(self) -> str:
        if self.step_up:
            return format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Für dieses Konto gab es zu viele fehlgeschlagene Anmeldeversuche. "
                    "Bitte melden Sie sich mit einem Anmeldecode per E-Mail an."
                ),
                reverse("account_request_login_code"),
                _("Anmeldecode per E-Mail anfordern"),
            )
        minutes = max(1, math.ceil(self.seconds / 60))
        return ngettext(
            "Zu viele fehlgeschlagene Anmeldeversuche von Ihrer Adresse. "
            "Bitte versuchen Sie es in einer Minute erneut.",
            "Zu viele fehlgeschlagene Anmeldeversuche von Ihrer Adresse. "
            "Bitte versuchen Sie es in %(minutes)d Minuten erneut.",
            minutes,
        ) % {"minutes": minutes}


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "SIGNIN_LIMITS", {})}


def _keys(address: str, account: str) -> dict[str, str]:
    return {
        "account_address": f"{account}|{address}",
        "address": address,
        "account": account,
    }


def _cache_key(scope: str, subject: str, period: int) -> tuple[str, int]:
    """The key of the current window and the seconds left in it."""
    now = time.time()
    window = int(now // period)
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"signin:{scope}:{window}:{digest}", math.ceil((window + 1) * period - now)


def account_user(identifier: str):
    """The user an entered user name or email stands for, or None."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user_model = get_user_model()
    return (
        user_model._default_manager.filter(
            Q(**{f"{user_model.USERNAME_FIELD}__iexact": identifier}) | Q(email__iexact=identifier)
        )
        .order_by("pk")
        .first()
    )


def account_key(identifier: str) -> str:
    """The account an entered user name or email stands for: its user, or else the text."""
    user = account_user(identifier)
    return f"user:{user.pk}" if user is not None else f"name:{(identifier or '').strip().lower()}"


def client_address(request) -> str:
    try:
        return client_ip(request)
    except PermissionDenied:
        return ""


def check_signin(*, address: str, account: str) -> Refusal | None:
    """The refusal of a sign-in attempt for ``account`` from ``address``, or None to let it
    through. Checked in the order: account from this address, address, account overall."""
    keys = _keys(address, account)
    for scope, (limit, period) in _limits().items():
        key, seconds = _cache_key(scope, keys[scope], period)
        if cache.get(key, 0) >= limit:
            return Refusal(scope=scope, seconds=seconds)
    return None


def record_signin_failure(*, address: str, account: str) -> None:
    keys = _keys(address, account)
    for scope, (_limit, period) in _limits().items():
        key, _seconds = _cache_key(scope, keys[scope], period)
        if not cache.add(key, 1, period + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr, or the cache is down
                cache.add(key, 1, period + 1)


def clear_signin_failures(*, address: str, account: str) -> None:
    """After a successful sign-in: the account's count from this address starts again."""
    _limit, period = _limits()["account_address"]
    key, _seconds = _cache_key(
        "account_address", _keys(address, account)["account_address"], period
    )
    cache.delete(key)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Receiver of django.contrib.auth's user_login_failed: every failed password check of a
    sign-in form (Wagtail's and allauth's both call authenticate())."""
    if request is None:
        return
    identifier = credentials.get("email") or credentials.get("username") or ""
    record_signin_failure(address=client_address(request), account=account_key(identifier))


def on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        clear_signin_failures(address=client_address(request), account=f"user:{user.pk}")


class SignInLimitMiddleware:
    """Refuses a sign-in POST the limiter stops before the view checks the password: the view
    answers as to a GET (its own form), with the limiter's message, status 429 and Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        field = SIGNIN_FORMS.get(match.view_name) if match else None
        if field is None or request.method != "POST":
            return None
        refusal = check_signin(
            address=client_address(request), account=account_key(request.POST.get(field, ""))
        )
        if refusal is None:
            return None
        messages.error(request, refusal.message())
        request.method = "GET"
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render"):
            response.render()
        response.status_code = 429
        response["Retry-After"] = str(refusal.seconds)
        return response
