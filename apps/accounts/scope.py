"""Who may do what, where: the actions and the roles that may perform them, and a user's scope (the units of each
role, from the guardian object permissions on ``organisation.OrgUnit``), computed once per user object.
``apps.accounts.permissions`` builds its answers on these and re-exports them."""

from django.contrib.contenttypes.models import ContentType

from .models import ROLE_PERMISSIONS, Role, unit_model

READ_ROLES = frozenset(
    {Role.UNIT_LEADER, Role.ORG_BOARD, Role.LEADERSHIP, Role.POLITICAL_PROTECTION, Role.INSPECTION}
)

#: action -> roles that may perform it on an object in their scope.
ACTIONS = {
    "view": READ_ROLES,
    "start_procedure": frozenset({Role.UNIT_LEADER}),
    "follow_procedure": frozenset({Role.UNIT_LEADER, Role.ORG_BOARD, Role.LEADERSHIP, Role.INSPECTION}),
    "contribute_procedure": frozenset({Role.UNIT_LEADER, Role.ORG_BOARD, Role.LEADERSHIP}),
    "review": frozenset({Role.ORG_BOARD}),
    "edit_registry": frozenset({Role.ORG_BOARD}),
    "record_conference": frozenset({Role.ORG_BOARD}),
    "verify": frozenset({Role.ORG_BOARD}),
    "reassign": frozenset({Role.ORG_BOARD}),
    "decide": frozenset({Role.LEADERSHIP}),
    "conclude_political_standard": frozenset({Role.POLITICAL_PROTECTION}),
    "inspect": frozenset({Role.INSPECTION}),
    "open_revocation": frozenset({Role.INSPECTION, Role.ORG_BOARD}),
    "handle_report": frozenset({Role.INSPECTION}),
    "read_targets": frozenset({Role.UNIT_LEADER, Role.ORG_BOARD, Role.LEADERSHIP, Role.INSPECTION}),
    # the tallies of a step whose result is not announced (procedures §1.2, H5): not the unit leader
    "read_unannounced_tallies": frozenset({Role.ORG_BOARD, Role.LEADERSHIP, Role.INSPECTION}),
}

#: all the inspection commission may do: read, follow, and its own inspection work. A member of it may do nothing
#: else, whatever other roles they also hold (read-only, docs/design.md §1): ``scope_unit_ids`` gives them no unit for
#: any other action, and ``RolePermissionBackend`` refuses them every other role's Viewflow task permission.
INSPECTION_ACTIONS = frozenset(
    {
        "view",
        "follow_procedure",
        "inspect",
        "open_revocation",
        "handle_report",
        "read_targets",
        "read_unannounced_tallies",
    }
)
_CACHE_ATTR = "_cadreflow_scope_cache"


def _unit_ct_id():
    return ContentType.objects.get_for_model(unit_model()).pk


def roles_for(action):
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None


def _scope(user):
    """{role: frozenset(unit ids)} for the user, computed once per user object (one query)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from guardian.models import UserObjectPermission

    codename_to_role = {codename: role for role, codename in ROLE_PERMISSIONS.items()}
    rows = UserObjectPermission.objects.filter(
        user_id=user.pk,
        content_type_id=_unit_ct_id(),
        permission__codename__in=list(codename_to_role),
    ).values_list("permission__codename", "object_pk")
    scope = {}
    for codename, object_pk in rows:
        scope.setdefault(codename_to_role[codename], set()).add(int(object_pk))
    scope = {role: frozenset(ids) for role, ids in scope.items()}
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user):
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_unrestricted(user):
    return bool(user and user.is_active and user.is_superuser)


def has_role(user, role):
    return bool(user and user.is_authenticated and (_scope(user).get(role) or is_unrestricted(user)))


def scope_unit_ids(user, action):
    """Unit ids where `user` may perform `action`; ``None`` means every unit (superuser)."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    if is_unrestricted(user):
        return None
    scope = _scope(user)
    if action not in INSPECTION_ACTIONS and roles_for(action) and scope.get(Role.INSPECTION):
        return frozenset()  # the inspection commission is read-only whatever else it holds
    ids = set()
    for role in roles_for(action):
        ids |= scope.get(role, frozenset())
    return frozenset(ids)


def role_permission(role):
    """The guardian permission (``"organisation.act_…"``) a role grants on the units of its scope: what Viewflow's
    task permissions (``owner_permission``) check."""
    return f"organisation.{ROLE_PERMISSIONS[role]}"


#: the role permissions, as the flows name their steps' owners (one definition: ``role_permission``)
UNIT_LEADER = role_permission(Role.UNIT_LEADER)
ORG_BOARD = role_permission(Role.ORG_BOARD)
LEADERSHIP = role_permission(Role.LEADERSHIP)
POLITICAL_PROTECTION = role_permission(Role.POLITICAL_PROTECTION)
INSPECTION = role_permission(Role.INSPECTION)
