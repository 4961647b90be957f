"""Linking violation reports to revocation cases (issue 5 parts 3 and 4: "a report can open a revocation case").

The link is a row of the revocation procedure (``workflows.revocation.models.CaseReport``): the report model stays
as it is, and a case can gather several reports. Written only here, by the inspection commission member handling
the report, with an audit entry in the case's procedure and nothing about who filed the report (231-QĐ/TW).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS

from apps.accounts import permissions
from apps.audit.models import ViolationReport
from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.nodes import process_visible

from .models import CaseReport, RevocationProcess


def require_case_open(case):
    if case.status != PROCESS.NEW or case.outcome != "in_progress":
        raise RuleViolation("case_closed", _("This revocation case is closed: no report can join it."))


@transaction.atomic
def link_report_to_case(report, case, *, actor):
    """Attach `report` to the open revocation `case`. Refuses someone who may not handle the report
    (``PermissionDenied``) or see the case (404/403), a closed case (``case_closed``) and a second link of the same
    report to the same case (``already_linked``)."""
    report = ViolationReport.objects.select_for_update().get(pk=report.pk)
    if not permissions.may_handle_report(actor, report):
        raise PermissionDenied
    permissions.require(actor, "follow_procedure", case)
    require_case_open(case)
    if CaseReport.objects.filter(case_id=case.pk, report_id=report.pk).exists():
        raise RuleViolation(
            "already_linked", _("This report is already linked to case #{pk}.").format(pk=case.pk)
        )
    with acting_as(actor):
        link = CaseReport.objects.create(case_id=case.pk, report=report, linked_by=actor)
    record(
        "report.linked_to_case",
        report,
        actor=actor,
        process_id=case.pk,
        data=report.audit_fields() | {"case": case.pk, "decision": case.decision_id},
    )
    return link


@transaction.atomic
def link_report_to_case_number(report, case_pk, *, actor):
    """The report page's "join an open revocation case" step: the case by its number; a case that does not exist
    or that the actor may not see is refused the same way (``unknown_case``)."""
    case = RevocationProcess.objects.filter(pk=case_pk).first()
    if case is None or not process_visible(actor, case):
        raise RuleViolation("unknown_case", _("There is no revocation case #{pk}.").format(pk=case_pk))
    return link_report_to_case(report, case, actor=actor)
