"""Admin panels of the programme: editors see conflicts while they edit."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from .models import Session, Track
from .services import session_conflicts, track_conflicts


class ConflictPanel(Panel):
    """Lists the conflicts the edited session or track would have once published."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "programme/admin/conflict_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["conflicts"] = self.conflicts()
            return context

        def conflicts(self):
            instance = self.instance
            if instance is None or not instance.pk:
                return []
            if isinstance(instance, Session):
                return session_conflicts(instance)
            if isinstance(instance, Track):
                return [
                    c
                    for c in track_conflicts(instance)
                    if instance.pk in (c.first.track_id, c.second.track_id)
                ]
            return []


class NoticeHoldPanel(Panel):
    """Whether the forum's change notices are held, with the link to hold or release them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "programme/admin/notice_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["held"] = bool(instance is not None and instance.notices_held)
            context["url"] = (
                reverse("programme_notice_hold", args=[instance.pk])
                if instance is not None and instance.pk
                else ""
            )
            return context
