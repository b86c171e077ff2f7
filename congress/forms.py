from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .enums import Role
from .permissions import has_perm
from .rules import roles_of


class EditionAdminForm(WagtailAdminModelForm):
    """The format of an existing edition changes only through "Format wechseln"
    (registrations.services.switch_edition_mode), which takes the registrations, tickets,
    calendars and emails along; a plain edit would change the format and nothing else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "mode" in self.fields:
            self.fields["mode"].disabled = True
            self.fields["mode"].help_text = _(
                "Ändern Sie das Format über „Format wechseln“: Anmeldungen, Tickets, Kalender "
                "und E-Mails folgen dann dem Wechsel."
            )


class RoleAssignmentForm(WagtailAdminModelForm):
    """Roles in the admin: organisers choose among their congress's editions and forums and may
    give roles only there; the model's validation checks the scope fits the role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        roles = roles_of(user)
        congresses = roles.congress_ids(Role.ORGANISER)
        editions = roles.edition_ids(Role.ORGANISER)
        for name, lookup, ids in (
            ("congress", "pk__in", congresses),
            ("edition", "pk__in", editions),
            ("forum", "edition_id__in", editions),
        ):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(**{lookup: ids})

    def _post_clean(self):
        super()._post_clean()
        user = self.for_user
        if self.errors or user is None:
            return
        if not has_perm(user, "congress.change_roleassignment", self.instance):
            self.add_error(None, _("Sie dürfen Rollen nur für Ihren Kongress vergeben."))

    def save(self, commit=True):
        if self.instance._state.adding and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)
