"""The demo's users: the admin and the staff at the door ("einlass")."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

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


def ensure_checkin_user(password: str, summary: Summary):
    """Staff at the door: the check-in permission and access to the Wagtail admin (for the menu
    item "Einlass"), no superuser."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=data.CHECKIN_USERNAME).first()
    created = user is None
    if created:
        user = user_model(username=data.CHECKIN_USERNAME)
    changed = assign(
        user,
        {
            "email": data.CHECKIN_EMAIL,
            "first_name": "Einlass",
            "last_name": "Team",
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
    permissions = list(
        Permission.objects.filter(
            Q(content_type__app_label="registrations", codename="check_in")
            | Q(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    )
    if len(permissions) != 2:
        raise DemoError("Die Berechtigungen für den Einlass fehlen (migrate ausgeführt?).")
    missing = set(permissions) - set(user.user_permissions.all())
    if missing:
        user.user_permissions.add(*missing)
        changed = True
    _ensure_verified_email(user)
    summary.record("Benutzer", created, changed and not created)
    return user
