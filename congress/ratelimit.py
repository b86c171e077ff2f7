"""Rate limits counted with django-ratelimit in the shared cache, each with its decision for the
time the cache cannot count (Redis down): fail open (let the request through) or fail closed
(refuse it). README.md, "Production: when Redis is down", lists the decisions:

- registration form (registrations/views/public.py): open. Registering is what the site is for;
  seats, quotas and vouchers are guarded by row locks in the database, not by the limit;
- check-in name search (registrations/views/checkin.py): closed. It is a convenience at the door
  (scanning and the offline check work without it) and what an attacker would enumerate with;
- sign-in (cms/signin.py, its own counter): open, and allauth's own limits (sign-up, password
  reset, login codes) are open as well: a miss reads as "nothing counted".

When the cache is down its ``add`` answers as for a missing key (congress/cache.py), so
django-ratelimit counts 1 and would let everything through; ``rate_limited`` therefore asks
whether the cache failed and decides per limit. ``RATELIMIT_FAIL_OPEN`` is on in the settings so
that a count django-ratelimit could not make comes back as ``None`` (decided here as well).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django_ratelimit.core import get_usage

from .cache import cache_is_down


def rate_limited(
    request,
    *,
    group: str,
    key: Callable[[str, object], str],
    rate: str,
    fail_open: bool,
) -> bool:
    """Count one attempt of ``request`` in ``group`` under ``key`` and say whether it is over
    ``rate`` (django-ratelimit's syntax, e.g. "20/m"; empty: no limit). When the cache cannot
    count, the answer is ``not fail_open``."""
    if not rate or not getattr(settings, "RATELIMIT_ENABLE", True):
        return False
    cache_name = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage is None or cache_is_down(cache_name):  # the count is not a count
        return not fail_open
    return usage["should_limit"]
