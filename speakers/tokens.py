"""The signed part of invitation links (made by the emails, read by services)."""

from __future__ import annotations

from django.core import signing

from .models import Invitation

INVITATION_SALT = "speakers.invitation"


def invitation_token(invitation: Invitation) -> str:
    """The signed, unguessable part of an invitation link."""
    return signing.dumps([invitation.pk, invitation.nonce], salt=INVITATION_SALT, compress=True)
