"""Candidate eligibility (docs/design.md R2, R3, R6, R7, R11; docs/procedures.md §3, §7, H8–H15, H18, H25).

A pure core — ``evaluate(facts, position_facts, params, on)`` returns one ``CheckResult`` per condition, each
with the evidence a reviewer reads and, when it fails, the reason — and a gatherer (``gather_facts``, in
``apps.cadres.facts``) that reads the facts from the database. The checks are in ``checks``, the date and
retirement arithmetic in ``dates``. Every threshold comes from the rule set's
``Params``; nothing here is a constant of the regulation except the ordering of the checks.
"""

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from ..facts import CandidateFacts, PositionFacts, gather_facts, position_facts
from .checks import (
    PERMANENT_BARS,
    CheckResult,
    check_achievements,
    check_asset_declaration,
    check_discipline,
    check_health,
    check_months_in_post,
    check_non_local,
    check_open_reports,
    check_planning,
    check_political_standard,
    check_resume,
    check_retirement,
)
from .dates import add_months, needs_extension, retirement_age_months, retirement_date
from .stages import (
    DOSSIER_CHECKS,
    Standing,
    listing_standing,
    listing_standings,
    recheck_candidate,
    require_listable,
    require_still_eligible,
    results_for,
)

__all__ = [
    "DOSSIER_CHECKS",
    "PERMANENT_BARS",
    "Standing",
    "CandidateFacts",
    "CheckResult",
    "PositionFacts",
    "add_months",
    "check_achievements",
    "check_asset_declaration",
    "check_discipline",
    "check_health",
    "check_months_in_post",
    "check_non_local",
    "check_open_reports",
    "check_planning",
    "check_political_standard",
    "check_resume",
    "check_retirement",
    "evaluate",
    "gather_facts",
    "listing_standing",
    "listing_standings",
    "needs_extension",
    "position_facts",
    "require_all_passed",
    "require_listable",
    "require_planning_limits",
    "recheck_candidate",
    "require_still_eligible",
    "results_for",
    "retirement_age_months",
    "retirement_date",
]

PURPOSES = ("appointment", "reappointment", "extension", "nomination", "planning")
SOURCES = ("internal", "external")


def evaluate(facts, position, params, on, *, source="internal", purpose="appointment", received_on=None):
    """Every eligibility condition that applies to `purpose`, judged on day `on`.

    - appointment and nomination: political standard, achievements, retirement, planning, months in post,
      discipline, open reports, asset declaration, résumé, non-local (when the post requires it), health (when
      assessed);
    - reappointment: political standard, achievements, retirement (against the extension threshold),
      discipline, open reports, asset declaration, résumé, health (required);
    - extension: political standard, discipline, open reports, health (required);
    - planning: political standard (R2 — before anything), retirement, discipline, open reports.

    `received_on` is the day the personnel advisory body received the dossier (HD 06: the age is counted
    from it); it defaults to `on`.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    received_on = received_on or on
    checks = [check_political_standard(facts, params, on)]
    if purpose in ("appointment", "nomination", "reappointment"):
        checks.append(check_achievements(facts, params, on))
    if purpose != "extension":
        checks.append(check_retirement(facts, position, params, received_on, purpose))
    if purpose in ("appointment", "nomination"):
        checks.append(check_planning(facts, position, source))
        checks.append(check_months_in_post(facts, params, on))
    checks.append(check_discipline(facts, params, on))
    if params.open_report_pauses_candidate:
        checks.append(check_open_reports(facts))
    if purpose in ("appointment", "nomination", "reappointment"):
        checks.append(check_asset_declaration(facts, params, on))
        checks.append(check_resume(facts, on))
    if purpose in ("appointment", "nomination") and position.requires_non_local:
        checks.append(check_non_local(facts, position))
    if purpose in ("reappointment", "extension") or facts.health_ok is not None:
        checks.append(check_health(facts))
    return checks


def require_all_passed(results):
    """Refuse a candidate who fails any check, naming each failed check and its reason."""
    failed = [r for r in results if not r.passed]
    if failed:
        exc = RuleViolation(
            "not_eligible",
            _("The candidate does not meet: {checks}").format(
                checks="; ".join(f"{r.label} — {r.reason}" for r in failed)
            ),
        )
        exc.failed_checks = [r.code for r in failed]
        raise exc


def require_planning_limits(current_for_post, current_for_person, max_per_post, max_posts):
    """H18 (377): one more planning entry keeps at most `max_per_post` cadres planned for the post and at most
    `max_posts` posts for the cadre at one level."""
    if current_for_post + 1 > max_per_post:
        raise RuleViolation(
            "planning_limit_post",
            _("{n} cadres are already planned for this post; at most {max} may be.").format(
                n=current_for_post, max=max_per_post
            ),
        )
    if current_for_person + 1 > max_posts:
        raise RuleViolation(
            "planning_limit_person",
            _("This cadre is already planned for {n} posts at this level; at most {max} are allowed.").format(
                n=current_for_person, max=max_posts
            ),
        )
