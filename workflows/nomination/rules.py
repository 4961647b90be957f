"""Rules of the nomination procedure (docs/procedures.md §6, H19; docs/design.md R1, R4, R10). Plain functions raising
``RuleViolation``; no database access.

The surplus of a nomination is the election list's (190-QĐ/TW Đ.14, H19): the list carries between
``election_surplus_min_percent`` and ``election_surplus_max_percent`` of the seats more names than seats, at
least one — ``apps.conferences.rules.election_list_surplus``. Every round introduces each name that has more than
half of those convened (docs/procedures.md §6), so the procedure can only go on while at least the list's *fewest*
names (seats + the least surplus) are left; the list then takes, from the highest final-round votes down, no more
than its *most* names (seats + the most surplus). The local rule R1 (``min_candidates_per_post`` names per seat)
applies to the proposed names, the slate of the first consultation; applied to every round it would ask for twice
the seats at the final ballot while the list may carry at most 30% more, so the rounds are held to the election
surplus instead.
"""

from fractions import Fraction

from django.utils.translation import gettext as _

from apps.conferences import rules as conference_rules
from apps.core.rules import RuleViolation


def list_bounds(seats, params):
    """(fewest, most) names on the candidate list for `seats` under the rule set (H19)."""
    least, most = conference_rules.election_surplus_bounds(
        seats, params.election_surplus_min_percent, params.election_surplus_max_percent
    )
    return seats + least, seats + most


def require_elected_position(position):
    """Only a position filled by election is nominated for (an appointed post follows the appointment)."""
    if not position.is_elected:
        raise RuleViolation(
            "position_not_elected",
            _("{position} is not filled by election: use the appointment procedure.").format(
                position=position.title
            ),
        )
    if not position.is_active:
        raise RuleViolation("position_inactive", _("This position is no longer active."))


def require_seats(seats, position_seats, claimed):
    """R4: an election fills at least one seat, never more than the position has, less those already being
    filled by another open nomination procedure."""
    if seats < 1:
        raise RuleViolation("seats_required", _("At least one seat must be filled."))
    free = position_seats - claimed
    if seats > free:
        raise RuleViolation(
            "too_many_seats",
            _(
                "The position has {seats} seat(s), {claimed} of them already in another nomination "
                "procedure: at most {free} can be filled."
            ).format(seats=position_seats, claimed=claimed, free=max(free, 0)),
        )


def require_election_ahead(election_date, today):
    """Candidates are introduced before the election, not after it."""
    if election_date < today:
        raise RuleViolation(
            "election_in_past",
            _("The election date {day} has passed: candidates are introduced before it.").format(
                day=election_date.strftime("%d/%m/%Y")
            ),
        )


def require_proposed_surplus(n_candidates, seats, params):
    """H19, R1: the proposed names can still make a list with its surplus after the rounds (at least the list's
    minimum) and, when the local rule is on, the first consultation has `min_candidates_per_post` per seat."""
    fewest, _most = list_bounds(seats, params)
    if n_candidates < fewest:
        raise RuleViolation(
            "election_surplus",
            _(
                "{n} name(s) for {seats} seat(s): the candidate list must carry at least {fewest} names, so "
                "at least that many must be proposed."
            ).format(n=n_candidates, seats=seats, fewest=fewest),
        )
    conference_rules.require_surplus(
        n_candidates,
        seats,
        required=params.surplus_required,
        min_per_post=params.min_candidates_per_post,
    )


def require_candidates(cadres):
    if not cadres:
        raise RuleViolation("no_candidates", _("Choose at least one candidate."))


def require_not_own_candidacy(actor, cadre_ids):
    """R10: nobody proposes or lists themselves (they would then act on their own procedure)."""
    if getattr(actor, "cadre_id", None) and actor.cadre_id in set(cadre_ids):
        raise RuleViolation(
            "conflict_of_interest", _("You cannot act on a procedure in which you are a candidate.")
        )


def require_list_from(chosen_ids, allowed_ids):
    """The list names only candidates who went through every round and passed verification."""
    stray = set(chosen_ids) - set(allowed_ids)
    if stray:
        raise RuleViolation(
            "not_verified", _("Only candidates who passed every round and the verification can be listed.")
        )


def require_list_by_votes(chosen_votes, left_off_votes):
    """The list takes the names from the highest final-round votes down: nobody left off had more votes than
    someone listed (equal votes: the board chooses)."""
    if chosen_votes and left_off_votes and max(left_off_votes) > min(chosen_votes):
        raise RuleViolation(
            "list_order",
            _("A name left off the list had more votes at the final round than a name on it."),
        )


def require_election_held(held_on, today):
    if held_on is None:
        raise RuleViolation("held_on_required", _("Enter the date the election was held."))
    if held_on > today:
        raise RuleViolation(
            "election_not_held", _("The result of an election can only be recorded once it is held.")
        )


def require_new_term_after_current(current_start, effective_from):
    """Re-election (docs/procedures.md §6): the incumbent's new term starts after their current tenure began — the
    current tenure ends where the new one starts, so a new term taking effect on or before that day is refused."""
    if effective_from <= current_start:
        raise RuleViolation(
            "new_term_before_current",
            _("The new term must start after the current tenure began on {day}.").format(
                day=current_start.strftime("%d/%m/%Y")
            ),
        )


def require_results_for_nominated(result_ids, nominated_ids):
    """An election result is recorded for every nominated candidate, once, and only for them."""
    result_ids = list(result_ids)
    if len(set(result_ids)) != len(result_ids):
        raise RuleViolation("duplicate_candidate", _("A candidate is listed twice."))
    result_ids, nominated_ids = set(result_ids), set(nominated_ids)
    if result_ids - nominated_ids:
        raise RuleViolation(
            "not_nominated",
            _("An election result was entered for someone who was not nominated in this procedure."),
        )
    if nominated_ids - result_ids:
        raise RuleViolation("result_missing", _("Enter the result of every nominated candidate."))


def _require_count(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleViolation("bad_count", _("{name} must be a whole number, not negative.").format(name=name))


def require_consistent_result(results, seats, ballots_valid, pass_fraction):
    """The election result adds up (R4; the election charters: elected with more than half of the valid
    ballots).

    `results` maps a key to (elected, votes). Votes never exceed the valid ballots; no more elected than
    seats; everyone elected has more than `pass_fraction` of the valid ballots; and nobody above that share
    was left out while someone with fewer votes was elected.
    """
    _require_count(ballots_valid, _("Valid ballots"))
    if ballots_valid < 1:
        raise RuleViolation("bad_count", _("Enter the number of valid ballots of the election."))
    for _elected, votes in results.values():
        _require_count(votes, _("Votes"))
        if votes > ballots_valid:
            raise RuleViolation(
                "votes_exceed_ballots",
                _("A candidate has {votes} votes, more than the {valid} valid ballots.").format(
                    votes=votes, valid=ballots_valid
                ),
            )
    elected = [votes for is_elected, votes in results.values() if is_elected]
    if len(elected) > seats:
        raise RuleViolation(
            "too_many_elected",
            _("{n} candidates marked elected, but the election fills only {seats} seat(s).").format(
                n=len(elected), seats=seats
            ),
        )
    share = conference_rules.as_fraction(pass_fraction)
    if any(Fraction(votes, ballots_valid) <= share for votes in elected):
        raise RuleViolation(
            "election_threshold",
            _("An elected candidate needs more than {share} of the {valid} valid ballots.").format(
                share=str(share), valid=ballots_valid
            ),
        )
    passed_over = [
        votes
        for is_elected, votes in results.values()
        if not is_elected and Fraction(votes, ballots_valid) > share
    ]
    if elected and passed_over and max(passed_over) > min(elected) and len(elected) == seats:
        raise RuleViolation(
            "election_order",
            _("A candidate with more votes than one marked elected is marked not elected."),
        )
    if passed_over and len(elected) < seats:
        raise RuleViolation(
            "election_order",
            _("A candidate above the threshold is marked not elected although a seat is left."),
        )
