"""Counting rules of a conference: counts that add up, quorum, surplus, the legal denominator and the surplus of
an election list (R1, R5; H1, H2, H19). Pure functions, no database."""

from fractions import Fraction
from math import ceil, floor

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

BALLOT_KINDS = ("nomination", "confidence", "motion")
DENOMINATORS = ("convened", "collective_members", "present", "valid")
TIE_RULES = ("top_n_advance", "top_n_if_none", "head_decides", "none")


def as_fraction(value):
    """A ``Fraction`` from a Fraction, int or a string such as ``"2/3"``."""
    if isinstance(value, Fraction):
        return value
    return Fraction(str(value))


def share(votes, denominator):
    """``votes / denominator`` as an exact fraction (0 when nobody counts)."""
    return Fraction(votes, denominator) if denominator else Fraction(0)


def _tally_numbers(tally):
    """(for, against) from an int or a pair; against is None for an int."""
    if isinstance(tally, (tuple, list)):
        votes_for, votes_against = tally
        return votes_for, votes_against
    return tally, None


def _require_count(value, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleViolation("bad_count", _("{name} must be a whole number.").format(name=name))
    if value < 0:
        raise RuleViolation("negative_count", _("{name} cannot be negative.").format(name=name))


def require_consistent_counts(
    convened, present, issued, returned, valid, tallies, *, ballot_kind="nomination", seats=1
):
    """The vote-count minutes add up (R5, bad input of issue 3).

    present ≤ convened; ballots issued ≤ present; returned ≤ issued; valid ≤ returned; every candidate's tally
    ≤ valid ballots; on a nomination ballot (one name per seat) the tallies together cannot exceed
    valid × seats; on a confidence ballot agree + disagree ≤ valid. `tallies` is an iterable of ints or
    (for, against) pairs. No number may be negative.
    """
    names = (
        (convened, _("Members convened")),
        (present, _("Members present")),
        (issued, _("Ballots issued")),
        (returned, _("Ballots returned")),
        (valid, _("Valid ballots")),
    )
    for value, name in names:
        _require_count(value, name)
    if convened < 1:
        raise RuleViolation("no_one_convened", _("At least one member must be convened."))
    if present > convened:
        raise RuleViolation(
            "attendance_exceeds_convened",
            _("{present} members present, but only {convened} were convened.").format(
                present=present, convened=convened
            ),
        )
    if valid > present:
        raise RuleViolation(
            "valid_exceeds_present",
            _("{valid} valid ballots, but only {present} members were present.").format(
                valid=valid, present=present
            ),
        )
    if issued > present:
        raise RuleViolation(
            "issued_exceeds_present",
            _("{issued} ballots issued, but only {present} members were present.").format(
                issued=issued, present=present
            ),
        )
    if returned > issued:
        raise RuleViolation(
            "returned_exceeds_issued",
            _("{returned} ballots returned, but only {issued} were issued.").format(
                returned=returned, issued=issued
            ),
        )
    if valid > returned:
        raise RuleViolation(
            "valid_exceeds_returned",
            _("{valid} valid ballots, but only {returned} were returned.").format(
                valid=valid, returned=returned
            ),
        )
    total_for = 0
    for tally in tallies:
        votes_for, votes_against = _tally_numbers(tally)
        _require_count(votes_for, _("Votes for a candidate"))
        if votes_against is not None:
            _require_count(votes_against, _("Votes against a candidate"))
        cast = votes_for + (votes_against or 0)
        if votes_for > valid or cast > valid:
            raise RuleViolation(
                "tally_exceeds_valid",
                _("A candidate has {votes} votes, more than the {valid} valid ballots.").format(
                    votes=cast, valid=valid
                ),
            )
        total_for += votes_for
    if ballot_kind == "nomination" and total_for > valid * seats:
        raise RuleViolation(
            "tallies_exceed_ballots",
            _(
                "The candidates have {total} votes together, but {valid} valid ballots naming one person per "
                "seat ({seats}) allow at most {most}."
            ).format(total=total_for, valid=valid, seats=seats, most=valid * seats),
        )


def require_held_in_order(held_on, *, started_on=None, previous_on=None):
    """Each conference of a procedure is held on or after the day the procedure started and on or after the
    previous step's conference (procedures §1.1–1.2: the steps follow one another; §1.0: the procedure starts
    with the proposal). A date before either is a typing error or a record of the wrong meeting."""
    if started_on is not None and held_on < started_on:
        raise RuleViolation(
            "held_before_start",
            _("The conference is dated {held}, before the procedure started on {start}.").format(
                held=held_on.strftime("%d/%m/%Y"), start=started_on.strftime("%d/%m/%Y")
            ),
        )
    if previous_on is not None and held_on < previous_on:
        raise RuleViolation(
            "held_before_previous_step",
            _("The conference is dated {held}, before the previous step's conference of {previous}.").format(
                held=held_on.strftime("%d/%m/%Y"), previous=previous_on.strftime("%d/%m/%Y")
            ),
        )


def registry_figures(registry_size, convened, collective_members, reason, *, counts_members, collective=""):
    """Issue 9 point 10 (procedures §14 H2, R5): at a conference of a collective, those convened and the members
    counted against come from the registry — the collective's membership on the day (`registry_size`) — not from
    a figure typed at each conference. A figure left empty is the registry's; a typed figure that differs needs
    the `reason` (it is then used, and audited). `counts_members`: the step counts against all members of the
    collective. Returns (convened, collective members or None, [(field, typed figure) that differ])."""
    if not registry_size:
        raise RuleViolation(
            "collective_not_recorded",
            _(
                "The registry has no members of {collective} on the conference date: record the collective's "
                "membership first."
            ).format(collective=collective or _("the collective")),
        )
    differ = []
    if convened is not None and convened != registry_size:
        differ.append(("convened", convened))
    members = None
    if counts_members:
        members = registry_size if collective_members is None else collective_members
        if collective_members is not None and collective_members != registry_size:
            differ.append(("collective_members", collective_members))
    if differ and not (reason or "").strip():
        raise RuleViolation(
            "collective_size_differs",
            _(
                "{collective} has {size} members on the conference date in the registry, but {typed} was entered: "
                "give the reason for a different figure, or leave it empty to use the registry's."
            ).format(
                collective=collective or _("The collective"),
                size=registry_size,
                typed=", ".join(str(value) for _field, value in differ),
            ),
        )
    return (registry_size if convened is None else convened), members, differ


def require_quorum(convened, present, quorum_fraction):
    """A conference is valid only when at least the quorum share (2/3) of those convened is present (H1)."""
    quorum_fraction = as_fraction(quorum_fraction)
    if Fraction(present) < quorum_fraction * convened:
        needed = ceil(quorum_fraction * convened)
        raise RuleViolation(
            "quorum",
            _(
                "No quorum: {present} of {convened} convened members are present; at least {needed} "
                "({fraction}) must attend."
            ).format(present=present, convened=convened, needed=needed, fraction=str(quorum_fraction)),
        )


def surplus_needed(seats, min_per_post):
    """R1: how many names a consultation needs for `seats` — more than the seats and at least `min_per_post`
    per seat."""
    return max(seats + 1, min_per_post * seats)


def require_surplus(n_candidates, seats, *, required, min_per_post):
    """R1 (local policy): a conference that nominates or collects opinions has more candidates than seats and
    at least `min_per_post` candidates for each seat. Nothing is checked when the rule set turns it off."""
    if not required:
        return
    needed = surplus_needed(seats, min_per_post)
    if n_candidates < needed:
        raise RuleViolation(
            "surplus",
            _(
                "{n} candidate(s) for {seats} seat(s): every consultation must have more candidates than seats "
                "and at least {per} per seat ({needed} in all)."
            ).format(n=n_candidates, seats=seats, per=min_per_post, needed=needed),
        )


def legal_denominator(spec, convened, present, valid, collective_members):
    """The number a step's votes are counted against (H2): those convened for a nomination ballot, all
    members of the collective for a collective vote — as the step specifies, never chosen by the recorder."""
    kind = spec.denominator
    if kind == "convened":
        return convened
    if kind == "present":
        return present
    if kind == "valid":
        return valid
    if kind == "collective_members":
        if collective_members is None or isinstance(collective_members, bool) or collective_members < 1:
            raise RuleViolation(
                "collective_members_required",
                _("Enter the total number of members of the leadership collective."),
            )
        if valid > collective_members:
            raise RuleViolation(
                "valid_exceeds_members",
                _("{valid} valid ballots, but the collective has only {members} members.").format(
                    valid=valid, members=collective_members
                ),
            )
        return collective_members
    raise ValueError(f"unknown denominator {kind!r}")


def election_surplus_bounds(seats, min_percent, max_percent):
    """(least, most) surplus for an election list of `seats` (190-QĐ/TW Đ.14): at least `min_percent` of the
    seats rounded up, at most `max_percent` rounded down, and never less than one name in either bound (for
    committees of 3–5 members the surplus is exactly one)."""
    least = max(1, ceil(Fraction(seats * min_percent, 100)))
    most = max(1, floor(Fraction(seats * max_percent, 100)))
    return least, max(least, most)


def election_list_surplus(n_candidates, seats, min_percent, max_percent):
    """H19: a nomination list for an election carries a surplus between `min_percent` and `max_percent` of
    the seats, at least one name. Returns the surplus."""
    if seats < 1:
        raise RuleViolation("election_surplus", _("An election needs at least one seat."))
    least, most = election_surplus_bounds(seats, min_percent, max_percent)
    surplus = n_candidates - seats
    if not least <= surplus <= most:
        raise RuleViolation(
            "election_surplus",
            _(
                "{n} candidates for {seats} seats is a surplus of {surplus}; the list must carry between "
                "{least} and {most} more candidates than seats."
            ).format(n=n_candidates, seats=seats, surplus=surplus, least=least, most=most),
        )
    return surplus
