"""The planning review's conferences: the key officials' ballot on the additions, the collective's vote on the list."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.services import record_step_conference

from ..models import PlanningLine, PlanningOutcome
from .common import _audit


def step_spec(process, code):
    from apps.conferences.steps import step_by_code

    return step_by_code(code, process.params)


def _record(process, task, actor, code, candidates, conference_data, tallies, minutes, count_minutes):
    spec = step_spec(process, code)
    conference = record_step_conference(
        process,
        task,
        actor,
        spec,
        candidates=candidates,
        seats=max(len(candidates), 1),
        conference_data=conference_data,
        tallies=tallies,
        minutes=minutes,
        count_minutes=count_minutes,
    )
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
