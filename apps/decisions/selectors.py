"""Readers for decision pages and the API (docs/style.md rule 4): restricted to the reader's scope, relations loaded.

A decision belongs to the unit of its position (``Decision.SCOPE_UNIT_LOOKUP``); the cadre it is about does not
read it through these pages (R10, ``CONFLICT_CADRE_LOOKUP``).
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from apps.accounts.permissions import require, restrict, scope_unit_ids

from .models import Decision, DecisionParticipant

LIST_RELATED = ("position__unit", "authority", "revokes", "revoked_by")


def may_read_decisions(user):
    """Does `user` see the decisions of at least one unit (or all of them)?"""
    ids = scope_unit_ids(user, "view")
    return ids is None or bool(ids)


def decisions_for(user, action="view"):
    """The decisions `user` may see, newest first, with what the list prints already loaded."""
    queryset = Decision.objects.select_related(*LIST_RELATED).order_by("-issued_on", "-sequence", "-pk")
    return restrict(queryset, user, action)


def decision_for(user, pk, action="view"):
    """One decision: 404 when missing or out of scope, 403 when visible but `action` is not allowed."""
    queryset = Decision.objects.select_related(
        *LIST_RELATED, "cadre", "signer", "rule_set", "tenure", "revokes__position__unit"
    )
    try:
        decision = queryset.get(pk=pk)
    except (Decision.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    return require(user, action, decision)


def participants_of(decision):
    """Who proposed, reviewed, verified, decided and signed `decision`, with their unit and title at the time."""
    return DecisionParticipant.objects.filter(decision=decision).select_related("user", "unit_at_the_time")


def decisions_of_cadre(user, cadre):
    """The decisions about `cadre` that `user` may see (the cadre's timeline)."""
    return decisions_for(user).filter(cadre=cadre)


def decisions_by_participant(user, person):
    """The decisions `person` took part in, whatever unit they are in now (R8: traceable after a transfer)."""
    return decisions_for(user).filter(participants__user=person).distinct()
