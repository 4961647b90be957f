"""A conference's checks before anything is written: the tallies normalised, the counts, quorum, surplus and minutes
validated, the procedure's dates, the collective that sat."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cadres.models import Cadre
from apps.core.rules import RuleViolation
from apps.core.uploads import check_upload

from .. import rules
from ..models import Conference

_SHARE_PLACES = Decimal("0.000001")


def _fraction_text(value):
    value = rules.as_fraction(value)
    return f"{value.numerator}/{value.denominator}"


def _decimal(fraction):
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
        _SHARE_PLACES, ROUND_HALF_UP
    )


def _head_decision(value):
    """None, True/False or "approve"/"reject" → None/True/False."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    if value in Conference.HeadDecision.values:
        return value == Conference.HeadDecision.APPROVE
    raise RuleViolation("bad_head_decision", _("The head's decision must be to approve or to reject."))


def _head_choice(value):
    """The head's choice at equal votes as cadre ids (cadres, ids or their text from a form); a value that is not
    a candidate id is refused by the rule as a choice outside the tie."""
    out = []
    for item in value or ():
        item = getattr(item, "pk", item)
        try:
            out.append(int(item))
        except (TypeError, ValueError):
            raise RuleViolation(
                "head_choice_not_tied", _("The head chooses only among the candidates with equal votes.")
            ) from None
    return out


def _cadre_ids(candidates):
    ids = [getattr(c, "pk", c) for c in candidates]
    if not ids:
        raise RuleViolation("no_candidates", _("A conference needs at least one candidate."))
    if len(set(ids)) != len(ids):
        raise RuleViolation("duplicate_candidate", _("A candidate is listed twice."))
    return ids


def _normalise_tallies(spec, cadre_ids, tallies):
    """{cadre_id: (for, against or None)} with exactly one tally per candidate (none for a list approval)."""
    tallies = {int(k): v for k, v in (tallies or {}).items()}
    unknown = set(tallies) - set(cadre_ids)
    if unknown:
        raise RuleViolation(
            "tally_unknown_candidate", _("A tally was entered for someone who is not a candidate.")
        )
    if spec.list_approval:
        return {cid: (0, None) for cid in cadre_ids}
    missing = [cid for cid in cadre_ids if cid not in tallies]
    if missing:
        raise RuleViolation("tally_missing", _("Enter the votes of every candidate."))
    out = {}
    for cid in cadre_ids:
        tally = tallies[cid]
        votes_for, votes_against = tally if isinstance(tally, (tuple, list)) else (tally, None)
        if spec.ballot_kind == "confidence" and votes_against is None:
            raise RuleViolation(
                "tally_missing", _("A confidence ballot needs the votes for and against each candidate.")
            )
        out[cid] = (votes_for, votes_against)
    return out


def _require_file(upload, code, message):
    """A minutes file is required, and passes the product's upload check (by content, apps.core.uploads)."""
    if not upload:
        raise RuleViolation(code, message)
    check_upload(upload)


def _discard_files(conference):
    if conference is None:
        return
    for field in (conference.minutes, conference.count_minutes):
        if field and field.name:
            field.storage.delete(field.name)


def validate_conference(
    *,
    spec,
    params,
    cadre_ids,
    seats,
    held_on,
    convened,
    present,
    ballots_issued,
    ballots_returned,
    ballots_valid,
    tallies,
    collective_members=None,
    list_votes_for=None,
    head_decision=None,
    dissent="",
    head_choice=None,
    minutes=None,
    count_minutes=None,
    started_on=None,
    previous_on=None,
):
    """Every rule a conference must meet, in the order a recorder would fix them; returns the legal
    denominator and the ``ConferenceOutcome``. Writes nothing. `started_on` / `previous_on`: the day the
    procedure started and the date of its latest conference (``rules.require_held_in_order``)."""
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise RuleViolation("bad_seats", _("A conference is held for at least one seat."))
    if held_on is None:
        raise RuleViolation("held_on_required", _("Enter the date the conference was held."))
    if held_on > timezone.localdate():
        raise RuleViolation("held_in_future", _("A conference cannot be recorded before it is held."))
    rules.require_held_in_order(held_on, started_on=started_on, previous_on=previous_on)
    counted = [tallies[cid] for cid in cadre_ids]
    if spec.list_approval:
        counted = [list_votes_for] if list_votes_for is not None else []
    rules.require_consistent_counts(
        convened,
        present,
        ballots_issued,
        ballots_returned,
        ballots_valid,
        counted,
        ballot_kind="motion" if spec.list_approval else spec.ballot_kind,
        seats=seats,
    )
    rules.require_quorum(convened, present, spec.quorum(params))
    if spec.consults:
        rules.require_surplus(
            len(cadre_ids),
            seats,
            required=params.surplus_required,
            min_per_post=params.min_candidates_per_post,
        )
    denominator = rules.legal_denominator(spec, convened, present, ballots_valid, collective_members)
    outcome = rules.conference_outcome(
        spec,
        params,
        tallies,
        denominator,
        seats,
        list_votes_for=list_votes_for,
        head_decision=head_decision,
        dissent=dissent,
        head_choice=head_choice,
    )
    _require_file(minutes, "minutes_required", _("Attach the minutes of the conference."))
    _require_file(count_minutes, "count_minutes_required", _("Attach the vote-count minutes."))
    return denominator, outcome


def procedure_dates(process):
    """(the day `process` started, the date of its latest recorded conference) — the dates a new conference of
    the procedure may not precede (``rules.require_held_in_order``); (None, None) without a procedure."""
    if process is None or getattr(process, "pk", None) is None:
        return None, None
    created = getattr(process, "created", None)
    started_on = timezone.localdate(created) if created else None
    previous_on = Conference.objects.filter(process_id=process.pk).aggregate(latest=Max("held_on"))["latest"]
    return started_on, previous_on


def _candidates_unit(candidates):
    """The unit where the candidates work now (``Cadre.current_unit`` in the registry): the unit whose leadership
    collective votes at the external source's step 2 (procedures §2). Refused when they work in several units or
    the registry has no unit for them: each collective votes on its own person."""
    ids = [getattr(c, "pk", c) for c in candidates]
    units = {
        cadre.current_unit_id: cadre.current_unit
        for cadre in Cadre.objects.filter(pk__in=ids).select_related("current_unit")
    }
    if len(units) != 1 or None in units:
        raise RuleViolation(
            "origin_unit_unclear",
            _(
                "The leadership collective where the candidate works is taken from the registry: each candidate "
                "needs their current unit recorded, and the candidates of one conference must work in the same "
                "unit."
            ),
        )
    return next(iter(units.values()))


def _collective_unit(spec, process, unit, candidates=()):
    """The unit whose collective the step convenes: the procedure's unit, the competent authority of the
    procedure's position (the appointing collective, procedures §2 step 3) or the unit where the candidates work
    now (procedures §2 step 2)."""
    collective_of = getattr(spec, "collective_of", "unit")
    if collective_of == "authority":
        position = getattr(process, "position", None)
        if position is not None and position.authority_id:
            return position.authority
    if collective_of == "candidate":
        return _candidates_unit(candidates)
    return unit


def registry_collective(spec, process, unit, held_on, collective_unit=None, candidates=()):
    """(collective, its members on `held_on`) for a step that convenes a collective, else (None, [])."""
    from ..collectives import collective_for, members_on

    kind = getattr(spec, "collective", "")
    if not kind or held_on is None:
        return None, []
    collective = collective_for(collective_unit or _collective_unit(spec, process, unit, candidates), kind)
    return collective, members_on(collective, held_on)


def _keep_rows(conference, rows):
    """``conference.candidates.all()`` answers from the rows just written (in the model's order), as a
    ``prefetch_related`` would: the caller reads the results without asking the database again."""
    queryset = conference.candidates.all()
    queryset._result_cache = sorted(rows, key=lambda row: (-row.votes_for, row.pk))
    queryset._prefetch_done = True
    conference._prefetched_objects_cache = {"candidates": queryset}
