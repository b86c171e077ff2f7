"""Permissions of the cms app's admin pages (django-rules, autodiscovered): the dashboard of an
edition and writing to segments of it (mailings), both for its congress's organisers and
superusers. Forum leads, check-in staff and speaker managers may not."""

import rules

from congress.rules import edition_scope, is_organiser, is_superuser, register_scope

from .mailings import SEND_MAILING
from .mailings.models import Mailing

register_scope(Mailing, lambda mailing: edition_scope(mailing.edition_id))

rules.add_perm(SEND_MAILING, is_superuser | is_organiser)
rules.add_perm("cms.view_mailing", is_superuser | is_organiser)
# The dashboard of an edition.
rules.add_perm("cms.view_dashboard", is_superuser | is_organiser)
