"""Permissions of the cms app's admin pages (django-rules, autodiscovered)."""

import rules

from congress.rules import is_organiser, is_superuser

# The dashboard of an edition: the organisers of its congress (and superusers).
rules.add_perm("cms.view_dashboard", is_superuser | is_organiser)
