"""The personal online access link in templates that are rendered without a request (emails)."""

from django import template

from ..access import access_url, has_online_access

register = template.Library()


@register.simple_tag
def online_access_url(registration) -> str:
    """The absolute URL of the registration's access page, or "" without online access."""
    return access_url(registration) if has_online_access(registration) else ""
