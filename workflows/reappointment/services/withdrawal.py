"""Withdrawing an open reappointment procedure (closing state ``withdrawn``).

docs/procedures.md §5 gives the reappointment to the competent level: it notifies the cadre, hears the report, votes
and decides (ND 138 Đ.52; 377). The procedure is opened by the scheduled job or by the organisation board, never
proposed by the unit, so only the organisation board in whose scope the post lies may withdraw it — not the unit
leader, who may hand in the cadre's self-assessment but has no say on whether the reappointment runs (a unit's
deputy would otherwise be able to stop their own head's reappointment). The cadre never may (R10).
"""

from django.db import transaction

from apps.accounts import permissions

#: the action (``apps.accounts.permissions.ACTIONS``) a withdrawal needs on the procedure
WITHDRAW_ACTION = "review"


def may_withdraw(user, process):
    """May `user` withdraw `process` now? (the organisation board in scope; the procedure still open)"""
    return process.is_open and permissions.can(user, WITHDRAW_ACTION, process)


@transaction.atomic
def withdraw(*, process, reason, actor):
    """The organisation board withdraws an open reappointment with the reason (required). The shared machinery
    records the outcome ``withdrawn`` and its reason, cancels every open step and closes the process, appends
    ``reappointment.withdrawn`` to the audit log in the same transaction and, on commit, tells the person who
    opened it (a procedure opened by the scheduled job has no one to tell). Refused, with nothing changed: no
    reason (``reason_required``), a closed procedure (``procedure_closed``), anyone outside the board's scope
    (404) or without the board's role (403)."""
    from workflows.common.services import withdraw_procedure

    permissions.require(actor, WITHDRAW_ACTION, process)
    return withdraw_procedure(process=process, reason=reason, actor=actor)
