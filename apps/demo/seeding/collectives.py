"""The demo's collectives (issue 9 point 10): the leadership collective of each unit where a demo procedure runs,
with its members in the registry, so that every collective conference counts against data, not a typed figure.

Members are cadres of the unit already in the demo registry (its post holders first), never a procedure's
candidates, members from a year before the demo's day.
"""

from datetime import timedelta


def _member_pool(unit, exclude_ids):
    from apps.cadres.models import Cadre

    active = Cadre.objects.filter(employment_status=Cadre.EmploymentStatus.ACTIVE).exclude(pk__in=exclude_ids)
    holders = list(
        active.filter(tenures__position__unit=unit, tenures__ended_on__isnull=True)
        .distinct()
        .order_by("-tenures__position__rank", "pk")
    )
    others = list(active.filter(current_unit=unit).exclude(pk__in=[c.pk for c in holders]).order_by("pk"))
    return list(dict.fromkeys(holders + others))


def seed_leadership(unit, size, *, on, actor, exclude=()):
    """The leadership collective of `unit` with up to `size` members from a year before `on` (an existing
    collective is kept as it is). Returns the collective's size on `on`."""
    from apps.conferences import collectives
    from apps.conferences.models import CollectiveKind

    collective = collectives.collective_for(unit, CollectiveKind.LEADERSHIP)
    if collective is None:
        collective = collectives.create_collective(
            unit=unit, kind=CollectiveKind.LEADERSHIP, name=f"Tập thể lãnh đạo {unit.name}", actor=actor
        )
        for cadre in _member_pool(unit, {getattr(c, "pk", c) for c in exclude})[:size]:
            collectives.add_member(
                collective=collective, cadre=cadre, started_on=on - timedelta(days=365), actor=actor
            )
    return len(collectives.members_on(collective, on))
