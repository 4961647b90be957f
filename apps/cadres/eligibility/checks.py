"""The eligibility checks, one function per condition, each returning a ``CheckResult`` with its evidence."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from apps.places.names import search_name

from .dates import _full_months, add_months, retirement_date

#: discipline forms that bar for good, whatever the bar table says (80 Đ.16: not appointed at all)
PERMANENT_BARS = ("expulsion", "dismissal")


def _d(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def _sentence(parts):
    """Join reason fragments into one sentence, capitalising only the first letter."""
    text = "; ".join(str(p) for p in parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def _label(choices, code):
    return str(dict(choices).get(code, code or "—"))


@dataclass(frozen=True)
class CheckResult:
    """One eligibility condition: `code` (stable), `label` (what is checked), whether it `passed`, the
    `evidence` found (documents, dates) and, when it failed, the `reason`."""

    code: str
    label: str
    passed: bool
    evidence: str
    reason: str = ""


def _result(code, label, passed, evidence, reason=""):
    return CheckResult(code, str(label), bool(passed), evidence, "" if passed else reason)


# --- the checks -----------------------------------------------------------------------------------------


def check_political_standard(facts, params, on):
    """R2/H13: a concluded, positive conclusion of the competent committee, still within its validity."""
    label = _("Political standard concluded")
    months = params.political_conclusion_validity_months
    if facts.political_status != "concluded" or facts.political_date is None:
        reason = (
            _("The political standard is still being verified.")
            if facts.political_status == "pending"
            else _("There is no concluded political-standard conclusion.")
        )
        return _result("political_standard", label, False, _("No conclusion"), reason)
    evidence = _("Conclusion no. {ref} of {issuer}, dated {day}").format(
        ref=facts.political_reference or "—",
        issuer=facts.political_issuer or "—",
        day=_d(facts.political_date),
    )
    if facts.political_result != "meets":
        return _result(
            "political_standard", label, False, evidence, _("The conclusion finds the standard not met.")
        )
    if months is not None and facts.political_date < add_months(on, -months):
        return _result(
            "political_standard",
            label,
            False,
            evidence,
            _("The conclusion is older than {months} months.").format(months=months),
        )
    return _result("political_standard", label, True, evidence)


def check_achievements(facts, params, on):
    """R3/H14: ratings for each of the last `achievement_years` years, none "did not complete duties"; at
    least `min_recognised_achievements` recognised achievements in that window; the self-assessment covers
    the same years (ND 170 Đ.35 k.4–5; local Kết luận)."""
    years = params.achievement_years
    window = list(range(on.year - years, on.year))
    since = date(on.year - years, 1, 1)
    label = _("Evaluations and recognised achievements of the last {n} years").format(n=years)
    from ..models import Evaluation

    ratings = ", ".join(f"{y}: {_label(Evaluation.Rating.choices, facts.evaluations.get(y))}" for y in window)
    recognised = sorted(a for a in facts.achievements if since <= a[0] <= on)
    listed = "; ".join(
        _("{title} (recognised by {by}, {day})").format(title=title, by=by, day=_d(day))
        for day, title, by in recognised
    )
    evidence = _(
        "Ratings {ratings}. Recognised achievements: {achievements}. Self-assessment: {n} year(s)."
    ).format(ratings=ratings, achievements=listed or "—", n=facts.self_assessment_years)
    missing = [y for y in window if y not in facts.evaluations]
    failed = [y for y in window if facts.evaluations.get(y) == "not_completed"]
    reasons = []
    if missing:
        reasons.append(_("no rating for {years}").format(years=", ".join(map(str, missing))))
    if failed:
        reasons.append(_("did not complete duties in {years}").format(years=", ".join(map(str, failed))))
    reasons += _achievement_count_reasons(recognised, window, since, params)
    if facts.self_assessment_years < years:
        reasons.append(
            _("the self-assessment covers {n} of {years} years").format(
                n=facts.self_assessment_years, years=years
            )
        )
    return _result("achievements", label, not reasons, evidence, _sentence(reasons))


def _achievement_count_reasons(recognised, window, since, params):
    """R3/H14 (procedures §4, items 4–5: "specific products/achievements" over the last 3 years), counted as the
    rule set says (``achievement_rule_mode``, [P]): ``any_in_window`` — at least `min_recognised_achievements`
    anywhere from `since` to the day judged (the behaviour before the parameter existed, and its default);
    ``each_year`` — at least `achievements_per_year` in each year of `window` (the last N full years)."""
    mode = params.get("achievement_rule_mode", "any_in_window")
    if mode == "each_year":
        per_year = params.get("achievements_per_year", 1)
        short = [y for y in window if sum(1 for a in recognised if a[0].year == y) < per_year]
        if not short:
            return []
        return [
            _("fewer than {needed} recognised achievement(s) in {years}").format(
                needed=per_year, years=", ".join(map(str, short))
            )
        ]
    if len(recognised) < params.min_recognised_achievements:
        return [
            _("{n} recognised achievement(s) since {day}, {needed} required").format(
                n=len(recognised), day=_d(since), needed=params.min_recognised_achievements
            )
        ]
    return []


def check_retirement(facts, position, params, received_on, purpose):
    """H10 (appointment, nomination, planning): from the day the dossier is received to retirement there are
    at least `min_years_to_retirement` years (empty: the post's term) — HD 06-HD/BTCTW. Not applied to a move to
    an equal or lower post. For a reappointment the bar is `extension_years_to_retirement` (H17: below it the
    term is extended instead)."""
    retires = retirement_date(facts.birth_date, facts.gender, params)
    label = _("Time left to statutory retirement")
    evidence = _("Born {born}; retires on {retires}; counted from {day}").format(
        born=_d(facts.birth_date), retires=_d(retires), day=_d(received_on)
    )
    if purpose in ("reappointment", "extension"):
        years = params.extension_years_to_retirement
    else:
        if facts.current_post_rank is not None and position.rank <= facts.current_post_rank:
            return _result(
                "retirement",
                label,
                True,
                evidence + ". " + _("Not applied: the post is not higher than the current one."),
            )
        years = params.min_years_to_retirement
        if years is None:
            years = position.term_years or params.term_years
    if add_months(received_on, 12 * years) > retires + timedelta(days=1):
        reason = _("Fewer than {years} years remain before retirement.").format(years=years)
        if purpose == "reappointment":
            reason += " " + _("Consider extending the term to retirement instead.")
        return _result("retirement", label, False, evidence, reason)
    return _result("retirement", label, True, evidence)


def check_planning(facts, position, source):
    """H8: in the planning for this post or for an equivalent or higher one (external source: an equivalent
    or higher one) — 80 Đ.18 k.2, ND 138 Đ.42."""
    label = (
        _("In the planning for an equivalent or higher post")
        if source == "external"
        else _("In the planning for this post or an equivalent or higher one")
    )
    matching = [
        (pid, rank) for pid, rank in facts.planning if pid == position.position_id or rank >= position.rank
    ]
    evidence = (
        _("{n} active planning entries; matching: {matching}").format(
            n=len(facts.planning),
            matching=", ".join(f"#{pid} (rank {rank})" for pid, rank in matching) or "—",
        )
        if facts.planning
        else _("No active planning entry")
    )
    return _result(
        "planning",
        label,
        bool(matching),
        evidence,
        _("Not in the planning for this post or an equivalent one."),
    )


def _months_in_equivalent_posts(facts, on):
    """Cumulative whole months in posts of at least the current rank (QĐ 727: cumulative if interrupted)."""
    rank = facts.current_post_rank
    periods = [(s, e) for s, e, r in facts.post_periods if rank is None or r >= rank]
    if not periods and facts.current_post_start:
        periods = [(facts.current_post_start, None)]
    months = days = 0
    for start, end in periods:
        full, rest = _full_months(start, min(end or on, on))
        months += max(full, 0)
        days += max(rest, 0)
    # Leftover days of separate periods add up (30 days to a month); one period's leftover never makes a month.
    return months + (days // 30 if len(periods) > 1 else 0)


def check_months_in_post(facts, params, on):
    """H9: at least `min_months_in_post` months in the current or an equivalent post, except a first
    appointment (80 Đ.18 k.3; QĐ 727)."""
    label = _("Months in the current or an equivalent post")
    needed = params.min_months_in_post
    if facts.is_first_appointment:
        return _result("months_in_post", label, True, _("First appointment to a post: not applied."))
    months = _months_in_equivalent_posts(facts, on)
    evidence = _("{months} month(s) in the current or an equivalent post (current since {day})").format(
        months=months, day=_d(facts.current_post_start)
    )
    return _result(
        "months_in_post",
        label,
        months >= needed,
        evidence,
        _("{months} of the {needed} months required.").format(months=months, needed=needed),
    )


def check_discipline(facts, params, on):
    """H11/H12: not under disciplinary review, not investigated/prosecuted/indicted/on trial, and no decided
    discipline whose bar period (by form, `discipline_bar_months`) has not run out since it took effect or
    which is still in effect; expulsion and dismissal bar for good (80 Đ.16, Đ.18 k.7; 377; QĐ 727)."""
    from ..models import Cadre, Discipline

    label = _("Discipline and criminal proceedings")
    bars = params.discipline_bar_months
    proceedings = _label(Cadre.Proceedings.choices, facts.proceedings or "none")
    reasons, notes = [], []
    if facts.proceedings and facts.proceedings != "none":
        reasons.append(_("criminal proceedings: {state}").format(state=proceedings))
    for code, status, effective_from, effective_to in facts.disciplines:
        if status == "annulled":
            continue
        if status == "under_review":
            reasons.append(_("under disciplinary review"))
            continue
        kind = _label(Discipline.Kind.choices, code)
        notes.append(f"{kind} {_d(effective_from)}")
        if code in PERMANENT_BARS:
            reasons.append(_("{kind} bars any appointment").format(kind=kind))
            continue
        if effective_from is None or code not in bars:
            reasons.append(_("{kind} without a bar period in the rule set").format(kind=kind))
            continue
        until = add_months(effective_from, bars[code])
        if effective_to is not None and effective_to > until:
            until = effective_to
        if on < until:
            reasons.append(
                _("{kind} of {day} bars until {until}").format(
                    kind=kind, day=_d(effective_from), until=_d(until)
                )
            )
    evidence = _("Disciplines: {list}; proceedings: {state}").format(
        list=", ".join(notes) or "—", state=proceedings
    )
    return _result("discipline", label, not reasons, evidence, _sentence(reasons))


def check_open_reports(facts):
    """R11/H25: an open violation report about the candidate pauses the candidate."""
    label = _("No open violation report")
    count = facts.open_report_count
    if count is None:
        return _result("open_report", label, False, "—", _("Open reports could not be checked."))
    evidence = _("{n} open report(s)").format(n=count)
    return _result(
        "open_report",
        label,
        count == 0,
        evidence,
        _("An open report pauses the candidate until it is closed."),
    )


def check_asset_declaration(facts, params, on):
    """H15: a verified asset and income declaration, made no more than `asset_declaration_max_age_months`
    months ago (80 Đ.18 k.4; ND 138 Đ.48)."""
    label = _("Verified asset and income declaration")
    months = params.asset_declaration_max_age_months
    if facts.asset_verified_on is None or facts.asset_declared_on is None:
        return _result("asset_declaration", label, False, "—", _("No verified declaration."))
    evidence = _("Declared {declared}, verified {verified}").format(
        declared=_d(facts.asset_declared_on), verified=_d(facts.asset_verified_on)
    )
    fresh = add_months(facts.asset_declared_on, months) >= on
    return _result(
        "asset_declaration",
        label,
        fresh,
        evidence,
        _("The latest verified declaration is older than {months} months.").format(months=months),
    )


def check_resume(facts, on):
    """H15: the résumé has been verified by the managing body."""
    label = _("Verified résumé")
    verified = facts.resume_verified_on
    ok = verified is not None and verified <= on
    evidence = _("Verified on {day}").format(day=_d(verified)) if verified else "—"
    return _result("resume", label, ok, evidence, _("The résumé has not been verified."))


def _locality(name):
    """A typed place name without case, accents or the administrative prefix ("Bac Ninh" is "Tỉnh Bắc Ninh")."""
    return search_name(name)


def check_non_local(facts, position):
    """R7: the post must be held by a non-local cadre — home province differs from a provincial unit's
    province, home commune from a commune unit's commune.

    Places are compared on the day judged, following mergers (docs/procedures.md §11): a place and its successors are
    one locality ("Bắc Giang" is Bắc Ninh from 1/7/2025; "huyện Yên Dũng" is phường Yên Dũng). Without places
    (facts built by hand) the typed names are compared, accent- and case-blind.
    """
    label = _("Non-local cadre")
    if facts.home_locality is not None or position.unit_locality is not None:
        return _check_non_local_places(facts.home_locality, position.unit_locality, label)
    if position.unit_commune:
        home, unit = facts.home_commune, position.unit_commune
    else:
        home, unit = facts.home_province, position.unit_province
    evidence = _("Home: {home}; unit: {unit}").format(home=home or "—", unit=unit or "—")
    if not _locality(unit):
        return _result("non_local", label, False, evidence, _("The unit's locality is not recorded."))
    local = not _locality(home) or _locality(home) == _locality(unit)
    return _result("non_local", label, not local, evidence, _("This post must be held by a non-local cadre."))


def _check_non_local_places(home, unit, label):
    evidence = _("Home: {home}; unit: {unit}").format(
        home=home.label if home else "—", unit=unit.label if unit else "—"
    )
    if unit is None or not unit.province:
        return _result("non_local", label, False, evidence, _("The unit's locality is not recorded."))
    if home is None or not home.province:
        return _result("non_local", label, False, evidence, _("The cadre's home town is not recorded."))
    if home.province != unit.province or not unit.local:
        local = home.province == unit.province
    elif not home.local:
        return _result("non_local", label, False, evidence, _("The cadre's home commune is not recorded."))
    else:
        local = home.local == unit.local
    return _result("non_local", label, not local, evidence, _("This post must be held by a non-local cadre."))


def check_health(facts):
    """80 Đ.18 k.6; reappointment and extension (377; ND 138 Đ.53): health sufficient for the duties."""
    label = _("Health sufficient for the duties")
    if facts.health_ok is None:
        return _result("health", label, False, "—", _("Health has not been assessed."))
    return _result(
        "health", label, facts.health_ok, _("Assessed"), _("Health is not sufficient for the duties.")
    )
