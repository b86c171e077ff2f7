"""Template helpers of the calendar feeds: feed URLs of pages and the webcal:// form of a URL."""

from django import template

from cms.feeds import subpage_url

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed_url(context, page, route_name, **kwargs) -> str:
    """Absolute URL of a page's ``.ics`` route, e.g.
    ``{% calendar_feed_url page "forum_ics" track_slug=track.slug as ics_url %}``."""
    return subpage_url(context["request"], page, route_name, **kwargs)


@register.filter
def webcal(url: str) -> str:
    """``https://host/x.ics`` -> ``webcal://host/x.ics``, the scheme calendar apps subscribe to."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("http", "https"):
        return f"webcal://{rest}"
    return url
