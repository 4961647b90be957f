"""Collectives for tests: a unit's collective with N members from a year ago (issue 9 point 10 — the size of a
collective is data, never typed at the conference)."""

from datetime import date, timedelta

from apps.conferences.models import Collective, CollectiveKind, CollectiveMembership
from tests.factories import CadreFactory


def seed_collective(unit, size, *, kind=CollectiveKind.LEADERSHIP, on=None, prefix="Thành viên"):
    """The `kind` collective of `unit` with exactly `size` members on `on` (today by default): members added from
    a year before, existing members beyond `size` leave the day before `on`."""
    today = on or date.today()
    since = today - timedelta(days=365)
    collective, _created = Collective.objects.get_or_create(unit=unit, kind=kind)
    current = list(collective.memberships_on(today))
    for membership in current[size:]:
        membership.ended_on = today - timedelta(days=1)
        membership.save(update_fields=["ended_on"])
    for i in range(len(current), size):
        cadre = CadreFactory(current_unit=unit, full_name=f"{prefix} {unit.code} {kind} {i + 1}")
        CollectiveMembership.objects.create(collective=collective, cadre=cadre, started_on=since)
    return collective


#: the leadership collectives the procedure tests' units have in the registry (sizes the walk-throughs count on)
SIZES = {"unit_a": 7, "unit_b": 7, "province": 9}


def seed_registry_collectives(request):
    """Seed the leadership collective of each of the test's units (``SIZES``) the test uses."""
    for name, size in SIZES.items():
        if name in request.fixturenames:
            seed_collective(request.getfixturevalue(name), size)


#: the key a test's conference data carries to say how many members its collective has in the registry
REGISTRY_MEMBERS = "_registry_members"


def registry_target(process, node):
    """(unit, collective kind) whose membership a collective conference of `process` at `node` counts: the
    procedure's unit; the position's competent authority at the appointing collective's step (external step 3);
    the unit where the external candidate works at external step 2; the standing or executive committee of the
    procedure's unit at a nomination round (``apps.conferences.steps``). None when the step convenes no
    collective."""
    name = getattr(node, "name", "")
    if name == "external_3_collective":
        return process.position.authority, CollectiveKind.LEADERSHIP
    if name == "external_2_origin":
        candidate = process.candidates.select_related("cadre__current_unit").order_by("pk").first()
        return candidate.cadre.current_unit, CollectiveKind.LEADERSHIP
    if name.startswith("nomination_"):
        from apps.conferences.steps import step_by_code

        kind = step_by_code(name, process.params).collective
        return (process.unit, kind) if kind else None
    return process.unit, CollectiveKind.LEADERSHIP


def ensure_registry_members(process, node, data):
    """Before posting a collective's conference: put `data`'s collective size (``REGISTRY_MEMBERS``, set by the
    tests' ``counts(…, members=N)``) into the registry — the collective ``registry_target`` names. The form never
    receives the figure."""
    size = data.get(REGISTRY_MEMBERS) if hasattr(data, "get") else None
    if size is None:
        return
    target = registry_target(process, node)
    if target is not None:
        seed_collective(target[0], size, kind=target[1])
