"""The views' side of the permissions (the predicates are in each app's rules.py).

- ``has_perm(user, perm, obj=None)``: the one question every view, menu item and API asks. With an
  object it is ``user.has_perm(perm, obj)``; without one it asks the rules only (whether the user
  may do it for at least one object), so a global Django permission grants nothing here.
- ``PermissionRequiredMixin``: a view declares ``permission_required`` and, when it concerns an
  edition, congress or object named in the URL, returns it from ``get_permission_object()``.
- ``PermissionMenuItem``: an admin menu item shown only with the permission somewhere.
- ``RulesPermissionPolicy`` and ``ScopedViewSetMixin``: Wagtail's generic views (listings, edit,
  delete, history ...) of a model that belongs to an edition or a forum ask the rules, and list
  only the objects the user may see.
"""

from __future__ import annotations

from collections.abc import Callable

import rules
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

from .models import Edition
from .rules import UserRoles, roles_of


def has_perm(user, perm: str, obj=None) -> bool:
    """Whether ``user`` may ``perm`` on ``obj`` (without an object: on at least one)."""
    if user is None or not user.is_active:
        return False
    if obj is not None:
        return user.has_perm(perm, obj)
    return user.is_superuser or rules.has_perm(perm, user)


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """``permission_required`` for ``get_permission_object()`` (by default none: the user needs
    the permission for at least one object, and the view shows only those). Anonymous users go
    to the login, signed-in users without the permission get 403."""

    def get_permission_object(self):
        return None

    def has_permission(self):
        obj = self.get_permission_object()
        return all(
            has_perm(self.request.user, perm, obj) for perm in self.get_permission_required()
        )


class EditionPermissionMixin(PermissionRequiredMixin):
    """A view of one edition (``edition_id`` in the URL, or ``edition_url_kwarg``): the edition
    with its congress as ``self.edition``, and ``permission_required`` checked on it."""

    edition_url_kwarg = "edition_id"

    def dispatch(self, request, *args, **kwargs):
        self.edition = get_object_or_404(
            Edition.objects.select_related("congress"), pk=kwargs[self.edition_url_kwarg]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.edition

    def get_page_subtitle(self):
        return self.edition.title


class PermissionMenuItem(MenuItem):
    """A menu item shown to users with ``permission`` for at least one object."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return has_perm(request.user, self.permission)


class RulesPermissionPolicy(BasePermissionPolicy):
    """A Wagtail permission policy that asks the rules: ``<app>.<action>_<model>`` for the model
    (for at least one object) and for each instance; ``scope_filter(roles, action)`` gives the
    Q of the instances the user's roles cover for an action (superusers: all)."""

    def __init__(self, model, *, scope_filter: Callable[[UserRoles, str], Q]):
        super().__init__(model)
        self.scope_filter = scope_filter

    def _perm(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def user_has_permission(self, user, action):
        return has_perm(user, self._perm(action))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return has_perm(user, self._perm(action), instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def scope_q(self, user, actions) -> Q | None:
        """The filter of the instances ``user`` may act on (``None``: all of them)."""
        if user.is_active and user.is_superuser:
            return None
        q = Q(pk__in=[])
        for action in actions:
            if self.user_has_permission(user, action):
                q |= self.scope_filter(roles_of(user), action)
        return q

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        q = self.scope_q(user, actions)
        return queryset if q is None else queryset.filter(q)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission(self, actions):
        # Superusers and whoever has a role: the candidates Wagtail notifies (workflows).
        return (
            get_user_model()
            ._default_manager.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(role_assignments__isnull=False))
            .distinct()
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


SCOPED_ACTIONS = ("view", "change")


class ScopedIndexMixin:
    """A listing of a scoped model: only the instances the user may view or change."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        q = self.permission_policy.scope_q(self.request.user, SCOPED_ACTIONS)
        return queryset if q is None else queryset.filter(q)


class ScopedObjectMixin:
    """A view of one instance of a scoped model (edit, history, preview, workflow actions ...):
    403 unless the user may view or change that instance; the delete view: unless the user may
    delete it."""

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and request.user.is_authenticated:
            instance = get_object_or_404(self.model, pk=unquote(str(pk)))
            # The workflow views (approve, request changes) have no policy of their own.
            policy = getattr(self, "permission_policy", None) or policy_registry.get(instance)
            # Wagtail's delete view asks "delete" of the model only: ask it of the instance.
            actions = ["delete"] if isinstance(self, DeleteView) else SCOPED_ACTIONS
            if not policy.user_has_any_permission_for_instance(request.user, actions, instance):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedFormMixin:
    """A create or edit form of a scoped model: the object as submitted must lie within the
    user's scope (an organiser cannot create a forum in another congress's edition, a forum lead
    cannot move a session into another forum)."""

    def form_valid(self, form):
        action = "add" if isinstance(self, CreateView) else "change"
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, action, form.instance
        ):
            message = _("Das liegt außerhalb Ihrer Berechtigung.")
            form.add_error(None, message)
            self.produced_error_message = message
            return self.form_invalid(form)
        return super().form_valid(form)


class ScopedViewSetMixin:
    """For a ModelViewSet or SnippetViewSet whose model has a ``RulesPermissionPolicy``: its
    listing is scoped, every view of one instance, and what its forms save."""

    def construct_view(self, view_class, **kwargs):
        mixins = []
        if issubclass(view_class, IndexView):
            mixins.append(ScopedIndexMixin)
        else:
            mixins.append(ScopedObjectMixin)
            if issubclass(view_class, (CreateView, EditView)):
                mixins.append(ScopedFormMixin)
        mixins = [mixin for mixin in mixins if not issubclass(view_class, mixin)]
        if mixins:
            view_class = type(view_class.__name__, (*mixins, view_class), {})
        return super().construct_view(view_class, **kwargs)


class ReadOnlyPolicy(RulesPermissionPolicy):
    """A ``RulesPermissionPolicy`` whose generic views never change or delete (and, unless
    ``allows_add``, never create): the model changes only through services, which its admin
    actions call. Listing and inspecting follow the rules as before."""

    def __init__(self, model, *, scope_filter, allows_add: bool = False):
        super().__init__(model, scope_filter=scope_filter)
        self.refused = {"change", "delete"} | (set() if allows_add else {"add"})

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action not in self.refused and super().user_has_permission_for_instance(
            user, action, instance
        )


class ReadOnlyViewSetMixin:
    """A ModelViewSet without the URLs of its edit and delete views (and of its create view
    unless ``add_view_enabled``): they answer 404."""

    add_view_enabled = False

    def _removed_views(self) -> set[str]:
        return {"edit", "delete"} | (set() if self.add_view_enabled else {"add"})

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self._removed_views():
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    @property
    def url_finder_class(self):
        """The admin's links to an object (log, search) lead to its inspect view."""
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        removed = self._removed_views()
        return [p for p in super().get_urlpatterns() if p.name not in removed]
