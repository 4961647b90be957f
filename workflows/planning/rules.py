"""The planning review's rules (377-QĐ/TW; QĐ 50 PL2; docs/procedures.md §7, H13, H18): plain Python, no database.

Every threshold comes from the rule set (``Params``): ``planning_max_per_post``, ``planning_max_posts_per_person``,
``planning_age_terms``, ``planning_removal_on_discipline``, ``discipline_bar_months``,
``political_conclusion_validity_months`` and the retirement roadmap.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from apps.cadres.eligibility import PERMANENT_BARS, add_months, retirement_date
from apps.core.rules import RuleViolation

#: why the review proposes a removal (QĐ 50 [V, S40]: automatic removal)
OVER_AGE = "over_age"
DISCIPLINED = "disciplined"
POLITICAL_STANDARD = "political_standard_not_met"


@dataclass(frozen=True)
class PersonFacts:
    """What the rules read about one cadre (``selectors.person_facts`` gathers it)."""

    birth_date: object
    gender: str
    current_rank: int | None = None
    #: (kind, status, effective_from, effective_to) of each discipline
    disciplines: tuple = ()
    #: (status, result, concluded_on) of the latest conclusion, or None
    conclusion: tuple | None = None
    #: ids of the cadre's running appointment or nomination procedures
    running_procedures: tuple = ()


def years_short(facts, term_years, params, on):
    """True when the cadre cannot serve ``planning_age_terms`` terms of the post before retirement, counted
    from ``on`` (377 headline [P])."""
    retires = retirement_date(facts.birth_date, facts.gender, params)
    needed = add_months(on, 12 * term_years * params.planning_age_terms)
    return needed > retires + timedelta(days=1)


def disciplined(facts, params, on):
    """A decided discipline from reprimand upward that still bars a higher post on ``on`` (its bar period by form,
    ``discipline_bar_months``, or its own effective period, whichever is longer); expulsion and dismissal always."""
    bars = params.discipline_bar_months
    for kind, status, effective_from, effective_to in facts.disciplines:
        if status != "decided" or not kind:
            continue
        if kind in PERMANENT_BARS:
            return True
        start = effective_from or on
        until = add_months(start, bars.get(kind, 0))
        if effective_to is not None and effective_to > until:
            until = effective_to
        if on < until:
            return True
    return False


def political_standard_not_met(facts):
    """The latest concluded conclusion finds the standard not met."""
    return (
        bool(facts.conclusion)
        and facts.conclusion[0] == "concluded"
        and facts.conclusion[1] == "does_not_meet"
    )


def removal_reasons(facts, term_years, params, on):
    """The reasons the yearly review proposes removing a planned cadre (empty: keep)."""
    reasons = []
    if years_short(facts, term_years, params, on):
        reasons.append(OVER_AGE)
    if params.planning_removal_on_discipline and disciplined(facts, params, on):
        reasons.append(DISCIPLINED)
    if political_standard_not_met(facts):
        reasons.append(POLITICAL_STANDARD)
    return reasons


def require_higher_post(current_rank, planned_rank):
    """377: planning is for a higher post than the one the cadre holds (a cadre holding no post may be planned)."""
    if current_rank is not None and planned_rank <= current_rank:
        raise RuleViolation(
            "planning_not_higher",
            _("Planning is only for a higher post: the cadre already holds a post of rank {rank}.").format(
                rank=current_rank
            ),
        )


def require_not_in_procedure(running_procedures):
    """377: no planning at the same time as an appointment or a nomination of the same cadre."""
    if running_procedures:
        raise RuleViolation(
            "planning_during_procedure",
            _(
                "The cadre is a candidate in a running appointment or nomination (#{ids}); plan them after it."
            ).format(ids=", #".join(str(pk) for pk in running_procedures)),
        )


def require_political_standard(facts, params, on):
    """H13: nobody enters the planning without a concluded conclusion that they meet the political standard,
    recent enough (``political_conclusion_validity_months``)."""
    if not facts.conclusion or facts.conclusion[0] != "concluded" or facts.conclusion[2] is None:
        raise RuleViolation(
            "political_standard_missing",
            _("There is no concluded political-standard conclusion: nobody enters the planning without one."),
        )
    if facts.conclusion[1] != "meets":
        raise RuleViolation(
            "political_standard_not_met", _("The political-standard conclusion finds the standard not met.")
        )
    months = params.political_conclusion_validity_months
    if months is not None and facts.conclusion[2] < add_months(on, -months):
        raise RuleViolation(
            "political_standard_expired",
            _("The political-standard conclusion is older than {months} months.").format(months=months),
        )


def require_age(facts, term_years, params, on):
    if years_short(facts, term_years, params, on):
        raise RuleViolation(
            "planning_over_age",
            _("The cadre cannot serve {n} terms of this post before retirement.").format(
                n=params.planning_age_terms
            ),
        )


def require_may_enter(facts, *, planned_rank, term_years, on_post, on_level, params, on):
    """Every condition for adding one cadre to the planning of a post (377, H13, H18): a higher post, not during an
    appointment or nomination, the political standard, the age, not disciplined, and the two limits —
    `on_post` cadres already planned for the post and `on_level` posts already planned for the cadre at the
    post's level (both counting what this review keeps and adds)."""
    from apps.cadres.eligibility import require_planning_limits

    require_higher_post(facts.current_rank, planned_rank)
    require_not_in_procedure(facts.running_procedures)
    require_political_standard(facts, params, on)
    require_age(facts, term_years, params, on)
    if disciplined(facts, params, on):
        raise RuleViolation(
            "planning_disciplined", _("A discipline still bars the cadre from a higher post.")
        )
    require_planning_limits(
        on_post, on_level, params.planning_max_per_post, params.planning_max_posts_per_person
    )


def require_reason_for_removal(reason):
    if not (reason or "").strip():
        raise RuleViolation("removal_reason_required", _("Give the reason for each removal."))
