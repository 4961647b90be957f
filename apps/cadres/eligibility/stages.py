"""Eligibility at each stage of a procedure (procedures §3: the conditions are checked before step 1 and again
before the decision).

Verification (thẩm định) runs every condition with the dossier's documents. These helpers run the same
conditions, under the procedure's rule-set snapshot (``process.params``), at the two other moments the
regulation asks for:

- **listing** — before step 1, when the candidates are listed: every condition except those that need the
  dossier's documents gathered at verification (``DOSSIER_CHECKS``: the self-assessment of the achievements);
- **the decision** — when it is drafted and again when it is signed (or the election result confirmed): every
  condition again, so that a conclusion turned negative, a discipline decided or put under review, an expired
  declaration… after verification refuses the decision, naming what changed.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from ..facts import gather_facts, position_facts

#: conditions judged on documents the verification collects, not on the registry: left out of the listing
DOSSIER_CHECKS = frozenset({"achievements"})


def results_for(
    cadre,
    position,
    params,
    on,
    *,
    purpose,
    source="internal",
    received_on=None,
    self_assessment_years=0,
    health_ok=None,
):
    """Every condition of `purpose` for `cadre` and `position`, judged on day `on` under `params`."""
    from . import evaluate

    facts = gather_facts(
        cadre, position, on, self_assessment_years=self_assessment_years or 0, health_ok=health_ok
    )
    return evaluate(
        facts,
        position_facts(position),
        params,
        on,
        source=source,
        purpose=purpose,
        received_on=received_on,
    )


@dataclass(frozen=True)
class Standing:
    """A cadre's standing on a candidate listing: eligible, or the reasons why not (and their check codes)."""

    eligible: bool
    failed_checks: tuple
    reason: str


def listing_standing(cadre, position, params, on, *, purpose, source="internal"):
    """The cadre's standing for the listing before step 1 (procedures §3): every registry condition."""
    results = [
        r
        for r in results_for(cadre, position, params, on, purpose=purpose, source=source)
        if r.code not in DOSSIER_CHECKS
    ]
    failed = [r for r in results if not r.passed]
    return Standing(
        eligible=not failed,
        failed_checks=tuple(r.code for r in failed),
        reason="; ".join(f"{r.label} — {r.reason}" for r in failed),
    )


def listing_standings(cadres, position, params, on, *, purpose, source="internal"):
    """{cadre: Standing} for a listing page. Planning is the condition most cadres of a long list fail (H8), so
    it is read for the whole list in one query: a cadre planned for no matching post gets that reason without
    reading the rest of their record; the others get every condition (``listing_standing``)."""
    from django.db.models import Q

    from ..models import PlanningEntry
    from .checks import check_planning

    cadres = list(cadres)
    planned = set(
        PlanningEntry.objects.filter(
            cadre__in=cadres, status=PlanningEntry.Status.ACTIVE, approved_on__lte=on
        )
        .filter(Q(position_id=position.pk) | Q(position__rank__gte=position.rank))
        .values_list("cadre_id", flat=True)
    )
    not_planned = check_planning(_NoPlanning, position_facts(position), source)
    standings = {}
    for cadre in cadres:
        if cadre.pk in planned:
            standings[cadre] = listing_standing(cadre, position, params, on, purpose=purpose, source=source)
        else:
            standings[cadre] = Standing(
                eligible=False,
                failed_checks=(not_planned.code,),
                reason=f"{not_planned.label} — {not_planned.reason}",
            )
    return standings


class _NoPlanning:
    planning = ()


def require_listable(standings):
    """Refuse a listing naming an ineligible cadre (procedures §3: the conditions are checked before step 1).

    `standings` maps each listed cadre to its ``Standing``. The refusal names every ineligible cadre with the
    reasons; ``failed`` on the exception maps each refused cadre's id to its failed check codes."""
    refused = {cadre: standing for cadre, standing in standings.items() if not standing.eligible}
    if not refused:
        return
    exc = RuleViolation(
        "not_eligible_for_listing",
        _("These cadres cannot be listed (procedures §3): {cadres}").format(
            cadres=" | ".join(
                _("{cadre}: {reason}").format(cadre=cadre, reason=standing.reason)
                for cadre, standing in refused.items()
            )
        ),
    )
    exc.failed = {cadre.pk: list(standing.failed_checks) for cadre, standing in refused.items()}
    raise exc


def _stage_label(stage):
    return {
        "draft": _("when the decision is drafted"),
        "sign": _("when the decision is signed"),
        "confirm": _("when the election result is confirmed"),
    }.get(stage, stage)


def require_still_eligible(results, *, stage, cadre=None):
    """Refuse the decision when a condition no longer holds (procedures §3: the checks again before the
    decision), naming each condition with the reason and the evidence now on record — e.g. the date of the
    negative political-standard conclusion or of the discipline decided since verification."""
    failed = [r for r in results if not r.passed]
    if not failed:
        return
    details = "; ".join(
        f"{r.label} — {r.reason}" + (f" ({r.evidence})" if r.evidence and r.evidence != "—" else "")
        for r in failed
    )
    exc = RuleViolation(
        "no_longer_eligible",
        _("{cadre} no longer meets the conditions {stage} (procedures §3): {checks}").format(
            cadre=cadre or _("The candidate"), stage=_stage_label(stage), checks=details
        ),
    )
    exc.failed_checks = [r.code for r in failed]
    raise exc


def recheck_candidate(candidate, position, params, *, purpose, stage, source="internal"):
    """A verified candidate's whole eligibility again before the decision (procedures §3), under the procedure's
    `params`, with the self-assessment the verification accepted and the age counted from the day the dossier was
    verified (HD 06): ``require_still_eligible`` on the results. Shared by every procedure with candidates."""
    from django.utils import timezone

    on = timezone.localdate()
    received = timezone.localdate(candidate.verified_at) if candidate.verified_at else on
    results = results_for(
        candidate.cadre,
        position,
        params,
        on,
        purpose=purpose,
        source=source,
        received_on=min(received, on),
        self_assessment_years=candidate.self_assessment_years,
    )
    require_still_eligible(results, stage=stage, cadre=candidate.cadre)
