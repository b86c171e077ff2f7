"""The app's URLs plus a bare view to compare against, served by the same Django stack."""

from django.http import HttpResponse
from django.urls import path

from congress.urls import urlpatterns as app_urlpatterns


def bare_body(request, size: int):
    """A bare Django view returning ``size`` bytes: the ceiling for a response of that size."""
    content_type = request.GET.get("type", "text/html; charset=utf-8")
    return HttpResponse(b"x" * size, content_type=content_type)


urlpatterns = [path("__bench__/bare/<int:size>/", bare_body), *app_urlpatterns]
