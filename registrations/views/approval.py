"""The approval queue in the Wagtail admin (*Durchführung → Freigaben*): registrations of
categories with "Freigabe erforderlich" wait here until an organiser of their congress approves
or rejects them with a message (services.approve_registration, reject_registration; both email
the attendee and write the audit log). Permission: "registrations.approve_registration" for the
registration's edition."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from congress.admin_pages import AdminPageMixin
from congress.permissions import PermissionRequiredMixin

from .. import services
from ..enums import RegistrationState
from ..models import Registration
from .manage import editions_with_perm

APPROVE_PERMISSION = "registrations.approve_registration"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    message = forms.CharField(
        label=gettext_lazy("Nachricht an die Person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def approval_queue(user):
    """The registrations awaiting approval in the editions ``user`` may decide on, oldest
    first; one query, whatever their number."""
    queue = Registration.objects.filter(state=RegistrationState.AWAITING_APPROVAL)
    if not user.is_superuser:
        queue = queue.filter(edition__in=editions_with_perm(user, APPROVE_PERMISSION))
    return queue.select_related("edition", "category").order_by("created_at", "pk")


class ApprovalQueueView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = APPROVE_PERMISSION
    template_name = "registrations/admin/approval_queue.html"
    page_title = gettext_lazy("Freigaben")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registrations=list(approval_queue(self.request.user)), **kwargs
        )


class DecideRegistrationView(PermissionRequiredMixin, View):
    """POST only: approve or reject one registration, then back to the queue."""

    permission_required = APPROVE_PERMISSION
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.registration = get_object_or_404(
            Registration.objects.select_related("edition", "category"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.registration

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Bitte wählen Sie „Freigeben“ oder „Ablehnen“."))
            return redirect("registrations_approval_queue")
        message = form.cleaned_data["message"]
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_registration(
                    registration=self.registration, by_user=request.user, message=message
                )
                messages.success(
                    request,
                    _("%(name)s ist freigegeben.") % {"name": self.registration.full_name},
                )
            else:
                services.reject_registration(
                    registration=self.registration, by_user=request.user, message=message
                )
                messages.success(
                    request,
                    _("%(name)s ist abgelehnt.") % {"name": self.registration.full_name},
                )
        except services.RegistrationError as error:
            messages.error(request, error.message)
        return redirect("registrations_approval_queue")
