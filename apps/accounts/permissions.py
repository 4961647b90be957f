"""The one place that answers "may user U do action A to object O" (docs/style.md rule 5).

Scope comes from role assignments (user, role, unit, with sub-units), materialised as guardian object
permissions on ``organisation.OrgUnit`` — the same permissions Viewflow tasks are checked against. Views, the
API, flows and Celery jobs all call ``can``/``require``/``restrict``/``scope_unit_ids`` from here.

An object belongs to a unit through its ``scope_unit_id`` property. Objects that have candidates expose
``conflicted_cadre_ids()``; a user whose own cadre record is among them may neither act on nor read it (R10).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.backends import ObjectPermissionBackend
from guardian.models import GroupObjectPermission, UserObjectPermission

from .models import ROLE_PERMISSIONS, Role, RoleAssignment

# the actions, roles and scopes live in .scope; every name stays importable from here (the one place that answers)
from .scope import (  # noqa: F401
    ACTIONS,
    INSPECTION,
    INSPECTION_ACTIONS,
    LEADERSHIP,
    ORG_BOARD,
    POLITICAL_PROTECTION,
    READ_ROLES,
    UNIT_LEADER,
    _scope,
    forget_scope,
    has_role,
    is_unrestricted,
    role_permission,
    roles_for,
    scope_unit_ids,
)

#: the actions (``ACTIONS``) that may withdraw a procedure: its proposer, or the organisation board reviewing it
WITHDRAW_ACTIONS = ("start_procedure", "review")


def may_withdraw(user, process):
    return any(can(user, action, process) for action in WITHDRAW_ACTIONS)


def process_unit(process):
    """The unit a procedure is about. Viewflow passes the subclass at task creation and a base ``Process`` in
    ``can_assign`` (docs/viewflow-notes.md §7.1 item 4), hence ``coerced``."""
    return process.coerced.unit


def users_with_permission(perm, obj):
    """Who holds `perm` (``"app_label.codename"``) on `obj`: the one definition, the users for whom the permission
    backend (``RolePermissionBackend``) answers yes — active, the guardian permission granted to them directly or
    through one of their groups, and, for another role's permission, not a member of the inspection commission
    (read-only). Roles are materialised as such permissions on units (``apps.accounts.services``), so for a unit
    this is "everyone whose role scope contains the unit". Superusers are not holders unless granted."""
    app_label, codename = perm.split(".", 1)
    match = {
        "permission__codename": codename,
        "permission__content_type__app_label": app_label,
        "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
        "object_pk": str(obj.pk),
    }
    user_ids = UserObjectPermission.objects.filter(**match).values("user_id")
    group_ids = GroupObjectPermission.objects.filter(**match).values("group_id")
    users = get_user_model().objects.filter(Q(pk__in=user_ids) | Q(groups__in=group_ids), is_active=True)
    if perm in _OTHER_ROLE_PERMS:
        inspectors = RoleAssignment.objects.active().filter(role=Role.INSPECTION).values("user_id")
        users = users.exclude(pk__in=inspectors, is_superuser=False)
    return users.distinct().order_by("pk")


def holders_of(role, unit):
    """The active users holding `role` on `unit` (``users_with_permission`` of the role's permission): assigned on
    the unit or on an ancestor with its sub-units, or granted through a group — exactly whom the permission
    backend lets act in that role there."""
    return users_with_permission(role_permission(role), unit)


def in_conflict(user, obj):
    """R10: the user's own cadre record is a candidate of `obj`."""
    cadre_id = getattr(user, "cadre_id", None)
    if not cadre_id:
        return False
    conflicted = getattr(obj, "conflicted_cadre_ids", None)
    return bool(conflicted) and cadre_id in conflicted()


#: actions that write a cadre's records (issue 9 point 5: nobody writes their own, see ``record_write_conflict``)
REGISTRY_WRITE_ACTIONS = frozenset({"edit_registry", "conclude_political_standard"})


def _open_procedures_of(model_lookups, user):
    """{process model: ids} of the open procedures `user` takes part in (see ``record_write_conflict``)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import PROCESS

    owned = set(
        Task.objects.filter(owner_id=user.pk, process__status=PROCESS.NEW)
        # answering the procedure's request for a political-standard conclusion (procedures §9) is recording
        # that very record, not taking part in the deliberation
        .exclude(owner_permission=f"organisation.{ROLE_PERMISSIONS[Role.POLITICAL_PROTECTION]}")
        .values_list("process_id", flat=True)
    )
    found = {}
    for model, lookup in model_lookups:
        open_ = model.objects.filter(status=PROCESS.NEW)
        ids = set(open_.filter(pk__in=owned).values_list("pk", flat=True)) if owned else set()
        if getattr(user, "cadre_id", None):
            ids |= set(open_.filter(**{lookup: user.cadre_id}).values_list("pk", flat=True))
        if ids:
            found[model] = ids
    return found


def _procedure_models():
    from django.apps import apps
    from viewflow.workflow.models import Process

    return [
        (model, model.CONFLICT_CADRE_LOOKUP)
        for model in apps.get_models()
        if issubclass(model, Process)
        and model is not Process
        and getattr(model, "CONFLICT_CADRE_LOOKUP", None)
    ]


def record_write_conflict(user, cadre):
    """Why `user` may not write the records of `cadre` (issue 9 point 5; R10) — ``None`` when they may.

    - ``own_record``: `cadre` is the user's own cadre record (``User.cadre``). Nobody writes their own record
      or what is recorded about them — evaluations, achievements, discipline, political-standard conclusions,
      tenures, planning entries, asset declarations — whatever their role, superusers included.
    - ``candidate_in_own_procedure``: `cadre` is a candidate (or the subject: the reappointed cadre, the cadre of
      a decision under revocation) of an **open** procedure the user **takes part in**. Taking part means: the
      procedure is still running (Viewflow status NEW) and the user owns one of its tasks — the start task
      (they proposed it), a step they claimed or were assigned, whether still open or already done, except
      internal political protection's answer to the procedure's request for a conclusion — or is a candidate of
      it themself. Merely holding a role whose scope covers the procedure's unit is not taking
      part: the board keeps the registry up to date during a procedure, but not the members who act on it.
    """
    if cadre is None or getattr(cadre, "pk", None) is None or not user or not user.is_authenticated:
        return None
    if getattr(user, "cadre_id", None) == cadre.pk:
        return "own_record"
    for model, ids in _open_procedures_of(_procedure_models(), user).items():
        if model.objects.filter(pk__in=ids, **{model.CONFLICT_CADRE_LOOKUP: cadre.pk}).exists():
            return "candidate_in_own_procedure"
    return None


def _is_cadre(obj):
    meta = getattr(obj, "_meta", None)
    return meta is not None and meta.label_lower == "cadres.cadre"


def can(user, action, obj):
    """May `user` perform `action` on `obj`?"""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if in_conflict(user, obj):
        return False
    if action in REGISTRY_WRITE_ACTIONS and _is_cadre(obj) and record_write_conflict(user, obj):
        return False
    unit_ids = scope_unit_ids(user, action)
    if unit_ids is None:
        return True
    return getattr(obj, "scope_unit_id", None) in unit_ids


def require(user, action, obj):
    """Raise 404 when the user may not even see `obj` (same answer as "does not exist"), 403 when they may see
    it but not perform `action`."""
    if can(user, action, obj):
        return obj
    if action != "view" and can(user, "view", obj):
        raise PermissionDenied
    raise Http404


def restrict(queryset, user, action="view", unit_field=None):
    """Filter `queryset` to the objects `user` may perform `action` on.

    `unit_field` is the lookup from the model to its unit id; models declare it as ``SCOPE_UNIT_LOOKUP``
    (default ``"unit"``).
    """
    unit_ids = scope_unit_ids(user, action)
    if unit_ids is None:
        return queryset
    lookup = unit_field or getattr(queryset.model, "SCOPE_UNIT_LOOKUP", "unit")
    return restrict_conflicts(queryset.filter(**{f"{lookup}__in": unit_ids}), user)


def restrict_conflicts(queryset, user):
    """R10 on a queryset: drop the objects whose ``CONFLICT_CADRE_LOOKUP`` is the user's own cadre record."""
    cadre_id = getattr(user, "cadre_id", None)
    conflict_lookup = getattr(queryset.model, "CONFLICT_CADRE_LOOKUP", None)
    if cadre_id and conflict_lookup:
        queryset = queryset.exclude(**{conflict_lookup: cadre_id})
    return queryset


def inspection_bound(user):
    """Does `user` sit on the inspection commission (and so may only read and inspect)?"""
    return bool(user and user.is_authenticated and user.is_active and not is_unrestricted(user)) and bool(
        _scope(user).get(Role.INSPECTION)
    )


_INSPECTION_PERM = f"organisation.{ROLE_PERMISSIONS[Role.INSPECTION]}"
_OTHER_ROLE_PERMS = frozenset(
    f"organisation.{codename}" for role, codename in ROLE_PERMISSIONS.items() if role != Role.INSPECTION
)


def holds_permission(user, perm):
    """``False`` for another role's permission (``"organisation.act_org_board"`` …) held by a member of the
    inspection commission (``RolePermissionBackend``'s rule)."""
    return not (perm in _OTHER_ROLE_PERMS and inspection_bound(user))


def permissions_kept(perms):
    """Of the permissions ``"app_label.codename"`` one user holds, those the rule above leaves them: for code that
    reads guardian's rows itself (the queue's permission cache, ``workflows.common.views.prime_queue_permissions``),
    without another query. A holder of the inspection role keeps no other role's permission."""
    perms = set(perms)
    if _INSPECTION_PERM in perms:
        return perms - _OTHER_ROLE_PERMS
    return perms


class RolePermissionBackend(ObjectPermissionBackend):
    """guardian's object permissions (the role grants on units that Viewflow's task permissions check), except
    that a member of the inspection commission holds no other role's permission: read-only whatever else was
    granted to them."""

    def has_perm(self, user_obj, perm, obj=None):
        if not holds_permission(user_obj, perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_all_permissions(self, user_obj, obj=None):
        perms = super().get_all_permissions(user_obj, obj)
        if perms and inspection_bound(user_obj):
            perms = {
                p
                for p in perms
                if f"organisation.{p}" not in _OTHER_ROLE_PERMS and p not in _OTHER_ROLE_PERMS
            }
        return perms


def can_see_tallies(user, conference, procedure=None):
    """May `user` read the tallies (votes, shares, vote-count minutes) of `conference`? Its step's publication
    rule decides (procedures §1.1–1.2, §5, H5; issue 9 point 16): an announced result is read by whoever may
    follow the procedure; a result "not announced at the conference" only by the organisation board, the
    leadership and the inspection commission in scope — never by the proposing unit leader; never by a candidate
    of the conference or of its `procedure` (R10)."""
    obj = procedure if procedure is not None else conference
    if in_conflict(user, conference) or (procedure is not None and in_conflict(user, procedure)):
        return False
    return can(user, "follow_procedure" if conference.announce_result else "read_unannounced_tallies", obj)


def may_handle_report(user, report=None):
    """Inspection users handle reports of units in their scope and reports naming no unit (citizens often
    cannot name one); superusers handle all."""
    if not has_role(user, Role.INSPECTION):
        return False
    if report is None or report.unit_id is None:
        return True
    return can(user, "handle_report", report)


def may_inspect(user):
    """The inspection pages (audit log, verification, reports): inspection commission members and superusers."""
    return bool(user and user.is_active and has_role(user, Role.INSPECTION))


def reports_handled_by(user, reports):
    """The violation reports of `reports` (a queryset) the user may handle: none outside the inspection
    commission; R10: never a report about themselves; in their scope, or naming no unit."""
    if not may_inspect(user):
        return reports.none()
    reports = restrict_conflicts(reports, user)
    unit_ids = scope_unit_ids(user, "handle_report")
    if unit_ids is not None:
        reports = reports.filter(Q(unit__in=unit_ids) | Q(unit__isnull=True))
    return reports


def inspection_emails():
    """E-mail addresses of the active users holding the inspection commission's role."""
    return sorted(
        set(
            get_user_model()
            .objects.filter(
                is_active=True,
                role_assignments__role=Role.INSPECTION,
                role_assignments__withdrawn_at__isnull=True,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
