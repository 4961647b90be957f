"""The steps before the decision (docs/procedures.md §5): the notice, the self-assessment, the conferences and the
verification. Each service runs the step's rules, writes, completes the Viewflow task and appends the audit entry
in one transaction, so a refused step changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apps.accounts import permissions
from apps.accounts.models import ROLE_PERMISSIONS, Role
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.models import StepAttachment, record_checks

from .. import rules
from ..models import Conclusion, Path
from .common import attach, audit, complete, day, require_valid_upload, save


def _today():
    return timezone.localdate()


def _guarded(func):
    from apps.notifications.flow_hooks import guarded

    return guarded(func)


def _notify_cadre(process, actor):
    """The cadre whose term it is, if they have an account, is told the notice was sent (in the step's
    transaction). This is the one message about the procedure its cadre receives; they still cannot open the
    procedure (R10)."""
    from apps.notifications import services as notifications
    from apps.notifications.models import Kind
    from apps.notifications.texts import Text

    users = list(get_user_model().objects.filter(cadre_id=process.cadre_id, is_active=True))
    if not users:
        return []
    names = {
        "position": process.position.title if process.position_id else "",
        "end": day(process.term_end),
    }
    return notifications.notify(
        users,
        Kind.SYSTEM,
        title=Text(
            gettext_noop("Your term as {position} ends on {end}: prepare for the reappointment"), **names
        ),
        body=Text(
            "{message}{notice}",
            message=Text(
                gettext_noop(
                    "Your appointment term as {position} ends on {end}. The competent authority has started the "
                    "reappointment procedure: please prepare your self-assessment report on the term."
                ),
                **names,
            ),
            notice=f"\n\n{process.notice_text}" if process.notice_text else "",
        ),
        dedupe_key=f"reappointment:{process.pk}:notice",
    )


@transaction.atomic
def record_notice(*, process, task, sent_on, reference, text, actor):
    """Step 1 (ND 138 Đ.52 k.1; 377): the competent level notifies the cadre to prepare the reappointment, at
    least `reappointment_notice_days` before the term ends (H16). The notice is recorded — late or not — and
    the cadre, when they have an account, is notified."""
    rules.require_term_not_ended(process.term_end, _today())
    if sent_on is None or sent_on > _today():
        raise RuleViolation("notice_date", _("Enter the day the notice was sent (today or earlier)."))
    process.notice_sent_on = sent_on
    process.notice_reference = (reference or "").strip()
    process.notice_text = (text or "").strip()
    save(process, actor, "notice_sent_on", "notice_reference", "notice_text")
    complete(task, actor)
    late = bool(process.notice_due_on and sent_on > process.notice_due_on)
    audit(
        "reappointment.notice_sent",
        process,
        process,
        actor,
        sent_on=day(sent_on),
        due_on=day(process.notice_due_on),
        late=late,
        reference=process.notice_reference,
    )
    _guarded(_notify_cadre)(process, actor)  # in this transaction: the notice and its message commit together
    return process


def notify_unit_leaders(task):
    """The self-assessment may also be handed in by the unit leader (§5): besides the organisation board's queue
    (told by the shared machinery), the unit's leaders hear that the step is open — never the cadre (R10)."""

    def send():
        from apps.notifications import flow_hooks
        from apps.notifications import services as notifications
        from apps.notifications.models import Kind
        from apps.notifications.texts import Text

        process = task.process.coerced
        names = {"task": flow_hooks.task_text(task), "process": flow_hooks.process_text(task.process)}
        excluded = get_user_model().objects.filter(cadre_id=process.cadre_id).values_list("pk", flat=True)
        notifications.notify_users_with_permission(
            permissions.UNIT_LEADER,
            process.unit,
            Kind.TASK_AVAILABLE,
            exclude=list(excluded),
            title=Text(gettext_noop("New step in your queue: {task}"), **names),
            body=Text(
                gettext_noop(
                    '{process}: the step "{task}" can be done by the unit leader or the organisation board.'
                ),
                **names,
            ),
            link=flow_hooks.task_link(task),
            process=task.process,
            task=task,
            dedupe_key=f"task:{task.pk}:available",
        )

    _guarded(send)()  # in the step's transaction


def _submitted_as(actor, process):
    """ "org_board" or "unit_leader": who handed the report in (both may, §5)."""
    if actor.is_superuser or actor.has_perm(f"organisation.{ROLE_PERMISSIONS[Role.ORG_BOARD]}", process.unit):
        return "org_board"
    return "unit_leader"


@transaction.atomic
def submit_self_assessment(*, process, task, report, text, years, health_statement, actor):
    """Step 2 (ND 138 Đ.52 k.2): the cadre's self-assessment report on the term, handed in by the unit's
    organisation board on the cadre's behalf or by the unit leader, with the years it covers and the health
    statement. A file or a written report is required; the conferences refuse to proceed without it."""
    rules.require_term_not_ended(process.term_end, _today())
    rules.require_self_assessment_content(report, text)
    if years is None or years < 0:
        raise RuleViolation("self_assessment_years", _("Say how many years the report covers."))
    if report:
        require_valid_upload(report)
    with acting_as(actor):
        if report:
            # one stored file: the dossier's attachment (downloaded through the scoped page) is the report
            stored = attach(process, task, StepAttachment.Kind.SELF_ASSESSMENT, actor, upload=report)
            process.self_assessment.name = stored.file.name
        process.self_assessment_text = (text or "").strip()
        process.self_assessment_years = years
        process.health_statement = (health_statement or "").strip()
        process.self_assessment_submitted_at = timezone.now()
        process.self_assessment_submitted_by = actor
        process.save()
    complete(task, actor)
    audit(
        "reappointment.self_assessment_submitted",
        process,
        process,
        actor,
        file=bool(report),
        written=bool(process.self_assessment_text),
        years=years,
        submitted_as=_submitted_as(actor, process),
    )
    return process


def step_spec(process, code):
    from apps.conferences import steps

    lists = steps.extension_steps if process.path == Path.EXTENSION else steps.reappointment_steps
    for spec in lists(process.params):
        if spec.code == code:
            return spec
    raise KeyError(code)


@transaction.atomic
def record_conference_step(
    *, process, task, step_code, conference_data, tallies, minutes, count_minutes, actor
):
    """Steps 3–4 and the extension ballot (ND 138 Đ.52 k.3–4, Đ.53; H1–H5, R9): the key officials' confidence
    ballot (not announced, informs the collective) and the leadership collective's secret-ballot vote, which
    passes with more than 50% of ALL its members — at exactly 50% the head decides and the dissent is recorded.
    ``apps.conferences`` checks the counts, quorum and minutes and computes the result; only tallies are stored.
    Refused while the cadre's self-assessment report is missing."""
    from apps.conferences import services as conferences

    rules.require_term_not_ended(process.term_end, _today())
    rules.require_self_assessment(process)
    spec = step_spec(process, step_code)
    conference = conferences.record_conference(
        process=process,
        unit=process.unit,
        spec=spec,
        params=process.params,
        rule_set=process.rule_set,
        candidates=[process.cadre],
        seats=1,
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
            attach(process, task, kind, actor, upload=upload)
        if spec.decisive:
            process.vote_passed = conference.outcome == "passed"
            process.save(update_fields=["vote_passed"])
    complete(task, actor)
    audit(
        "reappointment.conference_recorded",
        conference,
        process,
        actor,
        step=spec.code,
        outcome=conference.outcome,
        head_decision=conference.head_decision,
        decisive=spec.decisive,
    )
    return conference


def eligibility_results(process, *, health_ok, on=None):
    """Every check of the verification (R2, R6, H10–H13, H17), judged today; the age is counted at the end of
    the term, as the path was (H17)."""
    from apps.cadres import eligibility

    on = on or _today()
    purpose = "extension" if process.path == Path.EXTENSION else "reappointment"
    facts = eligibility.gather_facts(
        process.cadre,
        process.position,
        on,
        self_assessment_years=process.self_assessment_years,
        health_ok=health_ok,
    )
    return eligibility.evaluate(
        facts,
        eligibility.position_facts(process.position),
        rules.reappointment_params(process.params),
        on,
        purpose=purpose,
        received_on=process.term_end,
    )


def _collective_findings(prestige_ok, task_fit_ok):
    """The extension's own checks by the collective (ND 138 Đ.53; QĐ 727): prestige and fitness for the tasks."""
    from apps.cadres.eligibility import CheckResult

    return [
        CheckResult(
            "prestige",
            _("Prestige retained"),
            bool(prestige_ok),
            _("The collective's finding"),
            "" if prestige_ok else _("The collective finds the cadre's prestige reduced."),
        ),
        CheckResult(
            "task_fit",
            _("Fit for the tasks"),
            bool(task_fit_ok),
            _("The collective's finding"),
            "" if task_fit_ok else _("The collective finds the cadre not fit for the tasks."),
        ),
    ]


def _has_evaluation(process):
    return StepAttachment.objects.filter(process_id=process.pk, kind=StepAttachment.Kind.EVALUATION).exists()


def _store_evaluation(process, task, evaluation, actor):
    """The collective's evaluation handed in at verification, listed among the procedure's documents."""
    if evaluation:
        with acting_as(actor):
            attach(process, task, StepAttachment.Kind.EVALUATION, actor, upload=evaluation)


@transaction.atomic
def verify(
    *,
    process,
    task,
    health_ok,
    conclusion,
    remarks,
    prestige_ok=None,
    task_fit_ok=None,
    evaluation=None,
    actor,
):
    """Verification (thẩm định) before the decision: the political standard concluded and positive (R2, H13),
    discipline and its bar periods — 296-QĐ/TW's bar on reappointing a reprimanded member through the rule
    set's ``reappointment_discipline_bar_months``, other forms through ``discipline_bar_months`` — and criminal
    proceedings (H11, H12), health, age (H17), open reports, achievements and declarations. On the extension path the collective's findings on prestige and task fit are
    checked as well (ND 138 Đ.53).

    The dossier's documents come first (issue 9 point 12; procedures §4 items 4–5, §5): on the reappointment
    path the cadre's self-assessment on the term and the collective's `evaluation` — uploaded now or handed in
    before — or the verification is refused (``documents_required``); a number of years is not the document. On
    the extension path (§5: self-report, the collective's findings and vote) the self-assessment is required.

    "Meets" is refused, with every failed check's reason, unless all checks pass — nothing is changed. "Does not
    meet" is recorded with the remarks, and only a decision not to reappoint can follow."""
    rules.require_term_not_ended(process.term_end, _today())
    rules.require_self_assessment(process)
    if process.path != Path.EXTENSION:
        # procedures §5: the extension's dossier is the cadre's self-report and the collective's own findings
        rules.require_verification_documents(process, evaluation=bool(evaluation) or _has_evaluation(process))
    if evaluation:
        require_valid_upload(evaluation)
    from workflows.common import political_protection

    if political_protection.ask_if_needed(process, [process], actor=actor):
        # procedures §9: a conclusion missing or expired is asked of political protection; verification waits
        _store_evaluation(process, task, evaluation, actor)
        audit("verification.awaits_political_protection", process, process, actor)
        complete(task, actor)
        return process
    results = eligibility_results(process, health_ok=health_ok)
    if process.path == Path.EXTENSION:
        results = results + _collective_findings(prestige_ok, task_fit_ok)
    failed = [r for r in results if not r.passed]
    rules.require_conclusion_consistent(conclusion, failed, remarks)
    _store_evaluation(process, task, evaluation, actor)
    process.health_ok = health_ok
    if process.path == Path.EXTENSION:
        process.prestige_ok, process.task_fit_ok = prestige_ok, task_fit_ok
    record_checks(process, process.pk, results, timezone.now())
    process.verification_passed = conclusion == Conclusion.MEETS
    process.verification_remarks = (remarks or "").strip()
    save(process, actor)
    complete(task, actor)
    audit(
        "reappointment.verified",
        process,
        process,
        actor,
        passed=process.verification_passed,
        failed_checks=[r.code for r in failed],
        remarks=process.verification_remarks,
    )
    return process
