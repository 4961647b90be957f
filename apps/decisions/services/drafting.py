"""Drafting a decision: what it will say, under which rule set, refused early when it cannot be signed."""

import calendar

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres.models import Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .. import rules
from ..models import Decision, IssuerProfile
from ..symbols import default_symbol


def add_years(day, years):
    """The same calendar day `years` later (29 February becomes 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def issuer_profile_for(authority, *, actor=None):
    """The issuer profile of `authority` (its suffix and number book, kept as data, issue 9 §7); made on first
    need with the suffix its name calls for (``apps.decisions.symbols``), audited, editable by the administrator."""
    from django.db import IntegrityError

    profile = IssuerProfile.objects.filter(authority=authority).first()
    if profile is not None:
        return profile
    symbol = default_symbol(authority.name, authority.kind, top_level=authority.parent_id is None)
    try:
        with transaction.atomic():
            with acting_as(actor):
                profile = IssuerProfile.objects.create(authority=authority, symbol=symbol)
    except IntegrityError:  # made at the same moment by another drafting
        return IssuerProfile.objects.get(authority=authority)
    record(
        "decision.issuer_profile_created",
        profile,
        actor=actor,
        data={"authority": authority.pk, "symbol": symbol},
    )
    return profile


def symbol_for(authority):
    """The number suffix of `authority`: its issuer profile's (made on first need)."""
    return issuer_profile_for(authority).symbol


def _issuer_fields(authority, actor=None):
    """The header and signature lines a new decision copies from the authority's profile."""
    profile = issuer_profile_for(authority, actor=actor)
    place = authority.province_name or authority.commune_name
    return {
        "symbol": profile.symbol
        or default_symbol(authority.name, authority.kind, top_level=authority.parent_id is None),
        "parent_body": profile.parent_body,
        "body_name": profile.body_name or authority.name.upper(),
        "authority_line": profile.authority_line,
        "on_behalf": profile.on_behalf,
        "place_name": profile.place_name or place,
        "executors": profile.executors,
        "recipients": profile.recipients,
    }


def _cadre_post(cadre):
    unit_name = cadre.current_unit.name if cadre.current_unit_id else ""
    return ", ".join(part for part in (cadre.job_title, unit_name) if part)


def open_tenure(cadre, position, *, lock=False):
    queryset = Tenure.objects.open().filter(cadre=cadre, position=position).order_by("-start_date")
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def other_open_tenures(cadre, position, *, lock=False):
    """The cadre's open tenures of posts other than `position` (what an appointment not held concurrently ends)."""
    queryset = (
        Tenure.objects.open()
        .filter(cadre=cadre)
        .exclude(position=position)
        .select_related("position__unit")
        .order_by("start_date", "pk")
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset)


def post_phrase(position):
    """ "Phó Giám đốc, Sở Nội vụ" (the unit is left out when the title already names it)."""
    unit_name = position.unit.name if position.unit_id else ""
    if unit_name and unit_name not in position.title:
        return f"{position.title}, {unit_name}"
    return position.title


def require_may_leave_current_posts(kind, cadre, position, effective_from, concurrent, *, lock=False):
    """An appointment not held concurrently ends the cadre's other posts the day before it takes effect; returns
    them (``starts_before_current_post`` when one began on or after that day)."""
    if kind not in Decision.MOVES_CADRE or concurrent:
        return []
    tenures = other_open_tenures(cadre, position, lock=lock)
    for tenure in tenures:
        rules.require_start_after_current_post(
            start=effective_from, current_start=tenure.start_date, current_post=post_phrase(tenure.position)
        )
    return tenures


def held_seats(position):
    return set(Tenure.objects.open().filter(position=position).values_list("seat_number", flat=True))


def new_decision(
    *,
    kind,
    cadre,
    position,
    authority,
    process,
    rule_set,
    params,
    effective_from,
    term_end,
    grounds,
    reason,
    seat_number,
    concurrent=False,
    actor=None,
):
    if params is None:
        params = rule_set.resolve()
    return Decision(
        kind=kind,
        cadre=cadre,
        position=position,
        authority=authority,
        process=process,
        rule_set=rule_set,
        rule_snapshot=params.as_snapshot(),
        effective_from=effective_from,
        term_end=term_end,
        grounds=grounds.strip(),
        reason=(reason or "").strip(),
        seat_number=seat_number,
        concurrent=bool(concurrent),
        cadre_name=cadre.full_name,
        cadre_birth_date=cadre.birth_date,
        cadre_gender=cadre.gender,
        cadre_post=_cadre_post(cadre),
        position_title=position.title,
        unit_name=position.unit.name,
        authority_name=authority.name,
        authority_kind=authority.kind,
        **_issuer_fields(authority, actor),
    )


def term_end_to_check(kind, term_end):
    """The end of the term the decision grants (a non-reappointment grants none: its date is when one ends)."""
    return term_end if kind in Decision.CREATES_TENURE or kind == Decision.Kind.EXTENSION else None


def _check_draft(kind, cadre, position, effective_from, term_end, seat_number):
    """What can be refused already when drafting (signing checks it again, under locks)."""
    rules.require_effective_dates(
        issued_on=None, effective_from=effective_from, term_end=term_end_to_check(kind, term_end)
    )
    if kind in Decision.CREATES_TENURE and kind != Decision.Kind.REAPPOINTMENT:
        if open_tenure(cadre, position):
            raise RuleViolation("already_holds_position", _("The cadre already holds this position."))
        rules.require_vacant_seat(
            seats=position.seats, held_seats=held_seats(position), seat_number=seat_number
        )
    if kind in Decision.ACTS_ON_TERM:
        tenure = open_tenure(cadre, position)
        rules.require_open_tenure(tenure)
        if kind == Decision.Kind.EXTENSION:
            rules.require_later_term_end(current=tenure.term_end, new=term_end)


@transaction.atomic
def draft_decision(
    *,
    kind,
    cadre,
    position,
    authority,
    process=None,
    rule_set,
    params,
    effective_from,
    term_end=None,
    grounds,
    reason="",
    seat_number=None,
    concurrent=False,
    actor,
):
    """Draft a decision of `authority` about `cadre` and `position` under `rule_set` (its resolved `params` are
    copied onto the decision, so a later inspection can replay its checks).

    Appointments, reappointments and election results without a `term_end` get the position's term. For an
    extension, `term_end` is the retirement date. Refuses missing grounds (``grounds_required``), a term ending
    before it starts (``term_order``), a full position or a taken seat (``seat_over_filled``, ``seat_taken``,
    R4), a cadre who already holds the position (``already_holds_position``), and a reappointment,
    non-reappointment or extension for a cadre with no open tenure of the position (``no_open_tenure``).
    An appointment or election result not held `concurrent`-ly (kiêm nhiệm) ends the cadre's other posts the
    day before it takes effect, so it must take effect after they began (``starts_before_current_post``); one
    held concurrently needs a post the cadre keeps (``no_post_held``).
    Revocations are made by ``revoke_decision``.
    """
    if kind not in Decision.Kind.values or kind == Decision.Kind.REVOCATION:
        raise ValueError(f"draft_decision cannot draft a {kind!r} decision")
    rules.require_grounds(grounds)
    if term_end is None and kind in Decision.CREATES_TENURE:
        term_end = add_years(effective_from, position.term_years)
    if term_end is None and kind == Decision.Kind.NON_REAPPOINTMENT:
        tenure = open_tenure(cadre, position)
        term_end = tenure.term_end if tenure else None
    _check_draft(kind, cadre, position, effective_from, term_end, seat_number)
    if concurrent and kind in (Decision.Kind.APPOINTMENT, Decision.Kind.ELECTION_RESULT):
        rules.require_post_held_for_concurrent(other_open_tenures(cadre, position))
    require_may_leave_current_posts(kind, cadre, position, effective_from, concurrent)
    decision = new_decision(
        kind=kind,
        cadre=cadre,
        position=position,
        authority=authority,
        process=process,
        rule_set=rule_set,
        params=params,
        effective_from=effective_from,
        term_end=term_end,
        grounds=grounds,
        reason=reason,
        seat_number=seat_number,
        concurrent=concurrent,
        actor=actor,
    )
    with acting_as(actor):
        decision.save()
    record(
        "decision.drafted",
        decision,
        actor=actor,
        process_id=decision.process_id,
        data={
            "kind": kind,
            "cadre": cadre.pk,
            "position": position.pk,
            "authority": authority.pk,
            "effective_from": effective_from,
            "term_end": term_end,
            "rule_set": rule_set.pk,
            "concurrent": bool(concurrent),
        },
    )
    return decision
