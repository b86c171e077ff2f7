"""Check-in at the congress: the staff's page (scan with the camera, type or paste a code, search
by name) and the JSON API for scanner apps. Everything needs the permission
"registrations.check_in" for the edition (registrations/rules.py: its check-in staff, the
organisers of its congress, superusers); the index lists only the editions the user may check in.

The API accepts the staff's session (with the CSRF token) or the token of a device registered
on the page (``Authorization: Bearer <token>``, registrations/devices.py), signed with the device,
the user and the edition. With a token a scan touches no session: the device's state is cached
and dropped from the cache when it is revoked, so a revoked device or one past the edition's last
day is refused at once; the user and their permission for that edition are cached for a minute
(``DEVICE_USER_SECONDS``), so a revoked role stops a device within that minute.

The name search shows no email addresses, needs a word of three characters and is rate limited
per device and per user (CHECKIN_SEARCH_RATE_LIMIT_DEVICE, CHECKIN_SEARCH_RATE_LIMIT_USER).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from congress.http import InvalidInput, parse_json
from congress.models import Edition
from congress.permissions import PermissionRequiredMixin, has_perm
from congress.ratelimit import rate_limited
from congress.security import allow_features

from .. import checkin, devices
from ..exceptions import RegistrationError
from ..models import Registration

PERMISSION = "registrations.check_in"
EDITION_SECONDS = 60
DEVICE_USER_SECONDS = 60
MAX_BODY_BYTES = 2 * 1024 * 1024


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400, code: str = "error"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


def _edition(congress: str, year: int) -> Edition:
    """The edition by congress slug and year; cached briefly, as every scan needs it."""
    key = f"checkin:edition:{congress}:{year}"
    edition = cache.get(key)
    if edition is None:
        edition = (
            Edition.objects.select_related("congress")
            .filter(congress__slug=congress, year=year)
            .first()
        )
        if edition is None:
            raise Http404
        cache.set(key, edition, EDITION_SECONDS)
    return edition


def _device_user(user_id: int, edition: Edition):
    """The active user if they may check in at ``edition``, else ``None``; cached for a minute."""
    key = f"checkin:device-user:{user_id}:{edition.pk}"
    user = cache.get(key)
    if user is None:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None or not has_perm(user, PERMISSION, edition):
            user = False
        else:
            # Drop the permission caches before pickling; the check is done.
            for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "_roles"):
                user.__dict__.pop(attr, None)
        cache.set(key, user, DEVICE_USER_SECONDS)
    return user or None


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def _csrf_failure(request) -> str | None:
    check = _CsrfCheck(lambda request: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def _authenticate(request, edition: Edition):
    """The staff user of the request (device token or session), else ``ApiError`` 403."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, token = header.partition(" ")
        claim = devices.read_device_token(token.strip()) if scheme.lower() == "bearer" else None
        state = devices.device_state(claim.device_id) if claim is not None else None
        if state is None or (state.user_id, state.edition_id) != (claim.user_id, claim.edition_id):
            raise ApiError(_("Das Token ist ungültig oder abgelaufen."), 403)
        if claim.edition_id != edition.pk:
            raise ApiError(_("Das Token gilt für eine andere Veranstaltung."), 403)
        refusal = state.refusal()
        if refusal is not None:
            raise ApiError(refusal, 403, code="device_refused")
        user = _device_user(claim.user_id, edition)
        if user is None:
            raise ApiError(_("Sie haben keine Berechtigung für den Einlass."), 403)
        request.checkin_device_id = claim.device_id
        return user
    if not request.user.is_authenticated:
        raise ApiError(_("Bitte melden Sie sich an."), 403)
    if not has_perm(request.user, PERMISSION, edition):
        raise ApiError(_("Sie haben keine Berechtigung für den Einlass."), 403)
    if request.method == "POST":
        # The body first: the CSRF check reads a form body (request.POST), after which the body
        # could no longer be read as JSON.
        _body(request)
        if _csrf_failure(request):
            raise ApiError(_("Die Sitzung ist abgelaufen. Bitte laden Sie die Seite neu."), 403)
    return request.user


def _noindex(view):
    """Staff pages and answers stay out of search engines (besides never being cached)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _api(method: str):
    """A JSON API view: method, authentication, edition; errors become JSON, never a 500."""

    def decorate(view):
        @csrf_exempt  # checked in _authenticate for sessions; a bearer token needs none
        @never_cache
        @_noindex
        def wrapped(request, congress: str, year: int):
            try:
                if request.method != method:
                    raise ApiError(_("Diese Methode ist hier nicht erlaubt."), 405)
                try:
                    edition = _edition(congress, year)
                except Http404:
                    raise ApiError(_("Diese Veranstaltung gibt es nicht."), 404) from None
                user = _authenticate(request, edition)
                return view(request, edition, user)
            except ApiError as error:
                return JsonResponse(
                    {"ok": False, "code": error.code, "message": error.message},
                    status=error.status,
                )
            except checkin.CheckInError as error:
                return JsonResponse(
                    {"ok": False, "code": "error", "message": error.message}, status=400
                )

        return wrapped

    return decorate


def _body(request) -> bytes:
    try:
        body = request.body
    except RequestDataTooBig:  # beyond DATA_UPLOAD_MAX_MEMORY_SIZE
        body = None
    if body is None or len(body) > MAX_BODY_BYTES:
        raise ApiError(_("Die Anfrage ist zu groß."), 413)
    return body


def _json_body(request) -> dict:
    try:
        data = parse_json(_body(request), max_bytes=MAX_BODY_BYTES)
    except InvalidInput as error:  # too deeply nested, no JSON, control characters
        raise ApiError(error.message, error.status) from None
    if not isinstance(data, dict):
        raise ApiError(_("Erwartet wird ein JSON-Objekt."))
    return data


def _int_or_none(data: dict, field: str) -> int | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise ApiError(_("„%(field)s“ muss eine Zahl oder null sein.") % {"field": field})
    return value


def _text(data: dict, field: str, *, max_length: int, required: bool = False) -> str:
    value = data.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ApiError(_("„%(field)s“ muss ein Text sein.") % {"field": field})
    if required and not value.strip():
        raise ApiError(_("„%(field)s“ fehlt.") % {"field": field})
    if len(value) > max_length:
        raise ApiError(_("„%(field)s“ ist zu lang.") % {"field": field})
    return value


def _result_response(result: checkin.CheckInResult) -> JsonResponse:
    return JsonResponse(result.as_dict())


@_api("POST")
def api_scan(request, edition, user):
    """Check a ticket code, or admit a registration by id (name search)."""
    data = _json_body(request)
    room = checkin.get_room(edition=edition, room_id=_int_or_none(data, "room"))
    device = _text(data, "device", max_length=100)
    count = data.get("count", False)
    if not isinstance(count, bool):
        raise ApiError(_("„%(field)s“ muss true oder false sein.") % {"field": "count"})
    registration_id = _int_or_none(data, "registration")
    try:
        if registration_id is not None:
            registration = (
                Registration.objects.select_related("category")
                .filter(pk=registration_id, edition=edition)
                .first()
            )
            if registration is None:
                raise ApiError(_("Diese Anmeldung gibt es nicht."), 404)
            result = checkin.check_in_registration(
                registration=registration,
                edition=edition,
                room=room,
                user=user,
                device=device,
                count=count,
            )
        else:
            code = _text(data, "code", max_length=2000, required=True)
            result = checkin.check_in_ticket(
                payload=code, edition=edition, room=room, user=user, device=device, count=count
            )
    except checkin.CheckInRefused as refusal:
        result = refusal.result
    return _result_response(result)


@_api("GET")
def api_status(request, edition, user):
    return JsonResponse({"ok": True, **checkin.entry_counts(edition=edition)})


@_api("GET")
def api_offline(request, edition, user):
    return JsonResponse({"ok": True, **checkin.offline_package(edition=edition)})


def _search_rate_limited(request, user) -> bool:
    """Counts the name searches per user and, with a device token, per device; limited when
    either count is over its rate (empty rate: no limit).

    Fail-closed: when the cache cannot count (the cache server is down), the search is refused
    as limited (congress/ratelimit.py). The search is a convenience at the door (scanning
    tickets and the offline check keep working without it) and the very thing an attacker would
    enumerate with.
    """
    counters = [("user", user.pk, settings.CHECKIN_SEARCH_RATE_LIMIT_USER)]
    device_id = getattr(request, "checkin_device_id", None)
    if device_id is not None:
        counters.append(("device", device_id, settings.CHECKIN_SEARCH_RATE_LIMIT_DEVICE))
    limited = False
    for kind, value, rate in counters:
        limited |= rate_limited(
            request,
            group=f"registrations.checkin_search.{kind}",
            key=lambda _group, _request, value=value: str(value),
            rate=rate,
            fail_open=False,
        )
    return limited


SEARCH_TOO_SHORT = gettext_lazy(
    "Bitte geben Sie mindestens %(n)s Zeichen ein (Vor- oder Nachname)."
)
SEARCH_RATE_LIMITED = gettext_lazy("Zu viele Suchen in kurzer Zeit. Bitte warten Sie einen Moment.")


@_api("GET")
def api_search(request, edition, user):
    """Name search: name, organisation, category, attendance and state, never an email."""
    query = request.GET.get("q", "")[:100]
    if _search_rate_limited(request, user):
        raise ApiError(str(SEARCH_RATE_LIMITED), 429, code="rate_limited")
    if checkin.search_query_too_short(query):
        message = str(SEARCH_TOO_SHORT) % {"n": checkin.SEARCH_MIN_LENGTH}
        raise ApiError(message, 400, code="query_too_short")
    return JsonResponse(
        {
            "ok": True,
            "results": [
                {
                    "id": registration.pk,
                    "name": registration.full_name,
                    "organisation": registration.organisation,
                    "category": registration.category.name,
                    "attendance": registration.attendance,
                    "state": registration.state,
                    "checked_in_at": registration.checked_in_at.isoformat()
                    if registration.checked_in_at
                    else None,
                }
                for registration in checkin.search_registrations(edition=edition, query=query)
            ],
        }
    )


def _parse_scans(data: dict) -> list[checkin.OfflineScan]:
    raw = data.get("scans")
    if not isinstance(raw, list):
        raise ApiError(_("„%(field)s“ muss eine Liste sein.") % {"field": "scans"})
    scans = []
    for item in raw:
        if not isinstance(item, dict):
            raise ApiError(_("Jeder Scan muss ein JSON-Objekt sein."))
        scanned_at = parse_datetime(_text(item, "scanned_at", max_length=40, required=True) or "")
        if scanned_at is None:
            raise ApiError(_("„scanned_at“ ist kein Zeitpunkt (ISO 8601)."))
        if timezone.is_naive(scanned_at):
            scanned_at = timezone.make_aware(scanned_at)
        try:
            scanned_at.astimezone(dt.UTC)  # as stored; year 1 or 9999 may not fit
        except OverflowError:
            raise ApiError(_("„scanned_at“ ist kein Zeitpunkt (ISO 8601).")) from None
        scans.append(
            checkin.OfflineScan(
                code=_text(item, "code", max_length=2000, required=True),
                scanned_at=scanned_at,
                room_id=_int_or_none(item, "room"),
                ref=_text(item, "ref", max_length=100),
            )
        )
    return scans


@_api("POST")
def api_sync(request, edition, user):
    """Scans made offline: applied in scan order, the first check-in wins."""
    data = _json_body(request)
    try:
        scans = _parse_scans(data)
    except ValueError:  # parse_datetime on an impossible date
        raise ApiError(_("„scanned_at“ ist kein Zeitpunkt (ISO 8601).")) from None
    results = checkin.sync_offline_scans(
        edition=edition, scans=scans, user=user, device=_text(data, "device", max_length=100)
    )
    return JsonResponse(
        {
            "ok": True,
            "results": results,
            "admitted": sum(1 for r in results if r["ok"]),
            "duplicates": sum(1 for r in results if r["code"] == "duplicate"),
        }
    )


# The staff's pages ------------------------------------------------------------------------------


class _StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous: to the login; signed in without the permission (for the edition of the URL,
    on the index for at least one edition): 403."""

    permission_required = PERMISSION

    def get_permission_object(self):
        if "congress" not in self.kwargs:
            return None
        return _edition(self.kwargs["congress"], self.kwargs["year"])


@method_decorator(never_cache, name="dispatch")
@method_decorator(_noindex, name="dispatch")
class CheckInIndexView(_StaffMixin, TemplateView):
    template_name = "registrations/checkin/index.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        user = self.request.user
        editions = Edition.objects.select_related("congress")
        return {
            **super().get_context_data(**kwargs),
            "upcoming": [
                edition
                for edition in editions.upcoming(today).order_by("start_date")
                if has_perm(user, PERMISSION, edition)
            ],
            "past": [
                edition
                for edition in editions.past(today).order_by("-start_date")
                if has_perm(user, PERMISSION, edition)
            ][:10],
        }


@method_decorator(never_cache, name="dispatch")
@method_decorator(_noindex, name="dispatch")
@method_decorator(allow_features("camera"), name="dispatch")  # the QR scanner (checkin.js)
class CheckInPageView(_StaffMixin, View):
    """The check-in page; works without JavaScript (forms post here), checkin.js adds the
    camera, the answer without reloading and the offline mode."""

    template_name = "registrations/checkin/page.html"

    def _room(self, edition, value):
        try:
            room_id = int(value) if value else None
            return checkin.get_room(edition=edition, room_id=room_id)
        except (ValueError, OverflowError, checkin.CheckInError):
            return None

    def _search(self, request, edition, query: str) -> tuple[list | None, str, int]:
        """The matches for ``query`` (None without a query), a message instead, the status."""
        if not query:
            return None, "", 200
        if _search_rate_limited(request, request.user):
            return None, str(SEARCH_RATE_LIMITED), 429
        if checkin.search_query_too_short(query):
            return None, str(SEARCH_TOO_SHORT) % {"n": checkin.SEARCH_MIN_LENGTH}, 200
        return checkin.search_registrations(edition=edition, query=query), "", 200

    def render(self, request, edition, room, *, result=None, status=200, device=None):
        query = request.GET.get("q", "").strip()[:100]
        matches, search_message, search_status = self._search(request, edition, query)
        api = {
            name: reverse(
                f"registrations:checkin_api_{name}", args=[edition.congress.slug, edition.year]
            )
            for name in ("scan", "status", "offline", "sync")
        }
        return render(
            request,
            self.template_name,
            {
                "edition": edition,
                "rooms": list(checkin.rooms_of(edition)),
                "room": room,
                "counts": checkin.entry_counts(edition=edition),
                "result": result,
                "query": query,
                "matches": matches,
                "search_message": search_message,
                "api": api,
                "device": device or {},
                "device_name_max_length": devices.DEVICE_NAME_MAX_LENGTH,
                "messages_json": checkin.refusal_messages(),
            },
            status=max(status, search_status),
        )

    def get(self, request, congress, year):
        edition = _edition(congress, year)
        return self.render(request, edition, self._room(edition, request.GET.get("raum")))

    def _issue_device(self, request, edition) -> dict:
        """Register a scanner app named on the page; its token is shown this once."""
        try:
            device, token = devices.issue_device(
                user=request.user,
                edition=edition,
                name=request.POST.get("device_name", "")[: devices.DEVICE_NAME_MAX_LENGTH],
            )
        except RegistrationError as error:
            return {"error": error.message}
        return {"name": device.name, "token": token, "expires_at": device.expires_at}

    def post(self, request, congress, year):
        edition = _edition(congress, year)
        room = self._room(edition, request.POST.get("raum"))
        if "device_name" in request.POST:
            device = self._issue_device(request, edition)
            status = 400 if "error" in device else 200
            return self.render(request, edition, room, device=device, status=status)
        try:
            if request.POST.get("registration"):
                registration = (
                    Registration.objects.select_related("category")
                    .filter(pk=int(request.POST["registration"]), edition=edition)
                    .first()
                )
                if registration is None:
                    raise Http404
                result = checkin.check_in_registration(
                    registration=registration, edition=edition, room=room, user=request.user
                )
            else:
                result = checkin.check_in_ticket(
                    payload=request.POST.get("code", "")[:2000],
                    edition=edition,
                    room=room,
                    user=request.user,
                    device=_("Einlass-Seite"),
                )
        except (ValueError, OverflowError):
            raise Http404 from None
        except checkin.CheckInRefused as refusal:
            result = refusal.result
        return self.render(request, edition, room, result=result)
