"""The app's URLs plus a bare view to compare against, served by the same Django stack."""

import uuid

from django.http import HttpResponse
from django.urls import path

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


urlpatterns = [
    path("__bench__/bare/<int:size>/", bare_body),
    path("__bench__/write/", bare_write),
    *app_urlpatterns,
]
