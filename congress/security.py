"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 has no CSP of its own (6.0 will); a small middleware suffices because the public site
needs no nonces: its templates carry no inline script or style (docs in README, "Security"), so
the policy forbids them. JSON data blocks (``<script type="application/ld+json">``,
``json_script``) are not executed and are not subject to script-src.

The Wagtail admin renders inline scripts and style attributes and offers no nonces for them, so
paths under the admin get a relaxed policy: inline script and style allowed, everything else
still limited to our origin (plus Wagtail's update check and Gravatar avatars), and framing by
our own origin for the page preview.

The middleware stands outside ``cms.caching.PageCacheMiddleware``, so cached pages carry the same
headers. A view that needs a browser feature says so with ``allow_features`` (the check-in page:
the camera); the middleware then leaves its Permissions-Policy alone.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

# Stripe Checkout: the registration and pay forms POST here, and the answer redirects there;
# browsers apply form-action to that redirect.
STRIPE_CHECKOUT = "https://checkout.stripe.com"

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", STRIPE_CHECKOUT],
    "frame-ancestors": ["'none'"],
}

ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "www.gravatar.com"],
    "connect-src": ["'self'", "https://releases.wagtail.org"],
    "form-action": ["'self'"],
    # The live preview shows the page in an iframe of the editor.
    "frame-ancestors": ["'self'"],
}

# Features nobody on the site needs; a view lifts one with allow_features.
FEATURES = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)


def permissions_policy(*allowed: str) -> str:
    """``camera=(self), geolocation=(), ...``: the ``allowed`` features for our origin only."""
    return ", ".join(f"{name}=({'self' if name in allowed else ''})" for name in FEATURES)


def allow_features(*allowed: str):
    """View decorator: the response lets our origin use ``allowed`` (e.g. "camera")."""
    header = permissions_policy(*allowed)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Permissions-Policy"] = header
            return response

        return wrapper

    return decorator


def render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


@functools.cache
def _headers() -> tuple[str, str, str, str]:
    """(admin prefix, public CSP, admin CSP, default Permissions-Policy), built once."""
    public = {**PUBLIC_POLICY, "form-action": list(PUBLIC_POLICY["form-action"])}
    if settings.OIDC_SERVER_URL:
        # Signing in through the OpenID Connect provider: a POST redirected to its origin.
        parts = urlsplit(settings.OIDC_SERVER_URL)
        public["form-action"].append(f"{parts.scheme}://{parts.netloc}")
    return (
        reverse("wagtailadmin_home"),
        render_policy(public),
        render_policy(ADMIN_POLICY),
        permissions_policy(),
    )


class SecurityHeadersMiddleware:
    """Sets Content-Security-Policy and Permissions-Policy unless the view has set them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin_prefix, public_csp, admin_csp, features = _headers()
        admin = request.path.startswith(admin_prefix)
        response.headers.setdefault("Content-Security-Policy", admin_csp if admin else public_csp)
        response.headers.setdefault("Permissions-Policy", features)
        return response
