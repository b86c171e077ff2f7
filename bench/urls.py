"""The app's URLs plus a bare view to compare against, served by the same Django stack."""

import json
import uuid

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from congress.urls import urlpatterns as app_urlpatterns


def bare_body(request, size: int):
    """A bare Django view returning ``size`` bytes: the ceiling for a response of that size."""
    content_type = request.GET.get("type", "text/html; charset=utf-8")
    return HttpResponse(b"x" * size, content_type=content_type)


def bare_write(request):
    """A bare Django view writing one row: the ceiling for a registration POST (same middleware,
    CSRF check included)."""
    from registrations.models import WebhookEvent

    WebhookEvent.objects.create(event_id=uuid.uuid4().hex, type="bench")
    return HttpResponse(status=204)


@csrf_exempt
def bare_read_update(request):
    """A bare Django view reading one row and updating it: the ceiling for a check-in scan with
    a device token (same middleware; like the scan API, no CSRF check for a bearer token)."""
    from django.utils import timezone

    from registrations.models import WebhookEvent

    json.loads(request.body or b"{}")
    event = WebhookEvent.objects.get(event_id="bench-row")
    WebhookEvent.objects.filter(pk=event.pk).update(received_at=timezone.now())
    return JsonResponse({"ok": True, "id": event.pk})


urlpatterns = [
    path("__bench__/read-update/", bare_read_update),
    path("__bench__/bare/<int:size>/", bare_body),
    path("__bench__/write/", bare_write),
    *app_urlpatterns,
]
