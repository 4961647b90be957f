"""Plan the records the eligibility rules read: political-standard conclusions, discipline, yearly
evaluations, recognised achievements, asset declarations.

The mix is chosen so that every rule has both passing and failing cadres: most conclusions are positive and
recent, some missing, some pending, some older than the rule set's validity; a few cadres are under
disciplinary review or within a discipline's bar period; most leaders have recognised achievements of the last
three years, some staff have none; a few leaders have not declared assets for last year.
"""

from datetime import date

from apps.cadres.models import (
    Achievement,
    AssetDeclaration,
    Cadre,
    Discipline,
    Evaluation,
    PoliticalConclusion,
)

from ..reference import texts
from .context import add_months, add_years, chance, days, random_day, weighted

_STATUS = PoliticalConclusion.Status
_RESULT = PoliticalConclusion.Result


def plan_records(plan):
    _plan_disciplines(plan)
    _plan_proceedings(plan)
    _plan_conclusions(plan)
    _plan_evaluations(plan)
    _plan_achievements(plan)
    _plan_declarations(plan)


def _top_rank(person):
    planned = [entry.position.rank for entry in person.planning]
    return max([person.rank, *planned])


# --- political-standard conclusions (R2) ----------------------------------------------------------------


def _issuer(plan, person):
    """The committee that concludes on this cadre's political standard, and its document-number suffix."""
    unit = person.unit
    if _top_rank(person) >= 5 or (unit.group == "commune" and _top_rank(person) >= 4):
        return f"Ban Thường vụ Tỉnh ủy {plan.province_name}", "KL/TU"
    if unit.group == "commune":
        return f"Ban Thường vụ Đảng ủy {unit.label}", "KL/ĐU"
    if unit.obj.kind in ("state", "public_service"):
        return "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh", "KL/ĐU"
    return "Ban Thường vụ Đảng ủy các cơ quan Đảng tỉnh", "KL/ĐU"


def _conclusion(plan, person, day, *, result=_RESULT.MEETS, status=_STATUS.CONCLUDED):
    issuer, suffix = _issuer(plan, person)
    row = PoliticalConclusion(
        cadre=person.obj,
        status=status,
        result=result if status == _STATUS.CONCLUDED else "",
        issuer=issuer,
        reference=f"{plan.rng.randint(10, 999)}-{suffix}" if status == _STATUS.CONCLUDED else "",
        concluded_on=day if status == _STATUS.CONCLUDED else None,
        note=texts.CONCLUSION_NOTES[result if status == _STATUS.CONCLUDED else "pending"],
    )
    plan.conclusions.append(row)
    return row


def _plan_conclusions(plan):
    """Leaders and planned cadres were concluded on before their appointment or planning (R2); the latest
    conclusion is then recent, older than the validity period, or being renewed. Other staff may have none."""
    rng, today = plan.rng, plan.today
    months = plan.validity_months or 24
    cutoff = add_months(today, -months)
    recent = (cutoff + days(10), today - days(3))
    old = (add_months(cutoff, -30), cutoff - days(10))
    for person in plan.active_people():
        anchored = bool(person.planning) or person.rank > 0
        if anchored:
            kind = weighted(rng, {"recent": 76, "expired": 16, "pending": 8})
        else:
            kind = weighted(rng, {"recent": 50, "expired": 16, "pending": 5, "negative": 1, "missing": 28})
        latest = None
        if person.planning:
            first = min(entry.approved_on for entry in person.planning)
            latest = _conclusion(plan, person, min(first - days(rng.randint(10, 90)), today - days(3)))
        elif person.rank > 0:
            start = max(t.start_date for t in person.tenures if t.ended_on is None)
            latest = _conclusion(plan, person, min(start - days(rng.randint(20, 120)), today - days(3)))
        is_recent = latest is not None and latest.concluded_on >= cutoff
        if kind == "recent" and not is_recent:
            _conclusion(plan, person, random_day(rng, *recent))
        elif kind == "expired" and latest is None:
            _conclusion(plan, person, random_day(rng, *old))
        elif kind == "pending":
            if latest is None and chance(rng, 0.5):
                _conclusion(plan, person, random_day(rng, *old))
            _conclusion(plan, person, None, status=_STATUS.PENDING)
        elif kind == "negative":
            _conclusion(plan, person, random_day(rng, *recent), result=_RESULT.DOES_NOT_MEET)


# --- discipline and proceedings (R6) ---------------------------------------------------------------------


def _plan_disciplines(plan):
    rng = plan.rng
    active = plan.active_people()
    n = len(active)
    for category, share, planned_ok in (
        ("under_review", 0.006, True),
        ("in_effect", 0.006, False),
        ("bar_running", 0.004, False),
        ("old", 0.005, True),
    ):
        pool = [p for p in active if not p.disciplined and (planned_ok or not p.planning)]
        for person in rng.sample(pool, min(len(pool), max(1, round(share * n)))):
            person.disciplined = category
            plan.disciplines.append(_discipline(plan, person, category))


def _discipline(plan, person, category):
    rng, today = plan.rng, plan.today
    authority = "Ban Thường vụ Tỉnh ủy" if person.rank >= 5 else "Ủy ban Kiểm tra Tỉnh ủy"
    if category == "under_review":
        return Discipline(
            cadre=person.obj,
            status=Discipline.Status.UNDER_REVIEW,
            authority="Ủy ban Kiểm tra Tỉnh ủy",
            reason=rng.choice(texts.DISCIPLINE_REVIEW_REASONS),
        )
    ago = {"in_effect": (20, 330), "bar_running": (400, 1050), "old": (5 * 365 + 30, 9 * 365)}[category]
    start = today - days(rng.randint(*ago))
    kind = weighted(rng, {"reprimand": 60, "warning": 35, "demotion": 5})
    if kind == "demotion":
        authority = "Chủ tịch Ủy ban nhân dân tỉnh"
    person.discipline_start = start
    return Discipline(
        cadre=person.obj,
        kind=kind,
        status=Discipline.Status.DECIDED,
        decided_on=start - days(rng.randint(0, 7)),
        effective_from=start,
        effective_to=add_months(start, 12),
        authority=authority,
        reason=rng.choice(texts.DISCIPLINE_REASONS),
    )


def _plan_proceedings(plan):
    pool = [p for p in plan.active_people() if not p.planning and not p.disciplined and not p.rank]
    for person in plan.rng.sample(pool, min(len(pool), round(2 * plan.scale))):
        person.obj.proceedings = Cadre.Proceedings.INVESTIGATED


# --- evaluations, achievements, declarations (R3, R6) -----------------------------------------------------


def _plan_evaluations(plan):
    rng, today = plan.rng, plan.today
    years = [today.year - 3, today.year - 2, today.year - 1]
    for person in plan.active_people():
        disciplined_year = person.discipline_start
        for year in years:
            if (date(year, 12, 31) - person.obj.birth_date).days < 23 * 365:
                continue  # not yet working that year
            score = person.quality + rng.gauss(0, 0.6)
            rating = (
                "excellent"
                if score > 1.3
                else "good"
                if score > -1.0
                else "completed"
                if score > -2.2
                else "not_completed"
            )
            if disciplined_year and disciplined_year.year == year:
                rating = "completed" if rating in ("excellent", "good") else rating
            plan.evaluations.append(
                Evaluation(
                    cadre=person.obj, year=year, rating=rating, note=texts.EVALUATION_NOTES.get(rating, "")
                )
            )


def _plan_achievements(plan):
    rng, today = plan.rng, plan.today
    window = (add_years(today, -3) + days(30), today - days(20))
    for person in plan.active_people():
        share = 0.88 if person.rank else (0.9 if person.planning else 0.5)
        if not chance(rng, share):
            continue
        for _ in range(1 + chance(rng, 0.45) + chance(rng, 0.15)):
            plan.achievements.append(_achievement(plan, person, random_day(rng, *window)))


def _achievement(plan, person, achieved):
    rng, unit = plan.rng, person.unit
    topic = rng.choice(unit.topics or texts.ACHIEVEMENT_DESCRIPTIONS)
    row = Achievement(
        cadre=person.obj,
        title=rng.choice(texts.ACHIEVEMENT_TITLES).format(topic=topic, year=achieved.year)[:300],
        description=rng.choice(texts.ACHIEVEMENT_DESCRIPTIONS),
        achieved_on=achieved,
    )
    if chance(rng, 0.9 if person.rank else 0.78):
        level = "high" if person.rank >= 5 and chance(rng, 0.5) else "unit"
        recognition, by, ref = rng.choice(texts.RECOGNITIONS[level])
        row.recognised_by = by.format(unit=unit.label, head=unit.head_label)
        row.recognition_ref = ref.format(n=rng.randint(100, 4999), abbr=unit.abbr or "UBND")
        row.recognised_on = min(achieved + days(rng.randint(10, 150)), plan.today - days(1))
        row.description = f"{row.description} Khen thưởng: {recognition}."
    return row


def _plan_declarations(plan):
    """Yearly asset declarations (due by 31 December) of leaders, planned cadres and some staff in sensitive
    jobs; verified the following spring — except a few that were never verified or never made."""
    rng, today = plan.rng, plan.today
    last = today.year - 1
    for person in plan.active_people():
        if not (person.rank >= 3 or person.planning or chance(rng, 0.12)):
            continue
        skip_last = chance(rng, 0.07)
        for year in (last - 2, last - 1, last):
            declared = date(year, 12, rng.randint(5, 28))
            if (year == last and skip_last) or declared >= today:
                continue
            row = AssetDeclaration(cadre=person.obj, year=year, declared_on=declared)
            earliest, latest = date(year + 1, 1, 10), min(date(year + 1, 4, 30), today - days(1))
            if chance(rng, 0.78 if year == last else 0.95) and earliest <= latest:
                row.verified_on = random_day(rng, earliest, latest)
                row.verified_by = _verifier(plan, person)
            plan.declarations.append(row)


def _verifier(plan, person):
    if _top_rank(person) >= 5:
        return "Ủy ban Kiểm tra Tỉnh ủy"
    if person.unit.group == "commune":
        return f"Ủy ban Kiểm tra Đảng ủy {person.unit.label}"
    return "Thanh tra tỉnh"
