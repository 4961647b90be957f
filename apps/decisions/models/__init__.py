"""Decisions: numbered, dated, signed documents that create or end tenures (docs/design.md §2.4, R8; H16, H21).

A decision is drafted, then signed: signing gives it the next number of its authority for the year, applies it to
the registry (creates, ends or extends a tenure) and freezes its content. A wrong decision is never edited or
deleted: a *revocation* decision names it, and the original is only marked revoked (docs/procedures.md §10, H21).

What the document says about the cadre, the position and the issuing body is copied onto the decision when it is
drafted, so that a later correction of the registry (a renamed unit, a cadre's new post) never changes what a
signed decision reads.

A package: the decision and its participants (``decision``), the issuers and their number books (``issuers``);
every name stays importable from ``apps.decisions.models`` (the migrations name ``decision_storage`` by this path).
"""

from .decision import Decision, DecisionParticipant, DecisionQuerySet, decision_storage
from .issuers import DecisionCounter, IssuerProfile

__all__ = [
    "Decision",
    "DecisionCounter",
    "DecisionParticipant",
    "DecisionQuerySet",
    "IssuerProfile",
    "decision_storage",
]
