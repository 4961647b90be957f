"""The facts eligibility is judged on, and the one place that reads them from the database.

``CandidateFacts`` and ``PositionFacts`` are plain values so that every eligibility rule is tested without a
database (``apps.cadres.eligibility.evaluate``). ``gather_facts`` fills them for one cadre with a fixed number
of queries whatever the size of the cadre's record.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation


@dataclass(frozen=True)
class CandidateFacts:
    """What the eligibility rules need to know about one candidate on one day.

    - `political_*`: the latest *concluded* political-standard conclusion (status/result/date/reference/
      issuer), or status ``"pending"`` when only a verification is running, ``None`` when there is none.
    - `evaluations`: {year: rating}; `achievements`: recognised achievements [(achieved_on, title,
      recognised_by)]; `self_assessment_years`: years the self-assessment in the procedure's dossier covers.
    - `planning`: active planning entries [(position_id, rank)].
    - `current_post_start` / `current_post_rank`: the open tenure (highest rank); `post_periods`: every tenure
      [(start, end or None, rank)] so months in an equivalent post add up (QĐ 727: cumulative);
      `is_first_appointment`: the cadre has never held a post.
    - `disciplines`: [(kind, status, effective_from, effective_to)]; `proceedings`: Cadre.Proceedings code.
    - `open_report_count`: open violation reports about the cadre (R11); ``None`` means not known.
    - `asset_declared_on` / `asset_verified_on`: the latest verified asset declaration.
    - `health_ok`: the caller's finding on health (reappointment, extension); ``None``: not assessed.

    The locality of the unit the post belongs to (R7) is a fact of the post: ``PositionFacts``.
    """

    birth_date: date
    gender: str
    home_province: str = ""
    home_commune: str = ""
    home_locality: object = (
        None  # apps.places.locality.Locality on the day judged (R7), when the post needs it
    )
    cadre_id: int | None = None
    full_name: str = ""
    political_status: str | None = None
    political_result: str | None = None
    political_date: date | None = None
    political_reference: str = ""
    political_issuer: str = ""
    evaluations: dict = field(default_factory=dict)
    achievements: list = field(default_factory=list)
    self_assessment_years: int = 0
    planning: list = field(default_factory=list)
    current_post_start: date | None = None
    current_post_rank: int | None = None
    is_first_appointment: bool = True
    post_periods: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    proceedings: str = "none"
    open_report_count: int | None = 0
    asset_declared_on: date | None = None
    asset_verified_on: date | None = None
    resume_verified_on: date | None = None
    health_ok: bool | None = None


@dataclass(frozen=True)
class PositionFacts:
    """The post a candidate is considered for: its rank and term, whether it must be held by a non-local
    cadre (R7) and the locality of its unit (a unit with a commune name is a commune-level unit)."""

    position_id: int | None = None
    title: str = ""
    rank: int = 1
    term_years: int = 5
    requires_non_local: bool = False
    unit_province: str = ""
    unit_commune: str = ""
    unit_locality: object = None  # apps.places.locality.Locality of the unit's place, when the post needs it


def _locality(place, province_text, local_text, on):
    """R7: the ``Locality`` on day `on` of a recorded place, else of the place the typed names designate."""
    from apps.places import locality
    from apps.places.models import Place

    if place is None:
        place = locality.match(Place.objects.all(), province_text, local_text)
    return locality.locality_on(place, on)


def position_facts(position, on=None):
    """``PositionFacts`` of a ``Position`` (its unit should be loaded with ``select_related``); the unit's
    locality (R7) is resolved on day `on` (default today) when the post must be held by a non-local cadre."""
    unit = position.unit
    unit_locality = None
    if position.requires_non_local:
        unit_locality = _locality(unit.place, unit.province_name, unit.commune_name, on or date.today())
    return PositionFacts(
        position_id=position.pk,
        title=position.title,
        rank=position.rank,
        term_years=position.term_years,
        requires_non_local=position.requires_non_local,
        unit_province=unit.province_name,
        unit_commune=unit.commune_name,
        unit_locality=unit_locality,
    )


def _open_report_count(cadre_id):
    """Open reports about the cadre, from the audit app. A missing selector is an error, never a zero: an
    unchecked report must not let a candidate through (R11)."""
    try:
        from apps.audit.selectors import open_report_count
    except ImportError as exc:
        raise RuleViolation(
            "open_reports_unavailable",
            _("Open violation reports cannot be checked right now; eligibility cannot be established."),
        ) from exc
    return open_report_count(cadre_id)


_FACT_ATTRS = (
    "_facts_conclusions",
    "_facts_evaluations",
    "_facts_achievements",
    "_facts_planning",
    "_facts_tenures",
    "_facts_disciplines",
)


def gather_facts(cadre, position, on, *, self_assessment_years=0, health_ok=None):
    """Read the ``CandidateFacts`` of `cadre` for `position` on day `on`.

    The facts are the cadre's; what belongs to the post (rank, term, locality) comes from ``position_facts``.
    `position` is accepted so that callers pass the pair the verification is about.

    Six prefetch queries (conclusions, evaluations, recognised achievements, active planning, tenures,
    disciplines) plus one for the latest verified asset declaration and the audit app's open-report count —
    the same number however long the cadre's record is.
    """
    from django.db.models import prefetch_related_objects

    from .models import (
        Achievement,
        AssetDeclaration,
        Discipline,
        Evaluation,
        PlanningEntry,
        PoliticalConclusion,
        Tenure,
    )

    # read afresh: a cadre object gathered before (e.g. at verification, then again before the decision) must
    # not answer from what it held then (prefetch_related_objects skips attributes already set)
    for attr in _FACT_ATTRS:
        cadre.__dict__.pop(attr, None)
    prefetch_related_objects(
        [cadre],
        Prefetch(
            "political_conclusions",
            queryset=PoliticalConclusion.objects.order_by("-concluded_on", "-created_at", "-pk"),
            to_attr="_facts_conclusions",
        ),
        Prefetch(
            "evaluations", queryset=Evaluation.objects.filter(year__lte=on.year), to_attr="_facts_evaluations"
        ),
        Prefetch(
            "achievements",
            queryset=Achievement.objects.exclude(recognised_by="").filter(
                recognised_on__isnull=False, recognised_on__lte=on
            ),
            to_attr="_facts_achievements",
        ),
        Prefetch(
            "planning",
            queryset=PlanningEntry.objects.filter(
                status=PlanningEntry.Status.ACTIVE, approved_on__lte=on
            ).select_related("position"),
            to_attr="_facts_planning",
        ),
        Prefetch(
            "tenures",
            queryset=Tenure.objects.filter(start_date__lte=on).select_related("position"),
            to_attr="_facts_tenures",
        ),
        Prefetch(
            "disciplines",
            queryset=Discipline.objects.exclude(status=Discipline.Status.ANNULLED),
            to_attr="_facts_disciplines",
        ),
    )
    declaration = (
        AssetDeclaration.objects.filter(cadre=cadre, verified_on__isnull=False, verified_on__lte=on)
        .order_by("-declared_on", "-year")
        .values_list("declared_on", "verified_on")
        .first()
    )
    conclusion = _latest_conclusion(cadre._facts_conclusions, on)
    tenures = cadre._facts_tenures
    open_tenures = [t for t in tenures if t.ended_on is None or t.ended_on > on]
    current = max(open_tenures, key=lambda t: (t.position.rank, t.start_date), default=None)
    return CandidateFacts(
        birth_date=cadre.birth_date,
        gender=cadre.gender,
        home_province=cadre.home_province,
        home_commune=cadre.home_commune,
        home_locality=(
            _locality(cadre.home_place, cadre.home_province, cadre.home_commune, on)
            if position is not None and position.requires_non_local
            else None
        ),
        cadre_id=cadre.pk,
        full_name=cadre.full_name,
        political_status=conclusion.status if conclusion else None,
        political_result=(conclusion.result or None) if conclusion else None,
        political_date=conclusion.concluded_on if conclusion else None,
        political_reference=conclusion.reference if conclusion else "",
        political_issuer=conclusion.issuer if conclusion else "",
        evaluations={e.year: e.rating for e in cadre._facts_evaluations},
        achievements=[(a.achieved_on, a.title, a.recognised_by) for a in cadre._facts_achievements],
        self_assessment_years=self_assessment_years,
        planning=[(p.position_id, p.position.rank) for p in cadre._facts_planning],
        current_post_start=current.start_date if current else None,
        current_post_rank=current.position.rank if current else None,
        is_first_appointment=not tenures,
        post_periods=[(t.start_date, t.ended_on, t.position.rank) for t in tenures],
        disciplines=[(d.kind, d.status, d.effective_from, d.effective_to) for d in cadre._facts_disciplines],
        proceedings=cadre.proceedings,
        open_report_count=_open_report_count(cadre.pk),
        asset_declared_on=declaration[0] if declaration else None,
        asset_verified_on=declaration[1] if declaration else None,
        resume_verified_on=cadre.resume_verified_on,
        health_ok=health_ok,
    )


def _latest_conclusion(conclusions, on):
    """The latest concluded conclusion dated on or before `on`; else a pending one; else ``None``."""
    concluded = [
        c
        for c in conclusions
        if c.status == "concluded" and c.concluded_on is not None and c.concluded_on <= on
    ]
    if concluded:
        return concluded[0]  # already ordered newest first
    return next((c for c in conclusions if c.status == "pending"), None)
