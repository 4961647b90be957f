"""Filing and handling violation reports (H25). The only writers of ``ViolationReport``.

Filing: anyone (a citizen, anonymously) or a Front / organisation account. Handling: the inspection commission,
each step a service that refuses an illegal status transition and writes an audit entry. The reporter's identity
never goes into the audit log or the history table.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts import permissions
from apps.accounts.models import Role
from apps.accounts.permissions import may_handle_report
from apps.audit.models import ReportAttachment, ViolationReport
from apps.audit.services import record
from apps.core.history import acting_as

from .. import rules

Status = ViolationReport.Status


def _require_handler(actor, report):
    if not may_handle_report(actor, report):
        raise PermissionDenied


def _public_fields(report):
    return report.audit_fields()


def _save_attachments(report, uploads, content_types):
    saved = []
    try:
        for upload, content_type in zip(uploads, content_types, strict=True):
            attachment = ReportAttachment(
                report=report,
                original_name=(upload.name or "")[-255:],
                size=upload.size,
                sha256=rules.sha256_of(upload),
                content_type=content_type,
            )
            attachment.file.save(upload.name, upload, save=False)
            saved.append(attachment)
            attachment.save()
    except BaseException:
        for attachment in saved:  # the transaction rolls the rows back; remove the files it wrote
            attachment.file.delete(save=False)
        raise
    return saved


@transaction.atomic
def file_report(
    *,
    actor,
    category,
    subject_text,
    description,
    channel,
    kind=ViolationReport.Kind.FEEDBACK,
    reporter_name="",
    reporter_contact="",
    organisation_name="",
    unit=None,
    subject_cadre=None,
    attachments=(),
):
    """Take a report in and return it (its ``tracking_code`` goes back to the reporter).

    `actor` is the Front / organisation account, or ``None`` / an anonymous user for a citizen. Every
    attachment is checked before anything is written, so a refused file leaves nothing behind.
    """
    account = actor if actor is not None and actor.is_authenticated else None
    if channel != ViolationReport.Channel.CITIZEN and not permissions.has_role(account, Role.FRONT):
        raise PermissionDenied
    rules.require_description_length(description)
    attachments = list(attachments)
    content_types = rules.check_attachments(attachments)
    with acting_as(account):
        report = ViolationReport.objects.create(
            kind=kind,
            category=category,
            subject_text=subject_text.strip(),
            subject_cadre=subject_cadre,
            unit=unit,
            description=description.strip(),
            channel=channel,
            organisation_name=organisation_name.strip(),
            reporter_name=reporter_name.strip(),
            reporter_contact=reporter_contact.strip(),
            filed_by=account,
        )
        saved = _save_attachments(report, attachments, content_types)
    data = _public_fields(report) | {"attachments": [a.sha256 for a in saved]}
    try:
        record("report.filed", report, actor=actor, data=data)
    except BaseException:
        for attachment in saved:
            attachment.file.delete(save=False)
        raise
    return report


def _move(report, target, *, actor, action, note="", **changes):
    """Lock the report, check the transition, write the change with its note in the history."""
    report = ViolationReport.objects.select_for_update().get(pk=report.pk)
    _require_handler(actor, report)
    rules.require_transition(report, target)
    previous = report.status
    report.status = target
    for field, value in changes.items():
        setattr(report, field, value)
    report._change_reason = (note or "")[:100]
    with acting_as(actor):
        report.save()
    data = _public_fields(report) | {"from": previous, "note": note or ""}
    if "answer" in changes:
        data["answer"] = report.answer
    record(action, report, actor=actor, data=data)
    return report


@transaction.atomic
def triage_report(report, *, actor, category=None, subject_cadre=None, unit=None, note=""):
    """The commission takes the report up: confirms its category and links the cadre and unit it is about."""
    changes = {"handled_by": actor}
    if category:
        changes["category"] = category
    if subject_cadre is not None:
        changes["subject_cadre"] = subject_cadre
    if unit is not None:
        changes["unit"] = unit
    return _move(report, Status.TRIAGING, actor=actor, action="report.triaged", note=note, **changes)


@transaction.atomic
def start_investigation(report, *, actor, note=""):
    return _move(report, Status.INVESTIGATING, actor=actor, action="report.investigating", note=note)


@transaction.atomic
def answer_report(report, *, actor, answer):
    """Write the answer the reporter reads with their tracking code."""
    rules.require_answer_text(answer)
    return _move(
        report,
        Status.ANSWERED,
        actor=actor,
        action="report.answered",
        answer=answer.strip(),
        answered_at=timezone.now(),
    )


@transaction.atomic
def close_report(report, *, actor, note=""):
    return _move(
        report, Status.CLOSED, actor=actor, action="report.closed", note=note, closed_at=timezone.now()
    )


@transaction.atomic
def reject_report(report, *, actor, reason):
    """Not accepted (not within competence, no substance…): the reason is the answer the reporter reads."""
    rules.require_answer_text(reason)
    now = timezone.now()
    return _move(
        report,
        Status.REJECTED,
        actor=actor,
        action="report.rejected",
        answer=reason.strip(),
        answered_at=now,
        closed_at=now,
    )
