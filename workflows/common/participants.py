"""Who took part in a procedure, and in which unit they acted (R8, H21: the people involved stay traceable after a
transfer or retirement, with the unit they held their role in at the time).

A person acts on a step through a role assignment: the task's permission (``organisation.act_org_board`` …) held
on the task's unit (its ``owner_permission_obj``) by an assignment on that unit or on an ancestor with its
sub-units. The unit at the time is that assignment's unit — the province's board for a reviewer of the whole
province, the department for its own leader — not the procedure's unit for everybody.
"""

from apps.accounts.models import ROLE_PERMISSIONS, Role, RoleAssignment

#: the role a start task's owner acted in (a procedure is started by a unit leader of its unit)
START_ROLE = Role.UNIT_LEADER

_ROLE_OF_CODENAME = {codename: role for role, codename in ROLE_PERMISSIONS.items()}


def _role_of(task):
    if task.owner_permission:
        return _ROLE_OF_CODENAME.get(task.owner_permission.split(".", 1)[-1])
    if task.flow_task_type == "HUMAN_START":
        return START_ROLE
    return None


def participant_role(task, roles):
    """The decision-participant role `task`'s owner took: `roles` {node name: role} of the flow's other steps; a
    conference step (``workflows.common.base.conference``) makes its owner the conference's recorder."""
    name = task.flow_task.name
    if name in roles:
        return roles[name]
    return "conference_recorder" if getattr(task.flow_task, "step_code", None) else None


def _covers(assignment, unit):
    if assignment.unit_id == unit.pk:
        return True
    return assignment.include_descendants and unit.path.startswith(assignment.unit.path)


def acting_units(tasks, default_unit):
    """{task pk: the unit of the role assignment by which the task's owner acted on it}.

    The most specific assignment (the deepest unit) wins. Without a matching assignment — withdrawn since, or a
    superuser — the task's own unit stands in for it (its ``owner_permission_obj``, else `default_unit`).
    Two queries whatever the number of tasks.
    """
    from apps.organisation.models import OrgUnit

    tasks = [t for t in tasks if t.owner_id]
    unit_ids = {int(t.owner_permission_obj_pk) for t in tasks if t.owner_permission_obj_pk}
    units = OrgUnit.objects.in_bulk(unit_ids) if unit_ids else {}
    assignments = {}
    for assignment in RoleAssignment.objects.filter(user_id__in={t.owner_id for t in tasks}).select_related(
        "unit"
    ):
        assignments.setdefault(assignment.user_id, []).append(assignment)
    out = {}
    for task in tasks:
        unit = units.get(int(task.owner_permission_obj_pk)) if task.owner_permission_obj_pk else None
        unit = unit or default_unit
        role = _role_of(task)
        held = [
            a
            for a in assignments.get(task.owner_id, [])
            if a.role == role and unit is not None and _covers(a, unit) and _active_at(a, task)
        ]
        best = max(held, key=lambda a: len(a.unit.path), default=None)
        out[task.pk] = best.unit if best else unit
    return out


def _active_at(assignment, task):
    """The assignment was in force when the task was finished (a later withdrawal does not erase the past)."""
    when = task.finished or task.created
    if assignment.granted_at and when and assignment.granted_at > when:
        return False
    return assignment.withdrawn_at is None or (when is not None and assignment.withdrawn_at >= when)


def participants(process, role_of):
    """(user, role in the procedure, unit at the time) of everyone who completed a step of `process`, in order;
    `role_of(task)` gives the participant role of a completed task, or ``None`` for steps that do not count."""
    tasks = list(
        process.task_set.filter(status="DONE", owner__isnull=False)
        .select_related("owner")
        .order_by("created", "pk")
    )
    counted = [(task, role_of(task)) for task in tasks]
    counted = [(task, role) for task, role in counted if role]
    units = acting_units([task for task, _ in counted], process.unit)
    return [(task.owner, role, units[task.pk]) for task, role in counted]
