"""What one conference step is (``StepSpec``) and how the ``step_overrides`` parameter corrects it without code."""

from dataclasses import dataclass, fields, replace
from fractions import Fraction

from django.utils.translation import gettext

from apps.core.rules import RuleViolation

from ..rules import BALLOT_KINDS, DENOMINATORS, TIE_RULES, as_fraction


@dataclass(frozen=True)
class StepSpec:
    """One conference of a procedure.

    - `ballot_kind`: ``"nomination"`` (each voter names one person per seat; a tally per candidate),
      ``"confidence"`` (agree/disagree on each candidate) or ``"motion"`` (the collective votes for/against each
      candidate, or for the list when `list_approval`).
    - `denominator`: ``"convened" | "collective_members" | "present" | "valid"`` (H2).
    - `consults`: the step nominates or collects opinions, so the surplus rule R1 applies.
    - `tie_rule`: ``"top_n_advance"`` (nobody passed: the best N per unfilled seat go forward),
      ``"top_n_if_none"`` (a ballot on a list of names where everyone above the pass share goes on: when nobody
      is above it, the best N names go on to the next vote), ``"head_decides"`` (exactly at the
      pass share the head decides and dissent is recorded) or ``"none"`` (not strictly above fails).
    - `list_approval`: the collective approves the list of eligible candidates as a whole (step 1); one vote
      count for the list, no tally per candidate.
    - `decisive`: failing this step stops the candidate; a non-decisive poll only informs the next step.
    - `carries_surplus`: when the rule set requires a surplus (R1), the names going on to the next consultation
      are filled up to the surplus with the next-ranked candidates (``rules.carry_surplus``): the leading
      nominee stays selected, the others go on as surplus candidates. Off, the regulation's rule alone decides
      who goes on.
    - `final`: the vote that decides who is appointed. It selects at most as many winners as seats and leaves
      nobody undecided: equal votes across the last seat are the head's choice, with the dissenting opinions
      recorded, when the rule set applies the head rule to the final vote (``final_vote_tie_head_decides``,
      [P]); otherwise none of the tied is selected.
    - `quorum_fraction` / `pass_fraction`: per-step values; ``None`` uses the rule set's.
    """

    code: str
    title: str
    electorate: str
    ballot_kind: str
    denominator: str
    consults: bool
    announce_result: bool
    tie_rule: str
    list_approval: bool = False
    decisive: bool = True
    carries_surplus: bool = False
    final: bool = False
    quorum_fraction: Fraction | None = None
    pass_fraction: Fraction | None = None
    #: ``top_n_if_none``: the seats the list is for (the best N per seat go on); set by the procedure
    runoff_seats: int = 1
    #: the collective whose membership on the conference date gives those convened and the members counted
    #: against (``""``: typed at the conference); `collective_of`: the procedure's ``unit``, the position's
    #: competent ``authority`` or the ``candidate``'s unit (where the person works now, procedures §2 step 2)
    collective: str = ""
    collective_of: str = "unit"

    def quorum(self, params):
        return self.quorum_fraction if self.quorum_fraction is not None else params.quorum_fraction

    def pass_share(self, params):
        return self.pass_fraction if self.pass_fraction is not None else params.pass_fraction

    def top_n(self, params):
        """How many names per unfilled seat go forward when nobody passes (0 unless the tie rule says so)."""
        return params.nomination_top_n_advance if self.tie_rule in ("top_n_advance", "top_n_if_none") else 0

    def head_decides(self, params):
        if self.tie_rule != "head_decides" or not params.tie_head_decides:
            return False
        # docs/procedures.md §1.2: applying the head rule to the final vote is [P]; a snapshot taken before the
        # parameter existed ran with the head rule, as the step list said then
        return not self.final or bool(params.get("final_vote_tie_head_decides", True))


_CHOICES = {
    "ballot_kind": BALLOT_KINDS,
    "denominator": DENOMINATORS,
    "tie_rule": TIE_RULES,
    "collective": ("", "leadership", "standing_committee", "party_committee"),
    "collective_of": ("unit", "authority", "candidate"),
}
_BOOLS = {"consults", "announce_result", "list_approval", "decisive", "carries_surplus", "final"}
_FRACTIONS = {"quorum_fraction", "pass_fraction"}
_TEXTS = {"title", "electorate"}


def _bad_override(code, key, value):
    return RuleViolation(
        "bad_step_override",
        gettext("Rule-set step override {code}.{key} = {value!r} is not valid.").format(
            code=code, key=key, value=value
        ),
    )


def _override_value(code, key, value):
    if key in _CHOICES and value in _CHOICES[key]:
        return value
    if key in _BOOLS and isinstance(value, bool):
        return value
    if key in _TEXTS and isinstance(value, str) and value.strip():
        return value
    if key in _FRACTIONS:
        if value is None:
            return None
        try:
            fraction = as_fraction(value)
        except (ValueError, ZeroDivisionError, TypeError):
            raise _bad_override(code, key, value) from None
        if 0 < fraction <= 1:
            return fraction
    raise _bad_override(code, key, value)


def apply_overrides(specs, params):
    """`specs` with the rule set's ``step_overrides`` applied; an unknown field or value is refused."""
    overrides = params.get("step_overrides") or {}
    allowed = {f.name for f in fields(StepSpec)} - {"code"}
    out = []
    for spec in specs:
        changes = overrides.get(spec.code) or {}
        values = {}
        for key, value in changes.items():
            if key not in allowed:
                raise _bad_override(spec.code, key, value)
            values[key] = _override_value(spec.code, key, value)
        out.append(replace(spec, **values) if values else spec)
    return out
