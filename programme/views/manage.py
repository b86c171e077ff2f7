"""Admin views for editors: publishing is refused while conflicts exist."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import CreateView, EditView

from ..services import ProgrammeConflictError


class RefuseConflictsMixin:
    """Keep the saved draft and show the conflicts when publishing is refused."""

    def publish_action(self):
        try:
            return super().publish_action()
        except ProgrammeConflictError as error:
            messages.error(
                self.request,
                _(
                    "Nicht veröffentlicht: %(count)s Konflikt(e) mit dem veröffentlichten Programm. "
                    "Der Entwurf wurde gespeichert."
                )
                % {"count": len(error.conflicts)},
            )
            for conflict in error.conflicts:
                messages.error(self.request, conflict.message)
            return redirect(self.get_edit_url())


class ProgrammeEditView(RefuseConflictsMixin, EditView):
    pass


class ProgrammeCreateView(RefuseConflictsMixin, CreateView):
    pass
