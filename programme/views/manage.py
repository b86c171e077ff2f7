"""Admin views for editors: publishing is refused while conflicts exist."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import CreateView, EditView

from ..rules import tracks_for_sessions
from ..services import ProgrammeConflictError, person_calendar_state, record_person_change


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


class OwnForumsMixin:
    """A session goes only into a forum the user may put sessions into (a forum lead: theirs)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "track" in form.fields:
            field = form.fields["track"]
            field.queryset = tracks_for_sessions(self.request.user, field.queryset)
        return form


class ProgrammeEditView(OwnForumsMixin, RefuseConflictsMixin, EditView):
    pass


class ProgrammeCreateView(OwnForumsMixin, RefuseConflictsMixin, CreateView):
    pass


class PersonEditView(EditView):
    """Saving a person whose name, position or organisation changed updates their sessions in
    subscribed calendars."""

    def save_instance(self):
        previous = person_calendar_state(self.object)
        instance = super().save_instance()
        record_person_change(person=instance, previous=previous)
        return instance
