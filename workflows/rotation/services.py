"""The rotation's writers (65-QĐ/TW; docs/procedures.md §8, H20). Each takes the process (and the task) and the
actor, checks the step's rules, writes and appends its audit entry in one transaction; none sees a Viewflow
activation.

- ``propose_rotation``: the organisation board proposes a cadre for a post in another unit, every condition
  checked (service left, period, political standard, equivalent post, vacancy);
- ``record_collective``: the leadership collective's vote (``apps.conferences``);
- ``decide_rotation``: the leadership signs the rotation decision (kind ``rotation``): the cadre's post ends the
  day before, a tenure on the target post runs for the period (``apps.decisions``, as an appointment);
- ``open_due_returns`` (the scheduler, ``tasks``): the return procedure of every rotation whose period ends within
  ``rotation_return_notice_days``; ``decide_return``: the leadership signs the return decision.
A rotation or return decision is revoked like an appointment: the post it ended is given back, its tenure ends.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.audit.services import record
from apps.cadres.models import Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after
from workflows.common.services import draft_and_sign, record_step_conference
from workflows.planning import rules as planning_rules
from workflows.planning.selectors import person_facts

from . import rules
from .models import RotationOutcome, RotationProcess


def _today():
    return timezone.localdate()


def _audit(action, obj, process, actor, **data):
    record(action, obj, actor=actor, process_id=process.pk, data=data)


def current_tenure(cadre, on=None):
    on = on or _today()
    return (
        Tenure.objects.open()
        .filter(cadre=cadre, start_date__lte=on)
        .select_related("position__unit__level")
        .order_by("-position__rank", "-start_date")
        .first()
    )


def check_conditions(cadre, position, *, starts_on, period_months, params, on=None):
    """Every condition of a rotation (65-QĐ/TW, H13, H20); returns (the tenure the cadre holds, the direction)."""
    on = on or _today()
    tenure = current_tenure(cadre, on)
    rules.require_holds_post(tenure)
    rules.require_elsewhere(tenure.position.unit_id, position.unit_id)
    rules.require_years_left(cadre.birth_date, cadre.gender, starts_on, params)
    rules.require_period(period_months, params)
    planning_rules.require_political_standard(person_facts(cadre, on), params, on)
    rules.require_equivalent_post(tenure.position.rank, position.rank, params)
    held = Tenure.objects.open().filter(position=position).count()
    rules.require_vacancy(position.seats, held)
    return tenure, rules.direction(tenure.position.unit.level.order, position.unit.level.order)


@transaction.atomic
def propose_rotation(*, process, task=None, actor, cadre, position, starts_on, period_months, reason=""):
    """The organisation board proposes rotating `cadre` to `position` from `starts_on` for `period_months`. Who:
    the board in the scope of both the cadre and the post (``review``). Refuses a cadre already in a running
    rotation (``rotation_already_open``), oneself (``conflict_of_interest``) and any failed condition."""
    from apps.rulesets.selectors import rule_set_for

    permissions.require(actor, "review", cadre)
    permissions.require(actor, "review", position)
    if getattr(actor, "cadre_id", None) == cadre.pk:
        raise RuleViolation("conflict_of_interest", _("Nobody proposes their own rotation."))
    if RotationProcess.objects.filter(
        cadre=cadre, outcome=RotationOutcome.IN_PROGRESS, status="NEW"
    ).exists():
        raise RuleViolation("rotation_already_open", _("A rotation of this cadre is already in progress."))
    today = _today()
    rule_set = rule_set_for(unit=position.unit, on=today)
    params = rule_set.resolve()
    tenure, direction = check_conditions(
        cadre, position, starts_on=starts_on, period_months=period_months, params=params, on=today
    )
    process.kind = RotationProcess.Kind.ROTATION
    process.cadre = cadre
    process.from_tenure = tenure
    process.unit = position.unit
    process.position = position
    process.direction = direction
    process.period_months = period_months
    process.starts_on = starts_on
    process.ends_on = rules.ends_on(starts_on, period_months)
    process.reason = (reason or "").strip()
    process.rule_set = rule_set
    process.rule_snapshot = params.as_snapshot()
    process.started_by = actor
    process.due_on = working_days_after(today, params.process_working_days, params)
    with acting_as(actor):
        process.save()
    _audit(
        "rotation.proposed",
        process,
        process,
        actor,
        cadre=cadre.pk,
        from_position=tenure.position_id,
        to_position=position.pk,
        direction=direction,
        starts_on=starts_on,
        period_months=period_months,
        rule_set=rule_set.code,
    )
    return process


def step_spec(process, code="rotation_1_collective"):
    from apps.conferences.steps import step_by_code

    return step_by_code(code, process.params)


@transaction.atomic
def record_collective(
    *, process, task=None, actor, conference_data, tallies, minutes=None, count_minutes=None
):
    """The leadership collective's secret-ballot vote on the rotation (> 50% of all members; at 50% the head
    decides, H4)."""
    spec = step_spec(process)
    conference = record_step_conference(
        process,
        task,
        actor,
        spec,
        candidates=[process.cadre],
        seats=1,
        conference_data=conference_data,
        tallies=tallies,
        minutes=minutes,
        count_minutes=count_minutes,
    )
    process.vote_passed = conference.outcome == "passed"
    if not process.vote_passed:
        process.outcome = RotationOutcome.REJECTED
        process.outcome_reason = _("The leadership collective did not approve the rotation.")
    with acting_as(actor):
        process.save(update_fields=["vote_passed", "outcome", "outcome_reason"])
    _audit(
        "rotation.conference_recorded",
        conference,
        process,
        actor,
        step=spec.code,
        outcome=conference.outcome,
        head_decision=conference.head_decision,
    )
    return conference


PARTICIPANT_ROLES = {"start": "proposer", "collective": "verifier"}


def participants(process, decider):
    rows = []
    tasks = process.task_set.filter(status="DONE", owner__isnull=False).select_related("owner__cadre")
    for task in tasks.order_by("created"):
        role = PARTICIPANT_ROLES.get(task.flow_task.name)
        if role and task.owner.is_active:
            cadre = getattr(task.owner, "cadre", None)
            rows.append((task.owner, role, cadre.current_unit if cadre is not None else process.unit))
    cadre = getattr(decider, "cadre", None)
    rows.append((decider, "decider", cadre.current_unit if cadre is not None else process.unit))
    return rows


def _sign(process, kind, *, actor, signer, grounds, effective_from, term_end, issued_on):
    return draft_and_sign(
        process,
        kind=kind,
        cadre=process.cadre,
        actor=actor,
        signer=signer,
        grounds=grounds,
        effective_from=effective_from,
        issued_on=issued_on,
        participants=participants,
        term_end=term_end,
        reason=process.reason,
    )


@transaction.atomic
def decide_rotation(*, process, task=None, actor, signer, grounds, issued_on=None):
    """The leadership signs the rotation decision the collective approved: from `starts_on` the cadre holds the
    target post until the period ends; the post held before ends the day before (its seat becomes vacant). The
    conditions are checked again on the day of signing. Refuses a rotation the collective did not approve
    (``not_approved``)."""
    from apps.decisions.models import Decision

    if not process.vote_passed:
        raise RuleViolation("not_approved", _("The leadership collective has not approved the rotation."))
    check_conditions(
        process.cadre,
        process.position,
        starts_on=process.starts_on,
        period_months=process.period_months,
        params=process.params,
    )
    decision = _sign(
        process,
        Decision.Kind.ROTATION,
        actor=actor,
        signer=signer,
        grounds=grounds,
        effective_from=process.starts_on,
        term_end=process.ends_on,
        issued_on=issued_on or _today(),
    )
    process.decision = decision
    process.outcome = RotationOutcome.ROTATED
    process.outcome_reason = _("Rotated by decision {number}").format(number=decision.number)
    with acting_as(actor):
        process.save(update_fields=["decision", "outcome", "outcome_reason"])
    _audit("rotation.decided", decision, process, actor, decision=decision.pk, number=decision.number)
    return decision


# --- the return at the end of the period --------------------------------------------------------------------


def fill_return(process, rotation, *, actor):
    """The return procedure of `rotation`: the cadre, back to the post held before (the leadership may choose
    another when signing), effective on the day the period ends."""
    before = rotation.from_tenure
    process.kind = RotationProcess.Kind.RETURN
    process.rotation = rotation
    process.cadre = rotation.cadre
    process.from_tenure = rotation.decision.tenure if rotation.decision_id else None
    process.unit = before.position.unit
    process.position = before.position
    process.direction = rotation.direction
    process.starts_on = rotation.ends_on
    process.rule_set = rotation.rule_set
    process.rule_snapshot = rotation.rule_snapshot
    process.started_by = actor
    process.due_on = rotation.ends_on
    with acting_as(actor):
        process.save()
    return process


def start_return_from_job(*, process, task, rotation, actor):
    """The ``StartHandle`` callback: the scheduler opens the return of `rotation` (once: a constraint)."""
    if RotationProcess.objects.filter(rotation=rotation, kind=RotationProcess.Kind.RETURN).exists():
        raise RuleViolation("return_already_open", _("The return from this rotation is already open."))
    fill_return(process, rotation, actor=actor)
    task.owner = actor
    return process


def due_rotations(on):
    """Rotations in effect whose rotation tenure is still open and that have no return procedure yet."""
    return (
        RotationProcess.objects.filter(
            kind=RotationProcess.Kind.ROTATION,
            outcome=RotationOutcome.ROTATED,
            decision__status="signed",
            decision__tenure__ended_on__isnull=True,
        )
        .exclude(returns__isnull=False)
        .select_related("cadre", "decision__tenure", "from_tenure__position__unit")
        .order_by("ends_on", "pk")
    )


def open_due_returns(*, on=None, actor=None):
    """Open the return procedure of every rotation whose period ends within its rule set's
    ``rotation_return_notice_days`` of `on` (default today), as the system actor. Idempotent: a rotation gets one
    return (a second run opens nothing). Returns the figures the job records."""
    from workflows.common import runner
    from workflows.reappointment.services.common import system_user

    from .flows import RotationFlow

    on = on or _today()
    actor = actor or system_user()
    opened, examined = [], 0
    for rotation in due_rotations(on):
        examined += 1
        if not rules.return_is_due(rotation.ends_on, on, rotation.params):
            continue
        try:
            with transaction.atomic():
                process = runner.start(RotationFlow, actor=actor, node="start_return", rotation=rotation)
        except (IntegrityError, RuleViolation):
            continue
        _audit(
            "rotation.return_opened", process, process, actor, rotation=rotation.pk, ends_on=rotation.ends_on
        )
        opened.append(process.pk)
    return {"day": on.isoformat(), "examined": examined, "opened": opened}


@transaction.atomic
def decide_return(*, process, task=None, actor, signer, grounds, position=None, issued_on=None):
    """The leadership signs the return: from the day the period ends the cadre holds `position` (default: the post
    held before the rotation), and the rotation tenure ends the day before. Refuses a post without a vacant seat
    (``rotation_no_vacancy``)."""
    from apps.decisions.models import Decision

    if position is not None and position.pk != process.position_id:
        permissions.require(actor, "decide", position)
        process.position = position
        process.unit = position.unit
    held = Tenure.objects.open().filter(position=process.position).exclude(cadre=process.cadre).count()
    rules.require_vacancy(process.position.seats, held)
    decision = _sign(
        process,
        Decision.Kind.ROTATION_RETURN,
        actor=actor,
        signer=signer,
        grounds=grounds,
        effective_from=process.starts_on,
        term_end=None,
        issued_on=issued_on or _today(),
    )
    process.decision = decision
    process.outcome = RotationOutcome.RETURNED
    process.outcome_reason = _("Returned by decision {number}").format(number=decision.number)
    with acting_as(actor):
        process.save(update_fields=["position", "unit", "decision", "outcome", "outcome_reason"])
    _audit("rotation.returned", decision, process, actor, decision=decision.pk, number=decision.number)
    return decision
