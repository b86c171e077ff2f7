"""Admin panels of the programme: editors see conflicts while they edit."""

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
