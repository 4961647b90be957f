"""Writers for decisions (docs/style.md rule 3): drafting, signing (numbering, tenures, PDF) and revocation.

Every service is atomic, takes the acting user as keyword-only `actor`, runs the rules of ``apps.decisions.rules``
before writing, writes inside ``acting_as(actor)`` so history rows name the actor, and appends an audit entry in
the same transaction. Who may call them is the caller's business (the flows check their task permissions).

A signed decision returns with its PDF already stored: rendering takes a few tens of milliseconds, so it runs
inside the signing transaction rather than in a background job.
"""

from ..pdf import render_decision_pdf
from .drafting import add_years, draft_decision, symbol_for
from .revocation import revoke_decision
from .signing import sign_decision

__all__ = [
    "add_years",
    "draft_decision",
    "render_decision_pdf",
    "revoke_decision",
    "sign_decision",
    "symbol_for",
]
