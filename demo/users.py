"""The demo's users: the admin, the staff at the door ("einlass") and a forum lead
("forumsleitung")."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from congress.enums import Role
from congress.models import RoleAssignment
from congress.services import assign_role

from . import data
from .common import DemoError, Summary, assign

# --- admin user ------------------------------------------------------------------------------


def ensure_admin(password: str, summary: Summary):
    user_model = get_user_model()
    user = user_model.objects.filter(username=data.ADMIN_USERNAME).first()
    created = user is None
    if created:
        user = user_model(username=data.ADMIN_USERNAME)
    changed = assign(
        user,
        {"email": data.ADMIN_EMAIL, "is_staff": True, "is_superuser": True, "is_active": True},
    )
    if created or not user.check_password(password):
        user.set_password(password)
        changed = True
    if created or changed:
        user.save()
    _ensure_verified_email(user)
    summary.record("Benutzer", created, changed and not created)
    return user


def _ensure_verified_email(user) -> None:
    """Let the admin also sign in through allauth (email login, mandatory verification)."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save()


def _ensure_staff_user(username, email, names, password: str, summary: Summary):
    """A user who may open the Wagtail admin, no superuser; what they may do there comes from
    their roles."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        user = user_model(username=username)
    changed = assign(
        user,
        {
            "email": email,
            "first_name": names[0],
            "last_name": names[1],
            "is_staff": False,
            "is_superuser": False,
            "is_active": True,
        },
    )
    if created or not user.check_password(password):
        user.set_password(password)
        changed = True
    if created or changed:
        user.save()
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is None:
        raise DemoError("Die Berechtigung für den Admin-Bereich fehlt (migrate ausgeführt?).")
    if not user.user_permissions.filter(pk=access.pk).exists():
        user.user_permissions.add(access)
        changed = True
    _ensure_verified_email(user)
    summary.record("Benutzer", created, changed and not created)
    return user


def ensure_checkin_user(password: str, summary: Summary):
    """Staff at the door; the role "Einlass" for the edition comes with ``ensure_checkin_role``."""
    return _ensure_staff_user(
        data.CHECKIN_USERNAME, data.CHECKIN_EMAIL, ("Einlass", "Team"), password, summary
    )


def ensure_forum_lead_user(password: str, summary: Summary):
    """The lead of a forum; the role comes with ``ensure_forum_lead_role``."""
    return _ensure_staff_user(
        data.FORUM_LEAD_USERNAME, data.FORUM_LEAD_EMAIL, ("Ada", "Forumsleitung"), password, summary
    )


def ensure_forum_lead_role(user, forum, *, admin, summary: Summary) -> None:
    """The role "Forumsleitung" of ``user`` for ``forum`` (congress.services.assign_role)."""
    had_it = RoleAssignment.objects.filter(user=user, role=Role.FORUM_LEAD, forum=forum).exists()
    assign_role(user=user, role=Role.FORUM_LEAD, edition=forum.edition, forum=forum, by_user=admin)
    summary.record("Rolle", not had_it, False)


def ensure_checkin_role(user, edition, *, admin, summary: Summary) -> None:
    """The role "Einlass" of ``user`` for ``edition`` (congress.services.assign_role)."""
    had_it = RoleAssignment.objects.filter(user=user, role=Role.CHECKIN, edition=edition).exists()
    assign_role(user=user, role=Role.CHECKIN, edition=edition, by_user=admin)
    summary.record("Rolle", not had_it, False)
