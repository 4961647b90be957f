"""Plan who holds which seat since when (tenures), the staff of every unit, and the succession planning.

Invariants the plan keeps by construction (and ``tests/demo`` checks on the database): a seat has at most one
open tenure and its tenures never overlap; a cadre holds at most one post at a time; at most
``planning_max_per_post`` cadres are planned for a post and a cadre for at most ``planning_max_posts_per_person``
posts; nobody is planned for a post at or below the rank of the post they hold (377-QĐ/TW plans upward only).
"""

from datetime import date

from apps.cadres.models import Cadre, PlanningEntry, Tenure

from ..reference import texts
from .context import (
    EARLIEST_START,
    REFORM_DAY,
    add_years,
    chance,
    days,
    random_day,
    retirement_age_months,
    weighted,
)
from .people import max_age_years, new_person, pick_age, pick_gender

#: active cadres at scale 1 (the brief asks for at least 3,000)
BASE_CADRES = 3200
VACANT_SHARE = 0.09
DUE_SHARE = 0.06
#: eras whose posts existed before the 2025 reform and so may have earlier holders
_LONG_ERAS = ("provincial", "provincial_elected", "party_elected", "front_elected")
_ERA_WINDOWS = {
    "provincial_elected": (date(2026, 3, 25), date(2026, 7, 15)),  # HĐND/UBND after the 15/3/2026 elections
    "party_elected": (date(2025, 10, 1), date(2025, 11, 30)),  # provincial party congress 2025-2030
    "front_elected": (date(2025, 7, 1), date(2025, 10, 31)),  # Front and mass organisations reorganised 2025
    "commune_party": (REFORM_DAY, date(2025, 9, 30)),  # communes' party committees designated, then congress
    "commune_elected": (date(2026, 3, 25), date(2026, 6, 30)),
    "commune_appointed": (REFORM_DAY, date(2026, 9, 30)),
}
_AUTHORITY_DOCS = {"btv": "{n}-QĐ/TU", "ubnd": "{n}/QĐ-UBND", "hdnd": "{n}/NQ-HĐND", "mttq": "{n}/QĐ-MTTQ"}


def plan_careers(plan, forced_keys=(), vacant_keys=()):
    """`forced_keys`: posts whose first seat is always filled (the demo logins' own posts); `vacant_keys`: posts
    whose first seat is always vacant (the elected post kept for the nomination showcase)."""
    seats = [(post, n) for post in plan.posts if post.obj.is_active for n in range(1, post.obj.seats + 1)]
    forced = {(plan.posts_by_key[key], 1) for key in forced_keys if key in plan.posts_by_key}
    vacant = _pick_vacancies(plan, [s for s in seats if s not in forced])
    vacant |= {(plan.posts_by_key[key], 1) for key in vacant_keys if key in plan.posts_by_key}
    filled = [s for s in seats if s not in vacant]
    eligible = [s for s in filled if s[0].era == "provincial" and not s[0].obj.is_elected and s not in forced]
    due = set(plan.rng.sample(eligible, min(len(eligible), max(2, round(DUE_SHARE * len(eligible))))))
    for post, number in seats:
        if (post, number) in vacant:
            _plan_vacant_seat(plan, post, number)
        else:
            _plan_filled_seat(plan, post, number, due=(post, number) in due)
    _plan_legacy_posts(plan)
    _plan_staff(plan)
    _plan_planning(plan)


# --- seats ----------------------------------------------------------------------------------------------


def _pick_vacancies(plan, seats):
    """About 9% of the seats, weighted: deputies and divisions fall vacant more often than heads or the commune
    posts filled in 2025–2026 (weighted sampling without replacement, Efraimidis–Spirakis)."""

    def weight(post):
        if post.era.startswith("commune"):
            return 1.0 if post.era == "commune_appointed" else 0.3
        return 0.5 if post.obj.rank >= 7 else 1.3

    keyed = sorted(seats, key=lambda s: plan.rng.random() ** (1 / weight(s[0])), reverse=True)
    return set(keyed[: max(3, round(VACANT_SHARE * len(seats)))])


def era_window(plan, era, term_years):
    """The days the current holder of a post of this era may have started on (their term not yet over)."""
    today = plan.today
    low, high = _ERA_WINDOWS.get(era, (add_years(today, -term_years) + days(1), today - days(20)))
    high = min(high, today - days(10))
    low = max(min(low, high), add_years(today, -term_years) + days(1))
    return low, max(low, high)


def _tenure(plan, person, post, seat, start, *, ended_on=None, reason=""):
    rng = plan.rng
    authority = post.obj.authority.code
    template = _AUTHORITY_DOCS.get(authority) or "{n}/QĐ-" + plan.units_by_code[authority].abbr
    tenure = Tenure(
        cadre=person.obj,
        position=post.obj,
        seat_number=seat,
        start_date=start,
        term_end=add_years(start, post.obj.term_years),
        ended_on=ended_on,
        end_reason=reason,
        decision_number=template.format(n=rng.randint(100, 2999)),
        decision_date=start - days(rng.randint(1, 20)),
    )
    plan.tenures.append(tenure)
    person.tenures.append(tenure)
    return tenure


def _plan_filled_seat(plan, post, seat, *, due):
    rng, today, term = plan.rng, plan.today, post.obj.term_years
    if due:  # the term ends within the reappointment notice period: a reappointment is due
        start = add_years(today + days(rng.randint(3, 85)), -term)
    else:
        start = random_day(rng, *era_window(plan, post.era, term))
    first_start = start
    if post.era in _LONG_ERAS and chance(rng, 0.25) and add_years(start, -term) >= EARLIEST_START:
        first_start = add_years(start, -term)  # this holder was reappointed once
    gender = pick_gender(plan, post.unit, post.obj.rank)
    if due and chance(rng, 0.35):  # close to retirement: an extension rather than a reappointment
        age = max_age_years(plan, gender) - rng.uniform(0, 1.2)
    else:
        age = pick_age(plan, post.unit, post.obj.rank, gender)
    age = max(age, 28 + (today - first_start).days / 365.25)
    if age > max_age_years(plan, gender):
        age, first_start = max_age_years(plan, gender) - 0.1, start
    non_local = post.obj.requires_non_local and chance(rng, 0.9)
    person = new_person(
        plan,
        post.unit,
        rank=post.obj.rank,
        job_title=post.obj.title,
        age=age,
        gender=gender,
        non_local=non_local,
    )
    person.post = post
    if first_start != start:
        _tenure(
            plan,
            person,
            post,
            seat,
            first_start,
            ended_on=start - days(1),
            reason=Tenure.EndReason.REAPPOINTED,
        )
    _tenure(plan, person, post, seat, start)
    if post.era in _LONG_ERAS and chance(rng, 0.3):
        end = first_start - days(rng.randint(1, 90))
        earlier = add_years(end, -rng.randint(2, term)) - days(rng.randint(0, 200))
        if earlier >= EARLIEST_START:
            _plan_departed(plan, post, seat, earlier, end)


def _plan_vacant_seat(plan, post, seat):
    """A vacancy — where procedures start. Most have a last holder who retired, moved or was not reappointed."""
    rng, today = plan.rng, plan.today
    if post.era.startswith("commune"):
        if chance(rng, 0.5):
            return  # not filled since the commune was founded
        start = random_day(rng, REFORM_DAY, today - days(150))
        end = random_day(rng, start + days(60), today - days(15))
    else:
        if chance(rng, 0.12):
            return  # a post created by the 2025 reorganisation, never filled
        end = today - days(rng.randint(15, 240))
        start = max(
            EARLIEST_START,
            add_years(end, -rng.randint(1, post.obj.term_years - 1)) - days(rng.randint(0, 300)),
        )
    _plan_departed(plan, post, seat, start, end)


def _plan_departed(plan, post, seat, start, end, reason=None):
    """The previous holder of a seat, whose tenure ended on `end`: retired, moved away, died, or still working
    here without the post (not reappointed, resigned, term expired)."""
    rng = plan.rng
    reasons = {
        "retired": 45,
        "transferred": 22,
        "not_reappointed": 12,
        "term_expired": 10,
        "resigned": 6,
        "deceased": 3,
    }
    reason = reason or weighted(rng, reasons)
    gender = pick_gender(plan, post.unit, post.obj.rank)
    stays = reason in ("not_reappointed", "term_expired", "resigned")
    if reason == "retired":
        age_at_end = retirement_age_months(plan.params, gender, end) / 12 + rng.uniform(0, 0.2)
    else:
        age_at_end = rng.uniform(42, 56)
    age_now = age_at_end + (plan.today - end).days / 365.25
    if stays and age_now > max_age_years(plan, gender):
        reason, stays = "retired", False
    person = new_person(
        plan, post.unit, rank=post.obj.rank, job_title=post.obj.title, age=age_at_end, gender=gender, on=end
    )
    person.rank = 0
    if stays:
        person.obj.job_title = rng.choice(["Chuyên viên cao cấp", "Chuyên viên chính"])
    else:
        person.departed = True
        person.obj.employment_status = {
            "retired": Cadre.EmploymentStatus.RETIRED,
            "transferred": Cadre.EmploymentStatus.TRANSFERRED,
            "deceased": Cadre.EmploymentStatus.DECEASED,
        }[reason]
        person.obj.left_on = end
    _tenure(plan, person, post, seat, start, ended_on=end, reason=reason)
    return person


def _plan_legacy_posts(plan):
    """Posts of the dissolved districts: their last holders now lead communes (their tenure ended on
    30/06/2025, the day before the commune posts began)."""
    rng = plan.rng
    leaders = [p for p in plan.people if p.post and p.post.unit.group == "commune" and p.rank >= 4]
    leaders.sort(key=lambda p: (-p.rank, rng.random()))
    for post in (p for p in plan.posts if p.era == "legacy"):
        successor = post.obj.unit.successor
        for seat in range(1, post.obj.seats + 1):
            start = random_day(rng, date(2020, 9, 1), date(2021, 6, 30))
            fitting = [p for p in leaders if (start - p.obj.birth_date).days / 365.25 >= 30]
            local = [p for p in fitting if p.unit.obj is successor]
            holder = (local or fitting or [None])[0]
            if holder is None:
                _plan_departed(plan, post, seat, start, REFORM_DAY - days(1), reason="retired")
                continue
            leaders.remove(holder)
            _tenure(
                plan,
                holder,
                post,
                seat,
                start,
                ended_on=REFORM_DAY - days(1),
                reason=Tenure.EndReason.TRANSFERRED,
            )


def _plan_staff(plan):
    """Fill every unit with staff in proportion to its size until the province has its cadres."""
    units = [u for u in plan.units if u.staff_weight]
    target = round(BASE_CADRES * plan.scale)
    budget = max(target - len(plan.active_people()), 2 * len(units))
    total = sum(u.staff_weight for u in units)
    shares = [(u, budget * u.staff_weight / total) for u in units]
    counts = {u: int(share) for u, share in shares}
    remainder = budget - sum(counts.values())
    for unit, _share in sorted(shares, key=lambda s: s[1] - int(s[1]), reverse=True)[:remainder]:
        counts[unit] += 1
    for unit in units:
        for _ in range(counts[unit]):
            new_person(plan, unit)


# --- planning ---------------------------------------------------------------------------------------------


def _plan_planning(plan):
    """Succession planning (quy hoạch) for the posts of rank 3 and up, within the rule set's limits."""
    rng = plan.rng
    by_unit_rank = {}
    for person in plan.active_people():
        by_unit_rank.setdefault((person.unit, person.rank), []).append(person)
    posts = [p for p in plan.posts if p.obj.is_active and p.obj.rank >= 3]
    rng.shuffle(posts)
    per_post = plan.params.planning_max_per_post
    for post in posts:
        wanted = weighted(rng, {0: 1, 1: 3, 2: 3, 3: 3} if post.obj.rank >= 6 else {0: 3, 1: 3, 2: 2, 3: 1})
        pool = _candidates(plan, post, by_unit_rank)
        keyed = sorted(pool, key=lambda pw: rng.random() ** (1 / pw[1]), reverse=True)
        for person, _weight in keyed[: min(wanted, per_post)]:
            _plan_entry(plan, person, post)


def _candidates(plan, post, by_unit_rank):
    rank = post.obj.rank
    lowest = 0 if rank <= 3 else rank - 3
    pool = []
    for (unit, held), people in by_unit_rank.items():
        same = unit is post.unit
        if not (lowest <= held < rank) or (not same and (rank < 5 or held < rank - 2)):
            continue
        pool.extend((person, 3.0 if same else 0.4) for person in people if _may_plan(plan, person, post))
    return pool


def _may_plan(plan, person, post):
    if len(person.planning) >= plan.params.planning_max_posts_per_person:
        return False
    if any(entry.position is post.obj for entry in person.planning):
        return False
    if post.obj.requires_non_local and person.obj.home_commune == post.unit.locality:
        return False
    # enough years left for a full term after the planning term starts (HD 06-HD/BTCTW)
    limit = max_age_years(plan, person.obj.gender) - post.obj.term_years - 0.5
    return (plan.today - person.obj.birth_date).days / 365.25 <= limit


def _plan_entry(plan, person, post):
    rng, today = plan.rng, plan.today
    party_term = post.unit.obj.kind == "party" or post.era in ("commune_party", "party_elected")
    term = "2025-2030" if party_term else "2026-2031"
    if post.unit.group == "commune":  # the communes exist since 1/7/2025
        window = (date(2025, 8, 15), date(2026, 9, 30))
    elif party_term:
        window = (
            (date(2024, 10, 1), date(2025, 4, 30))
            if chance(rng, 0.7)
            else (date(2025, 10, 1), date(2026, 6, 30))
        )
    else:
        window = (
            (date(2025, 8, 1), date(2026, 1, 31))
            if chance(rng, 0.75)
            else (date(2026, 5, 1), date(2026, 10, 31))
        )
    approved = random_day(rng, min(window[0], today - days(30)), min(window[1], today - days(5)))
    entry = PlanningEntry(cadre=person.obj, position=post.obj, term=term, approved_on=approved)
    if chance(rng, 0.04) and approved + days(60) < today - days(5):
        entry.status = PlanningEntry.Status.REMOVED
        entry.removed_on = random_day(rng, approved + days(60), today - days(5))
        entry.removed_reason = rng.choice(texts.PLANNING_REMOVAL_REASONS)
    plan.planning.append(entry)
    person.planning.append(entry)
