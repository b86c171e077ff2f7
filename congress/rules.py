"""Who may do what: a user's roles (``RoleAssignment``) and the predicates over them.

Every permission the code checks is a django-rules permission registered with ``rules.add_perm``
in the rules.py of the app it belongs to; views ask ``user.has_perm(name, obj)`` with the
edition, forum or object concerned (``congress.permissions``). Superusers may do everything
(Django's ``has_perm`` answers them before any backend, and the predicates say so as well).

A user's roles are read once per request, in one query, and kept on the user object
(``user._roles``), so checking many objects costs no further queries. Each predicate takes the
object's scope (its congress, editions and forums, see ``scope_of``) from the object's foreign
keys; apps register how to find it for their models with ``register_scope``.

Asked without an object (``obj=None``), a predicate answers whether the user has the role
anywhere: that shows a menu item or opens a listing, which then lists only what the role covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import rules

from .enums import Role
from .models import Congress, Edition, RoleAssignment


@dataclass(frozen=True)
class UserRoles:
    """The ids each role of a user covers. ``editions`` holds the editions of a role given for a
    whole congress as well; a forum lead's edition is in ``editions`` only for listings of that
    edition's forums and never grants anything edition-wide."""

    congresses: dict[str, frozenset[int]] = field(default_factory=dict)
    editions: dict[str, frozenset[int]] = field(default_factory=dict)
    forums: dict[str, frozenset[int]] = field(default_factory=dict)

    def __bool__(self):
        return bool(self.congresses or self.editions or self.forums)

    def has(self, *roles: str) -> bool:
        return any(
            role in self.congresses or role in self.editions or role in self.forums
            for role in roles
        )

    def congress_ids(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.congresses.get(role, ()) for role in roles))

    def edition_ids(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.editions.get(role, ()) for role in roles))

    def forum_ids(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.forums.get(role, ()) for role in roles))


NO_ROLES = UserRoles()


def load_roles(user) -> UserRoles:
    """The roles of ``user`` from the database, in one query (the editions of a congress-wide
    role come through a join)."""
    congresses: dict[str, set[int]] = {}
    editions: dict[str, set[int]] = {}
    forums: dict[str, set[int]] = {}
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "role", "congress_id", "edition_id", "forum_id", "congress__editions__id"
    )
    for role, congress_id, edition_id, forum_id, congress_edition_id in rows:
        if congress_id:
            congresses.setdefault(role, set()).add(congress_id)
        for edition in (edition_id, congress_edition_id):
            if edition:
                editions.setdefault(role, set()).add(edition)
        if forum_id:
            forums.setdefault(role, set()).add(forum_id)

    def frozen(ids):
        return {role: frozenset(values) for role, values in ids.items()}

    return UserRoles(frozen(congresses), frozen(editions), frozen(forums))


def roles_of(user) -> UserRoles:
    """The roles of ``user``, read once and kept on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    roles = getattr(user, "_roles", None)
    if roles is None:
        roles = load_roles(user)
        user._roles = roles
    return roles


def forget_roles(user) -> None:
    """Drop the cached roles (after assigning or revoking one for the same user object)."""
    user.__dict__.pop("_roles", None)


# The scope of an object ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    congress_id: int | None = None
    edition_ids: frozenset[int] = frozenset()
    forum_ids: frozenset[int] = frozenset()


_SCOPES: dict[type, Callable[[object], Scope]] = {}


def register_scope(model: type, scope: Callable[[object], Scope]) -> None:
    """Tell the predicates how to find the congress, editions and forums of ``model``'s
    objects (from their foreign keys; select_related them in listings)."""
    _SCOPES[model] = scope


def edition_scope(edition_id: int | None, congress_id: int | None = None) -> Scope:
    return Scope(congress_id, frozenset([edition_id] if edition_id else []))


def scope_of(obj) -> Scope | None:
    """The scope of ``obj``; ``None`` for a model without one (no role covers it)."""
    for model in type(obj).__mro__:
        if model in _SCOPES:
            return _SCOPES[model](obj)
    return None


register_scope(Congress, lambda congress: Scope(congress_id=congress.pk))
register_scope(Edition, lambda edition: edition_scope(edition.pk, edition.congress_id))
register_scope(
    RoleAssignment,
    lambda assignment: edition_scope(assignment.edition_id, assignment.congress_id),
)


# Predicates ------------------------------------------------------------------------------------


def _covers(roles: UserRoles, obj, *role_names: str, forums: bool = False) -> bool:
    """Whether one of ``role_names`` covers ``obj`` (any object when ``obj`` is None): by its
    congress or editions, or with ``forums`` by its forums."""
    if obj is None:
        return roles.has(*role_names)
    scope = scope_of(obj)
    if scope is None:
        return False
    if forums:
        return bool(scope.forum_ids & roles.forum_ids(*role_names))
    if scope.congress_id is not None and scope.congress_id in roles.congress_ids(*role_names):
        return True
    return bool(scope.edition_ids & roles.edition_ids(*role_names))


@rules.predicate
def is_superuser(user):
    return bool(user is not None and user.is_active and user.is_superuser)


@rules.predicate
def has_any_role(user):
    """Any role anywhere: the Wagtail admin opens (and shows what the roles allow)."""
    return bool(roles_of(user))


@rules.predicate
def is_organiser_somewhere(user):
    """Organisation of any congress: for what belongs to no congress (people, session types)."""
    return roles_of(user).has(Role.ORGANISER)


@rules.predicate
def is_organiser(user, obj=None):
    """Organisation of the object's congress: everything in every edition of it."""
    return _covers(roles_of(user), obj, Role.ORGANISER)


@rules.predicate
def is_checkin_staff(user, obj=None):
    """Einlass of the object's edition."""
    return _covers(roles_of(user), obj, Role.CHECKIN)


@rules.predicate
def is_speaker_manager(user, obj=None):
    """Referierendenbetreuung of the object's congress or edition."""
    return _covers(roles_of(user), obj, Role.SPEAKER_MANAGER)


@rules.predicate
def is_forum_lead(user, obj=None):
    """Forumsleitung of the object's forum (a forum, or a session in it)."""
    return _covers(roles_of(user), obj, Role.FORUM_LEAD, forums=True)


# Permissions -----------------------------------------------------------------------------------

# The Wagtail admin opens for every role; it shows each role only its own pages.
rules.add_perm("wagtailadmin.access_admin", is_superuser | has_any_role)

# Congresses and editions: organisers of the congress (creating one stays with superusers).
for action in ("view", "change"):
    rules.add_perm(f"congress.{action}_congress", is_superuser | is_organiser)
    rules.add_perm(f"congress.{action}_edition", is_superuser | is_organiser)

# Venues belong to no congress: organisers of any congress.
for action in ("view", "add", "change"):
    rules.add_perm(f"congress.{action}_venue", is_superuser | is_organiser_somewhere)

# The audit log: organisers read the entries of their congress's editions
# (LogEntry.objects.viewable_by_user).
rules.add_perm("congress.view_logentry", is_superuser | is_organiser)

# Roles: organisers manage the roles of their congress.
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"congress.{action}_roleassignment", is_superuser | is_organiser)
