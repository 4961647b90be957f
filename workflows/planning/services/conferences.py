"""The planning review's conferences: the key officials' ballot on the additions, the collective's vote on the list."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from ..models import PlanningLine, PlanningOutcome
from .common import _audit
from .proposal import attach


def step_spec(process, code):
    from apps.conferences import steps

    for spec in steps.planning_steps(process.params):
        if spec.code == code:
            return spec
    raise KeyError(code)


def _record(process, task, actor, code, candidates, conference_data, tallies, minutes, count_minutes):
    from apps.conferences import services as conferences
    from workflows.common.models import StepAttachment

    spec = step_spec(process, code)
    conference = conferences.record_conference(
        process=process,
        unit=process.unit,
        spec=spec,
        params=process.params,
        rule_set=process.rule_set,
        candidates=candidates,
        seats=max(len(candidates), 1),
        tallies=tallies,
        minutes=minutes,
        count_minutes=count_minutes,
        actor=actor,
        **conference_data,
    )
    with acting_as(actor):
        for upload, kind in (
            (minutes, StepAttachment.Kind.BIEN_BAN),
            (count_minutes, StepAttachment.Kind.PHIEU_KIEM_PHIEU),
        ):
            if upload is not None:
                attach(process, task, upload, kind, actor)
    return spec, conference


def candidates_for(process, code):
    """The cadres a conference votes on: the additions at the key officials' ballot; the whole list (kept,
    removed, added) at the collective's vote."""
    lines = process.lines.select_related("cadre").order_by("kind", "pk")
    if code == "planning_1_key_officials":
        lines = lines.filter(proposal=PlanningLine.Proposal.ADD)
    else:
        lines = lines.exclude(proposal=PlanningLine.Proposal.DROPPED)
    return [line.cadre for line in lines]


@transaction.atomic
def record_key_officials(
    *, process, task=None, actor, conference_data, tallies, minutes=None, count_minutes=None
):
    """The key officials' secret ballot on each cadre proposed for addition (not announced; QĐ 50 PL2): an
    addition not supported by more than the pass share of those convened is dropped from the list."""
    code = "planning_1_key_officials"
    candidates = candidates_for(process, code)
    spec, conference = _record(
        process, task, actor, code, candidates, conference_data, tallies, minutes, count_minutes
    )
    results = {row.cadre_id: row for row in conference.candidates.all()}
    dropped = []
    with acting_as(actor):
        for line in process.lines.filter(proposal=PlanningLine.Proposal.ADD):
            row = results.get(line.cadre_id)
            line.key_votes_for = row.votes_for if row else None
            if row is None or row.result != "selected":
                line.proposal = PlanningLine.Proposal.DROPPED
                dropped.append(line.cadre_id)
            line.save(update_fields=["key_votes_for", "proposal"])
    _audit(
        "planning.conference_recorded",
        conference,
        process,
        actor,
        step=spec.code,
        outcome=conference.outcome,
        dropped=dropped,
    )
    return conference


@transaction.atomic
def record_collective(
    *, process, task=None, actor, conference_data, tallies=None, minutes=None, count_minutes=None
):
    """The leadership collective's vote on the planning list (> 50% of all its members; at 50% the head decides,
    H4). Refused while the list is empty (``empty_planning_list``)."""
    code = "planning_2_collective"
    candidates = candidates_for(process, code)
    if not candidates:
        raise RuleViolation("empty_planning_list", _("The planning list under review is empty."))
    spec, conference = _record(
        process, task, actor, code, candidates, conference_data, tallies or {}, minutes, count_minutes
    )
    process.vote_passed = conference.outcome == "passed"
    if not process.vote_passed:
        process.outcome = PlanningOutcome.REJECTED
        process.outcome_reason = _("The leadership collective did not approve the planning list.")
    with acting_as(actor):
        process.save(update_fields=["vote_passed", "outcome", "outcome_reason"])
    _audit(
        "planning.conference_recorded",
        conference,
        process,
        actor,
        step=spec.code,
        outcome=conference.outcome,
        head_decision=conference.head_decision,
    )
    return conference
