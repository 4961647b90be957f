"""The planning review opened for one post, and the board's proposed removals and additions."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after

from .. import rules, selectors
from ..models import PlanningLine, PlanningOutcome, PlanningProcess
from .common import _audit, _today


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


def has_additions(process):
    return process.lines.filter(proposal=PlanningLine.Proposal.ADD).exists()
