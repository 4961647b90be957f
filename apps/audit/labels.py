"""The one registry of readable names of the audit actions (issue 10 "labels for every action code", issue 11 §4).

The log stores the code (``reappointment.opened``); every page, export and notification that shows an entry asks
``action_label(code)`` at read time, so the reader's language is used. ``tests/audit/test_action_labels.py``
collects every code the services can write from the source and fails on one missing here.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # accounts and the registry
    "role.granted": _("Role granted"),
    "role.withdrawn": _("Role withdrawn"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "cadre.created": _("Cadre record created"),
    "cadre.updated": _("Cadre record updated"),
    "registry.write_refused": _("Change to the registry refused"),
    "registry.imported": _("Registry imported from a file"),
    "registry.import_refused": _("Registry import refused"),
    "unit.created": _("Unit created"),
    "unit.updated": _("Unit updated"),
    "position.created": _("Position created"),
    "position.updated": _("Position updated"),
    "tenure.imported": _("Tenure imported"),
    "tenure.added": _("Tenure recorded"),
    "tenure.past_recorded": _("Past tenure recorded"),
    "tenure.ended": _("Tenure ended"),
    "tenure.extended": _("Tenure extended"),
    "tenure.end_corrected": _("End of the tenure corrected"),
    "tenure.reopened": _("Tenure reopened"),
    "tenure.term_restored": _("Term of the tenure restored"),
    "tenure.voided": _("Tenure voided"),
    "planning.fulfilled": _("Planning fulfilled"),
    "planning.reopened": _("Planning reopened"),
    "planning.added": _("Added to the planning"),
    "planning.removed": _("Removed from the planning"),
    # the planning review (workflows.planning)
    "planning.review_opened": _("Planning review opened"),
    "planning.proposed": _("Planning changes proposed"),
    "planning.conference_recorded": _("Planning conference recorded"),
    "planning.decided": _("Planning decisions signed"),
    # rotation (workflows.rotation)
    "rotation.proposed": _("Rotation proposed"),
    "rotation.conference_recorded": _("Rotation vote recorded"),
    "rotation.decided": _("Rotation decision signed"),
    "rotation.return_opened": _("Return from rotation opened"),
    "rotation.returned": _("Return from rotation signed"),
    "evaluation.added": _("Evaluation recorded"),
    "achievement.added": _("Achievement recorded"),
    "discipline.added": _("Discipline recorded"),
    "political_conclusion.added": _("Political-standard conclusion added"),
    # conferences and collectives
    "collective.created": _("Collective created"),
    "collective.member_added": _("Member added to the collective"),
    "collective.member_left": _("Member left the collective"),
    "conference.recorded": _("Conference recorded"),
    "conference.collective_size_overridden": _(
        "Collective's size differs from the registry (reason recorded)"
    ),
    # decisions
    "decision.issuer_profile_created": _("Issuer profile created"),
    "decision.drafted": _("Decision drafted"),
    "decision.signed": _("Decision signed"),
    "decision.revoked": _("Decision revoked"),
    # shared procedure machinery
    "step.commented": _("Comment added"),
    "step.attachment_added": _("Document attached"),
    "task.reassigned": _("Step reassigned"),
    "task.escalated": _("Overdue step escalated"),
    "candidate.verified": _("Candidate verified"),
    "verification.awaits_political_protection": _("Verification waits for political protection"),
    "political_protection.requested": _("Political-standard conclusion requested"),
    "political_protection.answered": _("Political-standard conclusion recorded"),
    # appointment
    "appointment.proposed": _("Appointment proposed"),
    "appointment.policy_approved": _("Policy approved"),
    "appointment.policy_returned": _("Proposal returned for revision"),
    "appointment.revised": _("Proposal revised"),
    "appointment.rejected": _("Policy rejected"),
    "appointment.candidates_listed": _("Candidates listed"),
    "appointment.step_recorded": _("Conference step completed"),
    "appointment.decision_drafted": _("Appointment decision drafted"),
    "appointment.winner_dropped": _("Winner dropped by the board"),
    "appointment.appointed": _("Appointed"),
    # reappointment
    "reappointment.opened": _("Reappointment opened"),
    "reappointment.notice_sent": _("Reappointment notice sent"),
    "reappointment.self_assessment_submitted": _("Self-assessment submitted"),
    "reappointment.conference_recorded": _("Evaluation conference recorded"),
    "reappointment.verified": _("Standards verified"),
    "reappointment.decided": _("Reappointment decided"),
    "reappointment.decision_drafted": _("Reappointment decision drafted"),
    "reappointment.overdue": _("Reappointment overdue"),
    "reappointment.reappointed": _("Reappointed"),
    "reappointment.not_reappointed": _("Not reappointed"),
    "reappointment.extended": _("Term extended to retirement"),
    # nomination
    "nomination.proposed": _("Candidates proposed for an election"),
    "nomination.plan_approved": _("Personnel plan approved"),
    "nomination.rejected": _("Personnel plan rejected"),
    "nomination.round_recorded": _("Round of the secret ballot completed"),
    "nomination.list_prepared": _("Candidate list prepared"),
    "nomination.nominated": _("Nomination decisions and list signed"),
    "nomination.result_recorded": _("Election result recorded"),
    "nomination.elected": _("Election result confirmed"),
    # revocation
    "revocation.opened": _("Revocation case opened"),
    "revocation.investigated": _("Investigation recorded"),
    "revocation.discipline_recommended": _("Discipline recommended"),
    "revocation.revoked": _("Decision revoked by the procedure"),
    "revocation.kept": _("Decision kept"),
    # inspection: reports, timelines
    "report.filed": _("Report filed"),
    "report.triaged": _("Report triaged"),
    "report.investigating": _("Report under investigation"),
    "report.answered": _("Report answered"),
    "report.closed": _("Report closed"),
    "report.rejected": _("Report rejected"),
    "report.linked_to_case": _("Report linked to a revocation case"),
    "timeline.export_requested": _("Timeline export requested"),
    "timeline.exported": _("Timeline exported"),
    # operations
    "job.retried": _("Background job retried"),
    "core.ping": _("Health check"),
    "demo.seeded": _("Demonstration data loaded"),
    # what the timelines add to the log's entries (history rows and steps)
    "change.created": _("Record created"),
    "change.changed": _("Record changed"),
    "change.deleted": _("Record deleted"),
}

#: the procedures whose ``<app>.withdrawn`` a withdrawal writes (``workflows.common.services.withdraw``)
WITHDRAWN_SUFFIX = ".withdrawn"

#: ``admin.<model>.<verb>`` written by the administration's save hooks
ADMIN_VERBS = {
    "added": _("{model} created in the administration"),
    "changed": _("{model} changed in the administration"),
    "deleted": _("{model} deleted in the administration"),
}


def _step_label(status):
    from viewflow.workflow.status import STATUS

    choices = dict(STATUS.choices)
    label = choices.get(status.upper()) or choices.get(status)
    return _("Step: {status}").format(status=str(label).lower()) if label else None


def _model_name(model_name):
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return str(model._meta.verbose_name).capitalize()
    return None


def action_label(action):
    """The readable name of `action` in the active language, or ``None`` if the registry does not know it."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.endswith(WITHDRAWN_SUFFIX):
        return _("Procedure withdrawn")
    parts = action.split(".")
    if len(parts) == 3 and parts[0] == "admin" and parts[2] in ADMIN_VERBS:
        model = _model_name(parts[1])
        if model:
            return ADMIN_VERBS[parts[2]].format(model=model)
    if len(parts) == 2 and parts[0] == "step":
        return _step_label(parts[1])
    return None


def label_of(action):
    """What a page shows: the label, else the code itself (a code no service writes any more, kept readable for
    the inspectors rather than hidden; tests/audit/test_action_labels.py keeps every code written today labelled)."""
    label = action_label(action)
    return str(label) if label is not None else action
