"""The conferences each procedure holds, step by step, as data (docs/procedures.md §1.1–1.2, §2, §5, §6, §14b).

A ``StepSpec`` says who is convened, what kind of ballot is cast, which legal denominator the votes are counted
against (H2), whether the step consults (so the surplus rule R1 applies), whether the result is announced (H5)
and what happens at a tie or when nobody passes. The step lists are functions of the resolved rule-set
``Params`` so an operator can correct any step without code through the ``step_overrides`` parameter
(``{"internal_3_collective": {"denominator": "convened"}}``) — several of these values are only partly
confirmed by the sources ([P] in docs/procedures.md).

Step codes are stored on every recorded conference: treat them as schema and never rename them.
"""

from dataclasses import dataclass, fields, replace
from fractions import Fraction

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params

from .rules import BALLOT_KINDS, DENOMINATORS, TIE_RULES, as_fraction


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


# Electorates (labels; who exactly sits in each is Phụ lục 2 of 80-QĐ/TW, not retrieved [U])
LEADERSHIP = _("Leadership collective")
EXPANDED = _("Expanded leadership collective")
KEY_OFFICIALS = _("Key officials conference")
ORIGIN_COLLECTIVE = _("Leadership collective of the unit where the person works")
APPOINTING_COLLECTIVE = _("Leadership collective of the appointing authority")
STANDING = _("Standing committee")
EXECUTIVE = _("Executive committee")


def appointment_internal_steps(params):
    """The five conferences of an appointment from the internal source (80-QĐ/TW Đ.21 k.1; ND 170 Đ.33
    k.2; ND 138 Đ.46; QĐ 727)."""
    return apply_overrides(
        [
            StepSpec(
                code="internal_1_collective",
                title=_("Leadership collective approves the list of eligible candidates"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                # The list is the slate every later ballot draws from, so the surplus rule applies to it.
                consults=True,
                announce_result=True,
                tie_rule="head_decides",
                list_approval=True,
            ),
            StepSpec(
                code="internal_2_expanded",
                title=_("Expanded collective nominates by secret ballot"),
                electorate=EXPANDED,
                ballot_kind="nomination",
                denominator="convened",
                consults=True,
                announce_result=False,
                tie_rule="top_n_advance",
                # step 3 consults again: a clear winner here must not leave it without a surplus (R1)
                carries_surplus=True,
            ),
            StepSpec(
                code="internal_3_collective",
                title=_("Leadership collective nominates by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="nomination",
                denominator="collective_members",
                collective="leadership",
                consults=True,
                announce_result=True,
                tie_rule="top_n_advance",
                # the collective's nominee and the next-ranked names: step 4 polls them all, step 5 decides
                carries_surplus=True,
            ),
            StepSpec(
                code="internal_4_key_officials",
                title=_("Key officials give their confidence by secret ballot"),
                electorate=KEY_OFFICIALS,
                ballot_kind="confidence",
                denominator="convened",
                consults=True,
                announce_result=False,
                tie_rule="none",
                decisive=False,
            ),
            StepSpec(
                code="internal_5_collective",
                title=_("Leadership collective votes by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
                final=True,
            ),
        ],
        params,
    )


def appointment_external_steps(params):
    """The conferences of an appointment from an external source (ND 170 Đ.33 k.3; ND 138 Đ.46 k.3). They vote
    on a named person, not among several, so the surplus rule does not apply (``consults=False``)."""
    return apply_overrides(
        [
            StepSpec(
                code="external_1_receiving",
                title=_("Leadership of the receiving unit is consulted on the appointment"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
            StepSpec(
                code="external_2_origin",
                title=_("Leadership where the person works votes by secret ballot"),
                electorate=ORIGIN_COLLECTIVE,
                ballot_kind="confidence",
                # procedures §2 step 2: more than half of those convened — the leadership collective of the unit
                # where the candidate works now, its membership on the day in the registry (issue 9 point 10)
                denominator="convened",
                collective="leadership",
                collective_of="candidate",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
            StepSpec(
                code="external_3_collective",
                title=_("Appointing collective appraises and votes by secret ballot"),
                electorate=APPOINTING_COLLECTIVE,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                collective_of="authority",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
                final=True,
            ),
        ],
        params,
    )


def reappointment_steps(params):
    """Reappointment (ND 138 Đ.52; 377 per news): the key officials' confidence vote, not announced, then the
    collective's vote (> 50% of all members; at 50% the head decides). One incumbent: no surplus."""
    return apply_overrides(
        [
            StepSpec(
                code="reappointment_1_key_officials",
                title=_("Key officials give their confidence on the term by secret ballot"),
                electorate=KEY_OFFICIALS,
                ballot_kind="confidence",
                denominator="convened",
                consults=False,
                announce_result=False,
                tie_rule="none",
                decisive=False,
            ),
            StepSpec(
                code="reappointment_2_collective",
                title=_("Leadership collective votes on the reappointment by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
        ],
        params,
    )


def extension_steps(params):
    """Extension of the term to retirement age (ND 138 Đ.53; QĐ 727): the collective's secret ballot, > 50% of
    all members; at 50% the head decides and reports."""
    return apply_overrides(
        [
            StepSpec(
                code="extension_1_collective",
                title=_("Leadership collective votes on the extension to retirement by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            )
        ],
        params,
    )


def nomination_steps(params):
    """Introducing party-committee personnel for election (Chỉ thị 35 appendix, docs/procedures.md §6): five rounds,
    each a secret ballot in which a person needs more than 50% of those convened. Whether the key officials'
    result is announced was not found [U]; it follows the appointment pattern (not announced).

    When nobody gets more than half of those convened, the appointment's rule (procedures §1.2, H3: the two
    highest go forward) applies to the round when the rule set says so (``nomination_runoff_top_two``, [P]: what
    happens then is not found, procedures §15 item 3); otherwise the round selects nobody.

    The rounds of a collective — the standing committee and the executive (party) committee of the procedure's
    unit — take those convened from the collective's membership on the day in the registry (issue 9 point 10,
    procedures §14 H2); the key officials conference has no standing membership, so its figure is typed."""
    runoff = "top_n_if_none" if params.get("nomination_runoff_top_two", True) else "none"

    def round_(code, title, electorate, announce=True, collective=""):
        return StepSpec(
            code=code,
            title=title,
            electorate=electorate,
            ballot_kind="nomination",
            denominator="convened",
            consults=True,
            announce_result=announce,
            tie_rule=runoff,
            collective=collective,
        )

    return apply_overrides(
        [
            round_(
                "nomination_1_standing",
                _("Standing committee introduces the eligible personnel"),
                STANDING,
                collective="standing_committee",
            ),
            round_(
                "nomination_2_key_officials",
                _("Key officials conference introduces by secret ballot"),
                KEY_OFFICIALS,
                announce=False,
            ),
            round_(
                "nomination_3_executive",
                _("Executive committee introduces by secret ballot"),
                EXECUTIVE,
                collective="party_committee",
            ),
            round_(
                "nomination_4_standing",
                _("Standing committee reviews and introduces"),
                STANDING,
                collective="standing_committee",
            ),
            round_(
                "nomination_5_executive",
                _("Executive committee's final secret ballot"),
                EXECUTIVE,
                collective="party_committee",
            ),
        ],
        params,
    )


def planning_steps(params):
    """The planning review (QĐ 50 PL2, kept by 377; docs/procedures.md §7): the key officials' secret ballot on each
    cadre proposed for addition (not announced; more than half of those convened to go on), then the leadership
    collective's vote on the planning list (> 50% of all members; at 50% the head decides)."""
    return apply_overrides(
        [
            StepSpec(
                code="planning_1_key_officials",
                title=_("Key officials vote by secret ballot on the cadres proposed for the planning"),
                electorate=KEY_OFFICIALS,
                ballot_kind="confidence",
                denominator="convened",
                consults=False,
                announce_result=False,
                tie_rule="none",
            ),
            StepSpec(
                code="planning_2_collective",
                title=_("Leadership collective decides the planning list by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
                list_approval=True,
            ),
        ],
        params,
    )


def rotation_steps(params):
    """Rotation (65-QĐ/TW; docs/procedures.md §8): the leadership collective decides the rotation plan by secret
    ballot (> 50% of all members; at 50% the head decides)."""
    return apply_overrides(
        [
            StepSpec(
                code="rotation_1_collective",
                title=_("Leadership collective decides the rotation by secret ballot"),
                electorate=LEADERSHIP,
                ballot_kind="motion",
                denominator="collective_members",
                collective="leadership",
                consults=False,
                announce_result=True,
                tie_rule="head_decides",
            ),
        ],
        params,
    )


STEP_LISTS = {
    "appointment_internal": appointment_internal_steps,
    "appointment_external": appointment_external_steps,
    "reappointment": reappointment_steps,
    "extension": extension_steps,
    "nomination": nomination_steps,
    "planning": planning_steps,
    "rotation": rotation_steps,
}


def step_by_code(code, params):
    """The (overridden) spec of step `code` from any procedure's list."""
    for steps in STEP_LISTS.values():
        for spec in steps(params):
            if spec.code == code:
                return spec
    raise KeyError(code)


def step_titles():
    """``{step code: title}`` of every procedure's steps under the seeding defaults (for reading the history)."""
    params = Params.defaults()
    return {spec.code: spec.title for steps in STEP_LISTS.values() for spec in steps(params)}
