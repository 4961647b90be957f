"""The revocation procedure's writers, one per step (R8, H21). Each checks the step's rules, writes the case, lets
the flow go on (the step runner, ``workflows.common.runner``, completes the task) and appends its audit entry — in one transaction, so a refused step
changes nothing. Writes run inside ``acting_as(actor)`` so every history row names the person who acted.

- ``open_case``: the inspection commission or the organisation board, against a signed decision in its scope, with
  grounds and evidence (optionally from a violation report);
- ``investigate_case``: the inspection commission's findings, evidence, and discipline recommendations against
  the people involved (``recommend_discipline``);
- ``decide_case``: the competent authority revokes the decision (``apps.decisions.services.revoke_decision``: a
  signed revocation decision with its PDF; the original marked revoked, its tenure ended, the seat reopened) or
  keeps it, with the reasons.
"""

import hashlib
import mimetypes

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.accounts.models import Role
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after
from workflows.common.models import StepAttachment, validate_attachment
from workflows.common.services import audit as _audit
from workflows.common.services import complete as _complete

from . import rules
from .models import CaseOutcome, InvolvedPerson, RevocationProcess, Ruling


def open_case_of(decision, exclude=None):
    """The pk of the open case about `decision`, if any."""
    qs = RevocationProcess.objects.filter(decision=decision, outcome=CaseOutcome.IN_PROGRESS, status="NEW")
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.values_list("pk", flat=True).first()


def check_evidence(uploads):
    """Every file is a document of an allowed type and size, checked before anything is written."""
    for upload in uploads:
        try:
            validate_attachment(upload)
        except Exception as exc:  # ValidationError -> our one rule type
            raise RuleViolation(
                getattr(exc, "code", None) or "attachment_invalid", " ".join(exc.messages)
            ) from None


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _attach_evidence(case, task, uploads, actor):
    """Store the evidence as the step's documents; returns their SHA-256 for the audit entry."""
    digests = []
    for upload in uploads:
        digest = _sha256(upload)
        content_type = getattr(upload, "content_type", None) or mimetypes.guess_type(upload.name)[0] or ""
        attachment = StepAttachment(
            process_id=case.pk,
            task=task,
            author=actor,
            kind=StepAttachment.Kind.OTHER,
            original_name=upload.name[:255],
            size=upload.size,
            content_type=content_type[:100],
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        digests.append({"name": attachment.original_name, "sha256": digest})
    return digests


def _opened_as(actor, decision):
    """Which of the two opening roles the actor used (inspection wins when they hold both)."""
    if permissions.has_role(actor, Role.INSPECTION) and permissions.can(actor, "inspect", decision):
        return Role.INSPECTION
    return Role.ORG_BOARD


def _copy_participants(case, decision, actor):
    """The people recorded on the decision, with their unit and title then, and their cadre record now."""
    from apps.decisions.models import DecisionParticipant

    rows = []
    participants = DecisionParticipant.objects.filter(decision=decision).select_related("user")
    for participant in participants.order_by("pk"):
        rows.append(
            InvolvedPerson(
                case=case,
                participant=participant,
                user=participant.user,
                cadre_id=participant.user.cadre_id,
                role_in_procedure=participant.role_in_procedure,
                unit_at_the_time_id=participant.unit_at_the_time_id,
                title_at_the_time=participant.title_at_the_time,
                name_at_the_time=participant.name_at_the_time,
            )
        )
    with acting_as(actor):
        for row in rows:  # one by one: each gets its history row
            row.save()
    return rows


@transaction.atomic
def open_case(*, process, task, decision, grounds, evidence=(), report=None, actor):
    """Open a revocation case against `decision` (R8, H21).

    Who: the inspection commission or the organisation board, in the decision's scope (``open_revocation``).
    Refuses a decision already revoked (``already_revoked``), not signed (``not_signed``) or itself a revocation
    (``revocation_not_revocable``), a second open case on the same decision (``case_already_open``), missing
    grounds (``grounds_required``) and a bad evidence file. With `report`, the violation report is linked to the
    new case (``apps.audit.services.case_links``).
    """
    from apps.decisions import rules as decision_rules
    from apps.decisions.models import Decision
    from apps.rulesets.selectors import rule_set_for

    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("position__unit", "authority")
        .get(pk=decision.pk)
    )
    permissions.require(actor, "open_revocation", decision)
    decision_rules.require_can_revoke(decision)
    rules.require_grounds(grounds)
    rules.require_no_open_case(open_case_of(decision))
    evidence = list(evidence)
    check_evidence(evidence)
    rule_set = rule_set_for(unit=decision.position.unit)
    params = rule_set.resolve()

    case = process
    case.decision = decision
    case.decision_number = decision.number
    case.unit = decision.position.unit
    case.position = decision.position
    case.grounds = grounds.strip()
    case.opened_as = _opened_as(actor, decision)
    case.rule_set = rule_set
    case.rule_snapshot = params.as_snapshot()
    case.started_by = actor
    # no regulation sets a time limit for a revocation case: it runs under the procedure time limit
    case.due_on = working_days_after(timezone.localdate(), params.process_working_days, params)
    _complete(task, actor)
    involved = _copy_participants(case, decision, actor)
    if report is not None:
        from apps.audit.services.case_links import link_report_to_case

        link_report_to_case(report, case, actor=actor)
    with acting_as(actor):  # files last: nothing after this can refuse and leave them behind
        digests = _attach_evidence(case, task, evidence, actor)
    _audit(
        "revocation.opened",
        case,
        case,
        actor,
        decision=decision.pk,
        number=decision.number,
        grounds=case.grounds,
        opened_as=case.opened_as,
        evidence=digests,
        involved=[p.user_id for p in involved],
        report=getattr(report, "pk", None),
        rule_set=rule_set.code,
    )
    return case


@transaction.atomic
def recommend_discipline(*, case, person, note, actor):
    """Record against an involved person that the commission recommends a disciplinary review (docs/procedures.md §10:
    violations in office are handled even after the person left or retired). A cadre gets a discipline "under
    disciplinary review" in the registry (it holds their own procedures, R6); someone without a cadre record keeps
    the recommendation on the case. Idempotent per person and case."""
    from apps.cadres.models import Discipline
    from apps.cadres.services import add_discipline

    rules.require_recommendation_note(note)
    person = (
        InvolvedPerson.objects.select_for_update(of=("self",))
        .select_related("cadre")
        .get(pk=person.pk, case=case)
    )
    if person.recommendation == InvolvedPerson.Recommendation.DISCIPLINE:
        return person
    discipline = None
    if person.cadre_id:
        discipline = add_discipline(
            cadre=person.cadre,
            actor=actor,
            status=Discipline.Status.UNDER_REVIEW,
            kind="",
            authority=_("Inspection commission (revocation case #{pk})").format(pk=case.pk),
            reason=note.strip(),
        )
    person.recommendation = InvolvedPerson.Recommendation.DISCIPLINE
    person.note = note.strip()
    person.discipline = discipline
    with acting_as(actor):
        person.save(update_fields=["recommendation", "note", "discipline"])
    _audit(
        "revocation.discipline_recommended",
        person,
        case,
        actor,
        user=person.user_id,
        cadre=person.cadre_id,
        role=person.role_in_procedure,
        discipline=getattr(discipline, "pk", None),
        note=person.note,
    )
    return person


@transaction.atomic
def investigate_case(*, process, task, findings, recommendations=None, evidence=(), actor):
    """The inspection commission records its findings, evidence and, per involved person, a note and whether it
    recommends a disciplinary review (``recommendations``: ``{person pk: {"discipline": bool, "note": str}}``).
    Refuses empty findings (``findings_required``), an investigator who took part in the decision
    (``conflict_of_interest``) and a recommendation without a note (``recommendation_note_required``)."""
    case = process
    recommendations = recommendations or {}
    people = {p.pk: p for p in case.involved.all()}
    rules.require_findings(findings)
    rules.require_not_involved(actor, [p.user_id for p in people.values()])
    evidence = list(evidence)
    check_evidence(evidence)
    for pk, item in recommendations.items():
        if pk not in people:
            raise RuleViolation("wrong_person", _("This person is not involved in the case."))
        if item.get("discipline"):
            rules.require_recommendation_note(item.get("note"))

    case.findings = findings.strip()
    case.investigated_by = actor
    case.investigated_at = timezone.now()
    with acting_as(actor):
        case.save(update_fields=["findings", "investigated_by", "investigated_at"])
        for pk, item in recommendations.items():
            note = (item.get("note") or "").strip()
            person = people[pk]
            if not item.get("discipline") and note and note != person.note:
                person.note = note
                person.save(update_fields=["note"])
        digests = _attach_evidence(case, task, evidence, actor)
    recommended = [
        recommend_discipline(case=case, person=people[pk], note=item["note"], actor=actor).pk
        for pk, item in recommendations.items()
        if item.get("discipline")
    ]
    _complete(task, actor)
    _audit(
        "revocation.investigated",
        case,
        case,
        actor,
        findings=case.findings,
        evidence=digests,
        discipline_recommended=recommended,
    )
    return case


#: which decision-participant role each completed step gives its owner on the revocation decision
PARTICIPANT_ROLES = {"start": "proposer", "investigate": "verifier", "decide": "decider"}


def participants(case, decider):
    """(user, role, unit) of whoever opened and investigated the case, and the decider (the signer is added by
    ``sign_decision``). The unit is the person's own unit when they have a cadre record, else the case's."""
    rows = []
    tasks = case.task_set.filter(status="DONE", owner__isnull=False).select_related("owner__cadre")
    owners = [(task.owner, PARTICIPANT_ROLES.get(task.flow_task.name)) for task in tasks.order_by("created")]
    owners.append((decider, PARTICIPANT_ROLES["decide"]))
    for user, role in owners:
        if role:
            cadre = getattr(user, "cadre", None)
            rows.append((user, role, cadre.current_unit if cadre is not None else case.unit))
    return rows


@transaction.atomic
def decide_case(
    *,
    process,
    task,
    ruling,
    reason,
    grounds="",
    revoked_on=None,
    signer=None,
    issued_on=None,
    actor,
):
    """The competent authority rules. Revoke: a revocation decision of the decision's authority, signed by the
    actor, naming the original, its grounds and the reason (``revoke_decision``: the original is marked revoked and
    never edited, its tenure ends on `revoked_on`, the seat reopens). Keep: the decision stands, with the reasons.
    Refuses no ruling (``ruling_required``), no reasons (``reason_required``), and — from ``revoke_decision`` — a
    decision already revoked (``already_revoked``) and a revocation without grounds (``grounds_required``)."""
    from apps.decisions.services import revoke_decision

    case = process
    rules.require_ruling(ruling, reason)
    now = timezone.now()
    revocation = None
    if ruling == Ruling.REVOKE:
        rules.require_grounds(grounds)
        revocation = revoke_decision(
            original=case.decision,
            grounds=grounds.strip(),
            reason=reason.strip(),
            authority=case.decision.authority,
            signer=actor,
            signer_cadre=signer,  # name and title from the registry (issue 9 §8)
            revoked_on=revoked_on or timezone.localdate(),
            issued_on=issued_on or timezone.localdate(),
            participants=participants(case, actor),
            process=case,
            actor=actor,
        )
    case.ruling = ruling
    case.ruling_reason = reason.strip()
    case.decided_by = actor
    case.decided_at = now
    case.revocation_decision = revocation
    case.outcome = CaseOutcome.REVOKED if revocation else CaseOutcome.KEPT
    case.outcome_reason = (
        _("Revoked by decision {number}").format(number=revocation.number) if revocation else reason.strip()
    )
    with acting_as(actor):
        case.save(
            update_fields=[
                "ruling",
                "ruling_reason",
                "decided_by",
                "decided_at",
                "revocation_decision",
                "outcome",
                "outcome_reason",
            ]
        )
    _complete(task, actor)
    _audit(
        "revocation.revoked" if revocation else "revocation.kept",
        case.decision,
        case,
        actor,
        ruling=ruling,
        reason=case.ruling_reason,
        revocation=getattr(revocation, "pk", None),
        revocation_number=getattr(revocation, "number", ""),
    )
    return case
