"""Who a conference selects: the outcome of a whole conference from its ballots (``.votes``), the head's choice
at equal votes, the surplus carried to the next step (H3, H4). Pure functions."""

from dataclasses import dataclass, replace
from fractions import Fraction

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .counts import _tally_numbers, as_fraction, share, surplus_needed
from .votes import (
    ADVANCES,
    NOT_SELECTED,
    SELECTED,
    SURPLUS,
    _top,
    nomination_outcome,
    runoff_outcome,
    vote_outcome,
)

# --- a whole conference ---------------------------------------------------------------------------------

# Conference outcomes (stored on Conference.outcome)
OUTCOME_PASSED = "passed"
OUTCOME_ADVANCED = "advanced"
OUTCOME_FAILED = "failed"


@dataclass(frozen=True)
class ConferenceOutcome:
    """What a recorded conference decided: the overall `outcome`, each candidate's `results` and exact
    `shares`, whether the head decided a tie and whether equal tallies straddled a cut-off."""

    outcome: str
    results: dict
    shares: dict
    head_decided: bool = False
    tie_at_cutoff: bool = False
    list_share: Fraction | None = None
    head_decided_for: frozenset = frozenset()
    #: at a final vote, the tied candidates the head chose for the seats left (``head_choice_at_equal_votes``)
    head_chosen: frozenset = frozenset()


def _require_no_head_choice(head_choice):
    if head_choice:
        raise RuleViolation(
            "head_choice_not_allowed",
            _("The head chooses among candidates only when equal votes at the final vote exceed the seats."),
        )


def head_choice_at_equal_votes(tied, seats_left, head_choice, dissent):
    """H4 at the final vote (docs/procedures.md §1.2: "exactly 50% → the head decides and must report all differing
    opinions"; applying it to step 5 is [P], hence the rule-set parameter ``final_vote_tie_head_decides``).

    Equal votes straddle the last seat(s): `tied` candidates passed with the same tally but only `seats_left`
    seats remain. The head of the collective chooses exactly `seats_left` of them (`head_choice`) — never more
    winners than seats — and the dissenting opinions are recorded (`dissent`). Returns the chosen keys.

    Raises ``head_choice_required`` without a choice, ``head_choice_not_tied`` when the choice names someone
    who is not among the tied, ``too_many_winners`` when it names more than the seats left,
    ``head_choice_incomplete`` when it leaves a seat the tied candidates could fill unfilled, and
    ``dissent_required`` without the dissenting opinions.
    """
    tied = list(tied)
    chosen = list(dict.fromkeys(head_choice or ()))
    if not chosen:
        raise RuleViolation(
            "head_choice_required",
            _(
                "{n} candidates have equal votes for {seats} remaining seat(s): the head of the collective must "
                "choose, and the dissenting opinions must be recorded."
            ).format(n=len(tied), seats=seats_left),
        )
    if any(key not in tied for key in chosen):
        raise RuleViolation(
            "head_choice_not_tied", _("The head chooses only among the candidates with equal votes.")
        )
    if len(chosen) > seats_left:
        raise RuleViolation(
            "too_many_winners",
            _("{n} winners chosen for {seats} remaining seat(s): never more winners than seats.").format(
                n=len(chosen), seats=seats_left
            ),
        )
    if len(chosen) < seats_left:
        raise RuleViolation(
            "head_choice_incomplete",
            _("Choose {seats} of the candidates with equal votes, one for each remaining seat.").format(
                seats=seats_left
            ),
        )
    if dissent is not None and not str(dissent).strip():
        raise RuleViolation(
            "dissent_required",
            _("At a tied vote the head's decision must be recorded with all dissenting opinions."),
        )
    return frozenset(chosen)


def _final_selection(spec, params, votes, passed, seats, head_choice, dissent):
    """(selected, undecided, tie, head_decided_for, head_chosen) of a motion. At a final vote nobody goes on
    undecided: a tie across the last seat is the head's choice (when the rule set says so) or selects none of
    the tied."""
    selected, undecided, tie = _within_seats(votes, passed, seats)
    if not getattr(spec, "final", False):
        _require_no_head_choice(head_choice)
        return selected, undecided, tie, frozenset(), frozenset()
    if not (tie and spec.head_decides(params)):
        _require_no_head_choice(head_choice)
        return selected, [], tie, frozenset(), frozenset()
    chosen = head_choice_at_equal_votes(undecided, seats - len(selected), head_choice, dissent)
    selected = selected + [key for key in undecided if key in chosen]
    return selected, [], tie, frozenset(undecided), chosen


def _require_no_head_decision(head_decision):
    if head_decision is not None:
        raise RuleViolation(
            "head_decision_not_allowed", _("The head decides only a collective vote tied at the pass share.")
        )


def _collective_votes(tallies, denominator, pass_fraction, head_rule, head_decision, dissent):
    """vote_outcome for each candidate; the head's decision applies to the tied candidates only."""
    tied = {
        key
        for key, tally in tallies.items()
        if denominator and share(_tally_numbers(tally)[0], denominator) == pass_fraction
    }
    if head_decision is not None and not (tied and head_rule):
        _require_no_head_decision(head_decision)
    return {
        key: vote_outcome(
            _tally_numbers(tally)[0],
            denominator,
            pass_fraction,
            head_rule,
            head_decision if key in tied else None,
            dissent=dissent,
        )
        for key, tally in tallies.items()
    }


def _within_seats(votes, passed, seats):
    """The passed candidates that fit the seats; a tie across the last seat selects none of the tied."""
    chosen, tie = _top(passed, votes, seats)
    if not tie:
        return chosen, [], False
    cutoff = votes[sorted(chosen, key=lambda k: -votes[k])[seats - 1]]
    return [k for k in chosen if votes[k] > cutoff], [k for k in chosen if votes[k] == cutoff], True


def carry_surplus(results, tallies, needed):
    """R1 (local policy) across steps: the names going forward (selected or advancing) are filled up to `needed`
    with the next-ranked candidates by votes, marked ``SURPLUS``, so that the next consultation still has more
    candidates than seats. Equal tallies at the cut-off all go forward (never by order of entry). Nothing is
    added when nobody goes forward (the step failed: the surplus rule never revives a procedure) or when enough
    names already do. Returns (results, whether a tie widened the cut-off)."""
    going = [key for key, result in results.items() if result in (SELECTED, ADVANCES)]
    if not going or len(going) >= needed:
        return dict(results), False
    votes = {key: _tally_numbers(tally)[0] for key, tally in tallies.items()}
    rest = [key for key in results if key not in going]
    extra, tie = _top(rest, votes, needed - len(going))
    out = dict(results)
    for key in extra:
        out[key] = SURPLUS
    return out, tie


def _with_surplus(spec, params, seats, tallies, outcome):
    """Apply ``carry_surplus`` when the step carries the surplus forward and the rule set requires a surplus."""
    if not (getattr(spec, "carries_surplus", False) and params.surplus_required):
        return outcome
    results, tie = carry_surplus(
        outcome.results, tallies, surplus_needed(seats, params.min_candidates_per_post)
    )
    return replace(outcome, results=results, tie_at_cutoff=outcome.tie_at_cutoff or tie)


def conference_outcome(
    spec,
    params,
    tallies,
    denominator,
    seats,
    *,
    list_votes_for=None,
    head_decision=None,
    dissent="",
    head_choice=None,
):
    """Apply the step's ballot rule (H3, H4) to a conference's tallies.

    - nomination: ``nomination_outcome`` (most votes and > pass share; else the top N per unfilled seat).
    - confidence: each candidate independently passes with agree > pass share (no seat limit: an opinion poll).
    - motion: each candidate passes with > pass share, at exactly the share the head decides (when the step and
      the rule set say so); at most `seats` passed candidates are selected, best first. At a final vote
      (``StepSpec.final``) equal votes across the last seat are the head's choice (`head_choice`, with the
      dissent; ``head_choice_at_equal_votes``) and nobody is left undecided.
    - list approval: one vote on the whole list; the candidates are on the list when it passes.

    When the step carries the surplus forward (``StepSpec.carries_surplus``) and the rule set requires a surplus
    (R1), the names going on are filled up with the next-ranked candidates (``carry_surplus``): the leading
    nominee stays ``SELECTED`` (the collective's nominee), the others go on as ``SURPLUS`` candidates.
    """
    pass_fraction = as_fraction(spec.pass_share(params))
    head_rule = spec.head_decides(params)
    if spec.ballot_kind != "motion" or spec.list_approval:
        _require_no_head_choice(head_choice)
    if spec.list_approval:
        if list_votes_for is None:
            raise RuleViolation("list_votes_required", _("Enter the votes for the list of candidates."))
        vote = vote_outcome(
            list_votes_for, denominator, pass_fraction, head_rule, head_decision, dissent=dissent
        )
        result = SELECTED if vote.passed else NOT_SELECTED
        return ConferenceOutcome(
            outcome=OUTCOME_PASSED if vote.passed else OUTCOME_FAILED,
            results={key: result for key in tallies},
            shares={key: vote.share for key in tallies},
            head_decided=vote.head_decided,
            list_share=vote.share,
            head_decided_for=frozenset(tallies) if vote.head_decided else frozenset(),
        )
    if spec.ballot_kind == "nomination":
        _require_no_head_decision(head_decision)
        if spec.tie_rule == "top_n_if_none":
            top_n = spec.top_n(params) * max(1, getattr(spec, "runoff_seats", 1))
            nominated = runoff_outcome(tallies, denominator, pass_fraction, seats, top_n)
        else:
            nominated = nomination_outcome(tallies, denominator, pass_fraction, seats, spec.top_n(params))
        if nominated.selected:
            outcome = OUTCOME_PASSED
        else:
            outcome = OUTCOME_ADVANCED if nominated.advancing else OUTCOME_FAILED
        return _with_surplus(
            spec,
            params,
            seats,
            tallies,
            ConferenceOutcome(
                outcome, nominated.results, nominated.shares, tie_at_cutoff=nominated.tie_at_cutoff
            ),
        )
    votes = _collective_votes(tallies, denominator, pass_fraction, head_rule, head_decision, dissent)
    passed = [key for key, vote in votes.items() if vote.passed]
    tie = False
    chooser, chosen = frozenset(), frozenset()
    if spec.ballot_kind == "motion":
        numbers = {key: _tally_numbers(t)[0] for key, t in tallies.items()}
        selected, undecided, tie, chooser, chosen = _final_selection(
            spec, params, numbers, passed, seats, head_choice, dissent
        )
    else:
        selected, undecided = passed, []
    results = {
        key: SELECTED if key in selected else ADVANCES if key in undecided else NOT_SELECTED
        for key in tallies
    }
    decided = ConferenceOutcome(
        outcome=OUTCOME_PASSED if selected else OUTCOME_ADVANCED if undecided else OUTCOME_FAILED,
        results=results,
        shares={key: vote.share for key, vote in votes.items()},
        head_decided=any(vote.head_decided for vote in votes.values()),
        tie_at_cutoff=tie,
        head_decided_for=frozenset(key for key, vote in votes.items() if vote.head_decided) | chooser,
        head_chosen=chosen,
    )
    return (
        decided if spec.ballot_kind == "confidence" else _with_surplus(spec, params, seats, tallies, decided)
    )
