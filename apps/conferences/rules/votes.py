"""The outcome of one ballot: a nomination ballot (who is selected, advances or is the surplus), its runoff, and a
collective's yes/no vote with the head's decision at a tie (H3, H4). Pure functions."""

from dataclasses import dataclass, field, replace
from fractions import Fraction

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .counts import _tally_numbers, as_fraction, share

# Candidate results (stored on ConferenceCandidate.result)
SELECTED = "selected"
ADVANCES = "advances"
SURPLUS = "surplus"
NOT_SELECTED = "not_selected"
#: the results that go on to the next step
GOING_ON = frozenset({SELECTED, ADVANCES, SURPLUS})

# Vote results
PASSED = "passed"
FAILED = "failed"


@dataclass(frozen=True)
class NominationOutcome:
    """Per-candidate results of a nomination ballot (H3).

    `results` maps each candidate key to selected / advances / not_selected; `shares` to its exact share of
    the denominator; `any_passed` says whether anybody passed the threshold; `tie_at_cutoff` says whether
    equal tallies straddled the seat or top-N cut-off (all tied candidates go forward; none is picked by lot).
    """

    results: dict
    shares: dict
    any_passed: bool
    tie_at_cutoff: bool = False
    selected: tuple = field(default=())
    advancing: tuple = field(default=())


def _top(keys, tallies, n):
    """The `n` best keys by tally, widened to include everyone tied with the last one; and whether it was."""
    if n <= 0 or not keys:
        return [], False
    ranked = sorted(keys, key=lambda k: -tallies[k])
    if len(ranked) <= n:
        return ranked, False
    cutoff = tallies[ranked[n - 1]]
    chosen = [k for k in ranked if tallies[k] >= cutoff]
    return chosen, len(chosen) > n


def nomination_outcome(tallies, denominator, pass_fraction, seats, top_n):
    """Who the nomination ballot selects (H3; ND 138 Đ.46, ND 170 Đ.33 k.2).

    A candidate is selected with the most votes **and** strictly more than `pass_fraction` of the
    denominator (those convened). With several seats the best `seats` such candidates are selected. For the
    seats nobody filled, the `top_n` best remaining candidates per unfilled seat advance to the next step (pass
    ``top_n=0`` when the step has no such rule). A tie at a cut-off is never broken by order of entry: the
    tied candidates are all kept in the group that goes forward and `tie_at_cutoff` is set.
    """
    pass_fraction = as_fraction(pass_fraction)
    votes = {key: _tally_numbers(t)[0] for key, t in tallies.items()}
    shares = {key: share(v, denominator) for key, v in votes.items()}
    passers = [k for k in votes if shares[k] > pass_fraction]
    chosen, tie = _top(passers, votes, seats)
    if tie:
        # Equal tallies straddle the last seat: only those strictly above the tie are selected.
        cutoff = votes[sorted(chosen, key=lambda k: -votes[k])[seats - 1]]
        selected = [k for k in chosen if votes[k] > cutoff]
    else:
        selected = chosen
    rest = [k for k in votes if k not in selected]
    unfilled = seats - len(selected)
    advancing, tie_advance = _top(rest, votes, top_n * unfilled) if unfilled > 0 else ([], False)
    results = {}
    for key in votes:
        if key in selected:
            results[key] = SELECTED
        elif key in advancing:
            results[key] = ADVANCES
        else:
            results[key] = NOT_SELECTED
    return NominationOutcome(
        results=results,
        shares=shares,
        any_passed=bool(passers),
        tie_at_cutoff=tie or tie_advance,
        selected=tuple(selected),
        advancing=tuple(advancing),
    )


def runoff_outcome(tallies, denominator, pass_fraction, seats, top_n):
    """A round on a list of names (nomination for election, procedures §6): every name with strictly more than
    `pass_fraction` of those convened goes on. When nobody does, the appointment's rule (procedures §1.2, H3: "if
    nobody >50% → the 2 highest go forward", for each seat as at the appointment's step 2) sends the `top_n` best
    names with votes on to the next vote — all those tied at the cut-off with them, never chosen by order of entry.
    ``top_n=0`` selects nobody then."""
    nominated = nomination_outcome(tallies, denominator, pass_fraction, seats, 0)
    if nominated.selected or top_n <= 0:
        return nominated
    votes = {key: _tally_numbers(t)[0] for key, t in tallies.items()}
    advancing, tie = _top([k for k in votes if votes[k] > 0], votes, top_n)
    results = {key: ADVANCES if key in advancing else NOT_SELECTED for key in votes}
    return replace(nominated, results=results, tie_at_cutoff=tie, advancing=tuple(advancing))


@dataclass(frozen=True)
class VoteOutcome:
    """The result of one collective vote on one candidate or motion (H4)."""

    result: str  # PASSED or FAILED
    share: Fraction
    tie: bool = False
    head_decided: bool = False

    @property
    def passed(self):
        return self.result == PASSED


def vote_outcome(votes_for, denominator, pass_fraction, tie_head_decides, head_decision, *, dissent=""):
    """A collective vote passes with strictly more than `pass_fraction` of its denominator (all members of
    the collective). At exactly that share, when the rule set says so, the head decides (`head_decision`
    True = approve, False = reject) and the dissenting opinions must be recorded (`dissent`; only a caller that
    checks them itself passes ``None``). Without the head rule a tie fails.

    Raises ``head_decision_required`` at a tie without the head's decision, ``dissent_required`` when the head
    decided without recording the dissent, and ``head_decision_not_allowed`` when a head decision is given
    although the vote was not tied.
    """
    pass_fraction = as_fraction(pass_fraction)
    value = share(votes_for, denominator)
    tie = bool(denominator) and value == pass_fraction
    if tie and tie_head_decides:
        if head_decision is None:
            raise RuleViolation(
                "head_decision_required",
                _(
                    "The vote is tied at exactly {fraction} of {denominator}: the head must decide, and the "
                    "dissenting opinions must be recorded."
                ).format(fraction=str(pass_fraction), denominator=denominator),
            )
        if dissent is not None and not str(dissent).strip():
            raise RuleViolation(
                "dissent_required",
                _("At a tied vote the head's decision must be recorded with all dissenting opinions."),
            )
        return VoteOutcome(PASSED if head_decision else FAILED, value, tie=True, head_decided=True)
    if head_decision is not None:
        raise RuleViolation(
            "head_decision_not_allowed",
            _("The head decides only when the vote is tied at exactly {fraction}.").format(
                fraction=str(pass_fraction)
            ),
        )
    return VoteOutcome(PASSED if value > pass_fraction else FAILED, value, tie=tie)
