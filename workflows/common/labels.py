"""Readable names of the audit actions a procedure page lists in its history (the audit log keeps the codes)."""

from django.utils.translation import gettext_lazy as _

#: actions every procedure writes (shared machinery, conferences, decisions)
ACTION_LABELS = {
    "step.commented": _("Comment added"),
    "step.attachment_added": _("Document attached"),
    "task.reassigned": _("Step reassigned"),
    "conference.recorded": _("Conference recorded"),
    "candidate.verified": _("Candidate verified"),
    "decision.drafted": _("Decision drafted"),
    "decision.signed": _("Decision signed"),
    "verification.awaits_political_protection": _("Verification waits for political protection"),
    "political_protection.requested": _("Political-standard conclusion requested"),
    "political_protection.answered": _("Political-standard conclusion recorded"),
}


def action_label(action, flow=None):
    """The readable name of `action`: the flow's own (``action_labels`` on the flow), else a shared one, else a
    name for ``<procedure>.withdrawn``, else the code itself."""
    own = getattr(flow, "action_labels", None) or {}
    if action in own:
        return own[action]
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.endswith(".withdrawn"):
        return _("Procedure withdrawn")
    return action
