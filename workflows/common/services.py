"""Writers shared by every procedure: comments, attachments, reassignment, claim/release, withdrawal.

Each is atomic, checks the rules first, writes, appends the audit entry and sends notifications on commit.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS, STATUS

from apps.accounts import permissions
from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .models import ProcedureOutcome, StepAttachment, StepComment, validate_attachment
from .nodes import call_hook

CONTRIBUTE_ACTION = "contribute_procedure"


def _require(user, action, process):
    permissions.require(user, action, process)


def _require_open(process):
    if process.status != PROCESS.NEW or process.outcome != ProcedureOutcome.IN_PROGRESS:
        raise RuleViolation("procedure_closed", _("This procedure is closed."))


@transaction.atomic
def add_comment(*, process, text, task=None, actor):
    """The procedure's participants in scope may comment on it (never its candidates: R10; the inspection
    commission reads only)."""
    _require(actor, CONTRIBUTE_ACTION, process)
    text = (text or "").strip()
    if not text:
        raise RuleViolation("comment_empty", _("Write a comment first."))
    if task is not None and task.process_id != process.pk:
        raise RuleViolation("wrong_step", _("This step belongs to another procedure."))
    with acting_as(actor):
        comment = StepComment.objects.create(process_id=process.pk, task=task, author=actor, text=text)
    record(
        "step.commented",
        comment,
        actor=actor,
        process_id=process.pk,
        data={"task": getattr(task, "pk", None)},
    )
    return comment


@transaction.atomic
def add_attachment(*, process, upload, kind, task=None, actor):
    """Attach a document (type and size limited like every upload of the product)."""
    _require(actor, CONTRIBUTE_ACTION, process)
    if kind not in StepAttachment.Kind.values:
        raise RuleViolation("attachment_kind", _("Unknown kind of document."))
    if task is not None and task.process_id != process.pk:
        raise RuleViolation("wrong_step", _("This step belongs to another procedure."))
    content_type = validate_attachment(upload)  # by content (apps.core.uploads): a RuleViolation when refused
    with acting_as(actor):
        attachment = attach(process, task, kind, actor, upload=upload, content_type=content_type)
    record(
        "step.attachment_added",
        attachment,
        actor=actor,
        process_id=process.pk,
        data={"kind": kind, "name": attachment.original_name, "size": attachment.size},
    )
    return attachment


def attach(
    process, task, kind, actor, *, upload=None, stored=None, content=None, name=None, content_type=None
):
    """The one writer of a step's document (``StepAttachment``), listed and downloaded on the procedure page.

    The file is `upload` (an uploaded file, stored now), `stored` (a file another record already stored, e.g. a
    conference's minutes: pointed at, never written twice; `upload` then gives its name and size) or `content`
    (bytes rendered by the product, stored under `name`). The content type is the one given (the upload check's,
    by content), else the upload's. No permission check and no audit entry: the step that attaches does both.
    """
    if content is not None:
        upload = ContentFile(content, name=name)
    name = name or upload.name
    attachment = StepAttachment(
        process_id=process.pk,
        task=task,
        author=actor,
        kind=kind,
        original_name=name[:255],
        size=upload.size,
        content_type=(content_type or getattr(upload, "content_type", "") or "")[:100],
    )
    if stored is not None:
        attachment.file.name = stored.name
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def eligible_assignees(task, candidates):
    """Of `candidates`, those who hold the task's permission on its unit and are not in conflict."""
    node = task.flow_task
    return [user for user in candidates if node.user_may_act(user, task)]


@transaction.atomic
def reassign_task(*, task, to_user, reason="", actor):
    """An organisation-board reviewer in scope hands an open step to another user who holds its permission."""
    process = task.process.coerced
    _require(actor, "reassign", process)
    _require_open(process)
    node = task.flow_task
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        raise RuleViolation("task_not_open", _("Only an open step can be reassigned."))
    if not hasattr(node, "user_may_act") or not node.user_may_act(to_user, task):
        raise RuleViolation(
            "assignee_not_permitted", _("{user} may not perform this step.").format(user=to_user)
        )
    previous_owner = task.owner
    with node.flow_class.lock(process.pk):
        task.refresh_from_db()
        with acting_as(actor):
            activation = node.activation_class(task)
            if task.status == STATUS.ASSIGNED:
                activation.reassign(user=to_user)
            else:
                activation.assign(to_user)
    record(
        "task.reassigned",
        task,
        actor=actor,
        process_id=process.pk,
        data={
            "step": node.name,
            "from": getattr(previous_owner, "username", None),
            "to": to_user.get_username(),
            "reason": reason,
        },
    )
    return task


@transaction.atomic
def withdraw_procedure(*, process, reason, actor):
    """The proposer (unit leader in scope) or an organisation-board reviewer in scope withdraws the procedure.

    The outcome and its reason are recorded, every open step is cancelled and the process is closed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("reason_required", _("Give the reason for the withdrawal."))
    if not permissions.may_withdraw(actor, process):
        permissions.require(actor, "review", process)
    flow = process.flow_class.instance
    with flow.lock(process.pk), acting_as(actor):
        process.refresh_from_db()
        _require_open(process)
        process.outcome = ProcedureOutcome.WITHDRAWN
        process.outcome_reason = reason
        process.save(update_fields=["outcome", "outcome_reason"])
        flow.cancel(process)
    record(
        f"{process._meta.app_label}.withdrawn",
        process,
        actor=actor,
        process_id=process.pk,
        data={"reason": reason},
    )
    notify_process_finished(process)
    return process


def notify_process_finished(process):
    call_hook("on_process_finished", process)


def notify_task_returned(task, reason):
    call_hook("on_task_returned", task, reason)


# --- what every step service does: the audit entry, the process saved as the actor, the task completed ------------


def audit(action, obj, process, actor, **data):
    """The step's audit entry, filed under its procedure."""
    record(action, obj, actor=actor, process_id=process.pk, data=data)


def save(process, actor, *fields):
    """Save the procedure (only `fields` when given) with `actor` as the author of its history row."""
    with acting_as(actor):
        process.save(update_fields=list(fields) if fields else None)


def complete(task, actor):
    """Finish the step's task at this point of its service (``workflows.common.runner.complete``)."""
    from .runner import complete as run_complete

    run_complete(task, actor)


def draft_and_sign(
    process, *, kind, cadre, actor, signer, grounds, effective_from, issued_on, participants, **draft
):
    """Draft and sign at once the decision of `kind` about `cadre` on the procedure's post, issued by the post's
    authority under the procedure's rule set (a planning decision, a rotation or its return). `participants`
    (``participants(process, actor)``) lists who took part; `draft` adds what ``draft_decision`` takes besides
    (``reason``, ``term_end``)."""
    from apps.decisions.services import draft_decision, sign_decision

    position = process.position
    decision = draft_decision(
        kind=kind,
        cadre=cadre,
        position=position,
        authority=position.authority,
        process=process,
        rule_set=process.rule_set,
        params=process.params,
        effective_from=effective_from,
        grounds=grounds,
        actor=actor,
        **draft,
    )
    return sign_decision(
        decision=decision,
        signer=actor,
        signer_cadre=signer,
        issued_on=issued_on,
        participants=participants(process, actor),
        actor=actor,
    )


def record_step_conference(
    process, task, actor, spec, *, candidates, seats, conference_data, tallies, minutes, count_minutes
):
    """Record the conference of step `spec` (``apps.conferences.services.record_conference``) under the
    procedure's rule set, in its unit, and attach the minutes and vote-count minutes given to the step."""
    from apps.conferences import services as conferences

    conference = conferences.record_conference(
        process=process,
        unit=process.unit,
        spec=spec,
        params=process.params,
        rule_set=process.rule_set,
        candidates=candidates,
        seats=seats,
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
                attach(process, task, kind, actor, upload=upload)
    return conference
