"""Business rules of the core: roles of people for a congress, an edition or a forum."""

from __future__ import annotations

from django.db import transaction

from .audit import log_action
from .enums import LogAction
from .models import RoleAssignment
from .rules import forget_roles


def assign_role(
    *, user, role: str, congress=None, edition=None, forum=None, by_user=None
) -> RoleAssignment:
    """Give ``user`` the ``role`` for its scope (validated by RoleAssignment.clean); giving a
    role the user already has changes nothing. Writes "role.assigned" to the audit log."""
    with transaction.atomic():
        existing = RoleAssignment.objects.filter(
            user=user, role=role, congress=congress, edition=edition, forum=forum
        ).first()
        if existing is not None:
            return existing
        assignment = RoleAssignment(
            user=user,
            role=role,
            congress=congress,
            edition=edition,
            forum=forum,
            created_by=by_user if by_user is not None and by_user.is_authenticated else None,
        )
        assignment.full_clean()
        assignment.save()
        log_action(
            assignment,
            LogAction.ROLE_ASSIGNED,
            actor=by_user,
            edition=assignment.edition_id,
            data={"user": user.pk, "role": role},
        )
    forget_roles(user)
    return assignment
