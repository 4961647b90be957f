"""Collectives and their membership over time: the only writers and the reader the conference rules use
(issue 9 point 10; procedures §14 H2: a collective vote counts against *all members of the collective*).

The membership is reference data kept by the organisation board with history: a member joins from a date and
leaves on a date; nothing is deleted, so the size of a collective on any past conference date stays known.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .models import Collective, CollectiveKind, CollectiveMembership


def collective_for(unit, kind):
    """The collective of `kind` of `unit`, or None."""
    if unit is None or not kind:
        return None
    return Collective.objects.filter(unit=unit, kind=kind).first()


def members_on(collective, day):
    """The cadres who are members of `collective` on `day` (a list, by name)."""
    if collective is None:
        return []
    return [m.cadre for m in collective.memberships_on(day)]


@transaction.atomic
def create_collective(*, unit, kind, name="", actor):
    """The organisation board records a collective of a unit in its scope (one of each kind per unit)."""
    permissions.require(actor, "edit_registry", unit)
    if kind not in CollectiveKind.values:
        raise RuleViolation("bad_collective_kind", _("Choose the kind of collective."))
    if Collective.objects.filter(unit=unit, kind=kind).exists():
        raise RuleViolation("collective_exists", _("This unit already has a collective of this kind."))
    with acting_as(actor):
        collective = Collective.objects.create(unit=unit, kind=kind, name=(name or "").strip()[:200])
    record("collective.created", collective, actor=actor, data={"unit": unit.pk, "kind": kind})
    return collective


def check_new_member(collective, cadre, started_on):
    """Refuse a membership without a start date, or one that would overlap the cadre's membership of the same
    collective (reads only)."""
    from django.db.models import Q

    if started_on is None:
        raise RuleViolation("member_from_required", _("Enter the date the membership starts."))
    overlapping = collective.memberships.filter(cadre=cadre).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=started_on)
    )
    if overlapping.exists():
        raise RuleViolation(
            "already_member", _("{cadre} is already a member of this collective then.").format(cadre=cadre)
        )


def check_end(membership, ended_on):
    """Refuse ending a membership twice or before it started (reads only)."""
    if membership.ended_on is not None:
        raise RuleViolation("membership_ended", _("This membership has already ended."))
    if ended_on is None or ended_on < membership.started_on:
        raise RuleViolation("membership_end_before_start", _("A membership cannot end before it starts."))


@transaction.atomic
def add_member(*, collective, cadre, started_on, actor):
    """A cadre joins a collective from `started_on`; refused while they already are a member on that day or
    later (memberships of one cadre never overlap)."""
    permissions.require(actor, "edit_registry", collective)
    check_new_member(collective, cadre, started_on)
    with acting_as(actor):
        membership = CollectiveMembership.objects.create(
            collective=collective, cadre=cadre, started_on=started_on
        )
    record(
        "collective.member_added",
        collective,
        actor=actor,
        data={"cadre": cadre.pk, "from": started_on.strftime("%d/%m/%Y")},
    )
    return membership


@transaction.atomic
def end_membership(*, membership, ended_on, actor):
    """A member leaves the collective on `ended_on` (their last day); the row stays, with its history."""
    membership = (
        CollectiveMembership.objects.select_for_update().select_related("collective").get(pk=membership.pk)
    )
    permissions.require(actor, "edit_registry", membership.collective)
    check_end(membership, ended_on)
    with acting_as(actor):
        membership.ended_on = ended_on
        membership.save(update_fields=["ended_on", "updated_at"])
    record(
        "collective.member_left",
        membership.collective,
        actor=actor,
        data={"cadre": membership.cadre_id, "until": ended_on.strftime("%d/%m/%Y")},
    )
    return membership
