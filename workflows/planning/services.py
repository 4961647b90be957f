"""The planning review's writers, one per step (377-QĐ/TW; QĐ 50 PL2; docs/procedures.md §7, H13, H18).

Every service takes the process (and the task) and the actor, checks the step's rules, writes, and appends its
audit entry, in one transaction: a refused step writes nothing. None of them sees a Viewflow activation: the step
pages (``views``) and the step runner complete the task around them.

- ``open_review``: the organisation board opens the yearly review of one post's planning; every cadre planned for
  it is listed, with the removals the rules propose (over age, disciplined, political standard not met);
- ``propose_changes``: the board confirms the removals (with reasons) and proposes additions from the internal or an
  external source, each checked against every entry rule (``rules.require_may_enter``);
- ``record_key_officials`` / ``record_collective``: the key officials' secret ballot on the additions and the
  leadership collective's vote on the list (``apps.conferences``);
- ``decide``: the leadership signs a planning decision for each addition and each removal, which writes the
  ``PlanningEntry`` rows (with history); each is revocable like any decision (``revocation_effects.undo_planning``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.audit.services import record
from apps.cadres.models import PlanningEntry
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after

from . import rules, selectors
from .models import PlanningLine, PlanningOutcome, PlanningProcess


def _today():
    return timezone.localdate()


def _audit(action, obj, process, actor, **data):
    record(action, obj, actor=actor, process_id=process.pk, data=data)


def open_review_of(position, exclude=None):
    qs = PlanningProcess.objects.filter(position=position, outcome=PlanningOutcome.IN_PROGRESS, status="NEW")
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.values_list("pk", flat=True).first()


@transaction.atomic
def open_review(*, process, task=None, actor, position, term, review_year=None):
    """Open the review of `position`'s planning for `term`. Who: the organisation board in the post's scope
    (``review``). Refuses a second open review of the same post (``review_already_open``) and an empty term
    (``term_required``)."""
    from apps.rulesets.selectors import rule_set_for

    permissions.require(actor, "review", position)
    if not (term or "").strip():
        raise RuleViolation("term_required", _("Give the term the planning is for (e.g. 2025-2030)."))
    existing = open_review_of(position, exclude=process)
    if existing:
        raise RuleViolation(
            "review_already_open",
            _("The planning of this post is already being reviewed (#{pk}).").format(pk=existing),
        )
    today = _today()
    rule_set = rule_set_for(unit=position.unit, on=today)
    params = rule_set.resolve()
    process.unit = position.unit
    process.position = position
    process.term = term.strip()
    process.review_year = review_year or today.year
    process.rule_set = rule_set
    process.rule_snapshot = params.as_snapshot()
    process.started_by = actor
    process.due_on = working_days_after(today, params.process_working_days, params)
    with acting_as(actor):
        process.save()
        for entry in selectors.planned_for_post(position):
            facts = selectors.person_facts(entry.cadre, today)
            reasons = rules.removal_reasons(facts, position.term_years, params, today)
            PlanningLine.objects.create(
                process=process,
                cadre=entry.cadre,
                kind=PlanningLine.Kind.CURRENT,
                entry=entry,
                proposal=PlanningLine.Proposal.REMOVE if reasons else PlanningLine.Proposal.KEEP,
                auto_reasons=reasons,
            )
    _audit(
        "planning.review_opened",
        process,
        process,
        actor,
        position=position.pk,
        term=process.term,
        year=process.review_year,
        proposed_removals=list(process.lines.filter(proposal="remove").values_list("cadre_id", flat=True)),
        rule_set=rule_set.code,
    )
    return process


def check_addition(process, cadre, *, on_post, on):
    """Every entry rule for adding `cadre` to the review's post (377, H13, H18); `on_post` is how many the post
    will have planned before this one."""
    position = process.position
    rules.require_may_enter(
        selectors.person_facts(cadre, on),
        planned_rank=position.rank,
        term_years=position.term_years,
        on_post=on_post,
        on_level=selectors.posts_at_level(cadre, position.unit.level_id, exclude_position=position),
        params=process.params,
        on=on,
    )


@transaction.atomic
def propose_changes(*, process, task=None, actor, removals=None, additions=()):
    """The board's proposal: `removals` maps the pk of a line already in the planning to the reason for removing
    it (the lines not named are kept); `additions` are ``(cadre, source)`` pairs (source ``internal`` or
    ``external``). Refuses a removal without a reason (``removal_reason_required``), a cadre already in the review
    (``already_in_review``), a candidate who is one of the actor's own (``conflict_of_interest``), and any addition
    that fails an entry rule (``rules.require_may_enter``)."""
    removals = {int(k): v for k, v in (removals or {}).items()}
    current = {line.pk: line for line in process.lines.filter(kind=PlanningLine.Kind.CURRENT)}
    for pk, reason in removals.items():
        if pk not in current:
            raise RuleViolation("wrong_line", _("This cadre is not in the planning under review."))
        rules.require_reason_for_removal(reason)
    in_review = set(process.lines.values_list("cadre_id", flat=True))
    on = _today()
    kept = sum(1 for pk in current if pk not in removals)
    seen = set()
    for index, (cadre, source) in enumerate(additions):
        if cadre.pk in in_review or cadre.pk in seen:
            raise RuleViolation(
                "already_in_review", _("{name} is already in this review.").format(name=cadre.full_name)
            )
        if getattr(actor, "cadre_id", None) == cadre.pk:
            raise RuleViolation("conflict_of_interest", _("Nobody proposes themselves for the planning."))
        if source not in PlanningLine.Source.values:
            raise RuleViolation("bad_source", _("Choose the internal or an external source."))
        try:
            check_addition(process, cadre, on_post=kept + index, on=on)
        except RuleViolation as exc:
            raise RuleViolation(exc.code, f"{cadre.full_name}: {exc.message}") from None
        seen.add(cadre.pk)
    with acting_as(actor):
        for pk, line in current.items():
            line.proposal = PlanningLine.Proposal.REMOVE if pk in removals else PlanningLine.Proposal.KEEP
            line.reason = (removals.get(pk) or "").strip()
            line.save(update_fields=["proposal", "reason"])
        for cadre, source in additions:
            PlanningLine.objects.create(
                process=process,
                cadre=cadre,
                kind=PlanningLine.Kind.ADDITION,
                source=source,
                proposal=PlanningLine.Proposal.ADD,
            )
    process._conflicted_cache = None
    _audit(
        "planning.proposed",
        process,
        process,
        actor,
        removals={str(current[pk].cadre_id): reason.strip() for pk, reason in removals.items()},
        additions=[{"cadre": c.pk, "source": s} for c, s in additions],
    )
    return process


def attach(process, task, upload, kind, actor):
    """Store `upload` as a document of the procedure's step (listed on the procedure page)."""
    from workflows.common.models import StepAttachment

    attachment = StepAttachment(
        process_id=process.pk,
        task=task,
        author=actor,
        kind=kind,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=(getattr(upload, "content_type", "") or "")[:100],
    )
    if hasattr(upload, "seek"):
        upload.seek(0)
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


def has_additions(process):
    return process.lines.filter(proposal=PlanningLine.Proposal.ADD).exists()


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


#: the decision-participant role each completed step gives its owner
PARTICIPANT_ROLES = {
    "start": "proposer",
    "propose": "proposer",
    "key_officials": "verifier",
    "collective": "verifier",
}


def participants(process, decider):
    rows = []
    tasks = process.task_set.filter(status="DONE", owner__isnull=False).select_related("owner__cadre")
    owners = [(t.owner, PARTICIPANT_ROLES.get(t.flow_task.name)) for t in tasks.order_by("created")]
    owners.append((decider, "decider"))
    seen = set()
    for user, role in owners:
        if role and (user.pk, role) not in seen:
            seen.add((user.pk, role))
            cadre = getattr(user, "cadre", None)
            rows.append((user, role, cadre.current_unit if cadre is not None else process.unit))
    return rows


def _decision(process, line, kind, *, actor, signer, grounds, effective_from, issued_on, reason=""):
    from apps.decisions.services import draft_decision, sign_decision

    position = process.position
    decision = draft_decision(
        kind=kind,
        cadre=line.cadre,
        position=position,
        authority=position.authority,
        process=process,
        rule_set=process.rule_set,
        params=process.params,
        effective_from=effective_from,
        grounds=grounds,
        reason=reason,
        actor=actor,
    )
    return sign_decision(
        decision=decision,
        signer=actor,
        signer_cadre=signer,
        issued_on=issued_on,
        participants=participants(process, actor),
        actor=actor,
    )


@transaction.atomic
def decide(*, process, task=None, actor, signer, grounds, effective_from=None, issued_on=None):
    """The leadership signs the planning decisions the collective approved: one per cadre added (a new
    ``PlanningEntry``, approved by it) and one per cadre removed (the entry removed by it, with the reason). The
    entry rules are checked again for each addition at the date of the decision (someone may have been planned
    for the post, or started an appointment, since the proposal). Refuses a list the collective did not approve
    (``not_approved``) and missing grounds (``grounds_required``)."""
    from apps.decisions import rules as decision_rules
    from apps.decisions.models import Decision

    if not process.vote_passed:
        raise RuleViolation(
            "not_approved", _("The leadership collective has not approved the planning list.")
        )
    decision_rules.require_grounds(grounds)
    today = _today()
    effective_from = effective_from or today
    issued_on = issued_on or today
    lines = list(process.lines.select_related("cadre", "entry").order_by("kind", "pk"))
    removed = [line for line in lines if line.proposal == PlanningLine.Proposal.REMOVE]
    added = [line for line in lines if line.proposal == PlanningLine.Proposal.ADD]
    on_post = selectors.planned_for_post(process.position).count() - len(removed)
    for index, line in enumerate(added):
        try:
            check_addition(process, line.cadre, on_post=on_post + index, on=effective_from)
        except RuleViolation as exc:
            raise RuleViolation(exc.code, f"{line.cadre.full_name}: {exc.message}") from None
    written = []
    for line in removed:
        decision = _decision(
            process,
            line,
            Decision.Kind.PLANNING_REMOVAL,
            actor=actor,
            signer=signer,
            grounds=grounds,
            effective_from=effective_from,
            issued_on=issued_on,
            reason=line.reason or ", ".join(line.auto_reasons),
        )
        entry = PlanningEntry.objects.select_for_update().get(pk=line.entry_id)
        if entry.status != PlanningEntry.Status.ACTIVE:
            raise RuleViolation(
                "planning_changed_since",
                _("{name} is no longer in the planning of this post.").format(name=line.cadre.full_name),
            )
        entry.status = PlanningEntry.Status.REMOVED
        entry.removed_on = effective_from
        entry.removed_reason = (line.reason or ", ".join(line.auto_reasons))[:300]
        entry.removed_by_decision = decision
        with acting_as(actor):
            entry.save()
            line.decision = decision
            line.save(update_fields=["decision"])
        _audit("planning.removed", entry, process, actor, cadre=entry.cadre_id, decision=decision.pk)
        written.append(decision)
    for line in added:
        decision = _decision(
            process,
            line,
            Decision.Kind.PLANNING,
            actor=actor,
            signer=signer,
            grounds=grounds,
            effective_from=effective_from,
            issued_on=issued_on,
        )
        with acting_as(actor):
            entry = PlanningEntry.objects.create(
                cadre=line.cadre,
                position=process.position,
                term=process.term,
                approved_on=effective_from,
                approved_by_decision=decision,
            )
            line.entry = entry
            line.decision = decision
            line.save(update_fields=["entry", "decision"])
        _audit("planning.added", entry, process, actor, cadre=entry.cadre_id, decision=decision.pk)
        written.append(decision)
    process.outcome = PlanningOutcome.APPROVED
    process.outcome_reason = _("{n} planning decision(s) signed").format(n=len(written))
    with acting_as(actor):
        process.save(update_fields=["outcome", "outcome_reason"])
    _audit(
        "planning.decided",
        process,
        process,
        actor,
        decisions=[d.pk for d in written],
        added=[line.cadre_id for line in added],
        removed=[line.cadre_id for line in removed],
    )
    return written
