"""Check-in devices in the Wagtail admin: the list (organisers see their congress's devices, staff
their own), renaming, and revoking one device (its token is refused from the next request)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem

from congress.admin_pages import AdminPageMixin
from congress.permissions import PermissionRequiredMixin, RulesPermissionPolicy, ScopedViewSetMixin

from .. import devices
from ..exceptions import RegistrationError
from ..models import CheckInDevice
from ..rules import edition_filter


class CheckInDevicePermissionPolicy(RulesPermissionPolicy):
    """The rules' policy; the listing adds the user's own devices to their organisers' scope."""

    def __init__(self):
        super().__init__(CheckInDevice, scope_filter=edition_filter("edition_id"))

    def scope_q(self, user, actions):
        q = super().scope_q(user, actions)
        if q is not None and self.user_has_any_permission(user, actions):
            q |= Q(user_id=user.pk)
        return q


class CheckInDeviceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("edition", "user")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None:
            buttons.append(
                ButtonMenuItem(
                    gettext_lazy("Sperren"),
                    url=reverse("registrations_checkin_device_revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class CheckInDeviceViewSet(ScopedViewSetMixin, ModelViewSet):
    name = "checkin_devices"
    url_prefix = "einlass-geraete"
    model = CheckInDevice
    icon = "mobile-alt"
    menu_label = gettext_lazy("Einlass-Geräte")
    add_to_reference_index = False
    index_view_class = CheckInDeviceIndexView
    copy_view_enabled = False
    list_display = [
        "name",
        "edition",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["edition"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name"]


class RevokeDeviceView(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = "registrations.change_checkindevice"
    template_name = "registrations/admin/revoke_device.html"
    page_title = gettext_lazy("Einlass-Gerät sperren")
    header_icon = "cross"

    def dispatch(self, request, *args, **kwargs):
        self.device = get_object_or_404(
            CheckInDevice.objects.select_related("edition", "user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.device

    def get_context_data(self, **kwargs):
        return super().get_context_data(device=self.device, **kwargs)

    def post(self, request, pk):
        try:
            devices.revoke_device(device=self.device, by_user=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Das Gerät „%(name)s“ ist gesperrt; sein Token gilt nicht mehr.")
                % {"name": self.device.name},
            )
        return redirect("checkin_devices:index")
