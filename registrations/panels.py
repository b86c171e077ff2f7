"""Panels of the Wagtail admin's dashboard (registered in wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from congress.enums import Role
from congress.rules import roles_of

from .queries import forum_counts


class ForumLeadPanel(Component):
    """A forum lead's forums with the number of registrations that chose each: what the role
    may see of registrations, and nothing more (no names, no addresses)."""

    name = "forum_lead_counts"
    title = _("Ihre Foren")
    order = 90
    template_name = "registrations/panels/forum_lead_counts.html"

    def __init__(self, forum_ids):
        self.forum_ids = forum_ids

    @classmethod
    def for_user(cls, user):
        forum_ids = roles_of(user).forum_ids(Role.FORUM_LEAD)
        return cls(forum_ids) if forum_ids else None

    def get_context_data(self, parent_context=None):
        return {"title": self.title, "counts": forum_counts(self.forum_ids)}
