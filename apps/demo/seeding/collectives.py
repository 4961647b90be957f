"""The demo's collectives (issue 9 point 10): the leadership collective of each unit where a demo procedure runs,
and the standing and executive (party) committees of the unit of the demo's nomination post, with their members
in the registry, so that every collective conference counts against data, not a typed figure.

Members are cadres of the unit already in the demo registry (its post holders first), never a procedure's
candidates, members from a year before the demo's day.
"""

from datetime import timedelta

from apps.cadres.models import Cadre
from apps.conferences import collectives
from apps.conferences.models import CollectiveKind


def _member_pool(unit, exclude_ids):
    active = Cadre.objects.filter(employment_status=Cadre.EmploymentStatus.ACTIVE).exclude(pk__in=exclude_ids)
    holders = list(
        active.filter(tenures__position__unit=unit, tenures__ended_on__isnull=True)
        .distinct()
        .order_by("-tenures__position__rank", "pk")
    )
    others = list(active.filter(current_unit=unit).exclude(pk__in=[c.pk for c in holders]).order_by("pk"))
    return list(dict.fromkeys(holders + others))


def _committee_pool(unit, exclude_ids):
    """The unit's own cadres first, then the post holders and cadres of the units beside and under it (a party
    committee draws its members from the whole level)."""
    own = _member_pool(unit, exclude_ids)
    level = unit.parent.path if unit.parent_id else unit.path
    others = list(
        Cadre.objects.filter(
            employment_status=Cadre.EmploymentStatus.ACTIVE, current_unit__path__startswith=level
        )
        .exclude(pk__in=[*exclude_ids, *(c.pk for c in own)])
        .order_by("current_unit__path", "pk")
    )
    return own + others


#: the demo's committees of the nomination post's unit: (kind, name prefix, size)
COMMITTEES = (
    ("standing_committee", "Ban Thường vụ", 7),
    ("party_committee", "Ban Chấp hành", 15),
)


def seed_committees(unit, *, on, actor, exclude=()):
    """The standing and executive committees of `unit` (``COMMITTEES``), members from a year before `on`, never
    the cadres in `exclude` (the nomination's candidates): the nomination rounds count their membership.
    Returns {kind: size on `on`}."""
    return {
        kind: seed_leadership(
            unit,
            size,
            on=on,
            actor=actor,
            exclude=exclude,
            kind=kind,
            name=f"{prefix} {unit.name}",
            pool=_committee_pool,
        )
        for kind, prefix, size in COMMITTEES
    }


def seed_leadership(unit, size, *, on, actor, exclude=(), kind=None, name="", pool=None):
    """The leadership collective (or the collective of `kind`) of `unit` with up to `size` members from a year
    before `on` (an existing collective is kept as it is). Returns the collective's size on `on`."""
    kind = kind or CollectiveKind.LEADERSHIP
    collective = collectives.collective_for(unit, kind)
    if collective is None:
        collective = collectives.create_collective(
            unit=unit, kind=kind, name=name or f"Tập thể lãnh đạo {unit.name}", actor=actor
        )
        for cadre in (pool or _member_pool)(unit, {getattr(c, "pk", c) for c in exclude})[:size]:
            collectives.add_member(
                collective=collective, cadre=cadre, started_on=on - timedelta(days=365), actor=actor
            )
    return len(collectives.members_on(collective, on))
