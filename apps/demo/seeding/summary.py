"""Figures about the demo province, read back from the database: what the command prints, what tests compare.

``model_counts`` counts every table the demo writes to (with their history tables, the audit log and the
guardian permissions), so that "running twice gives the same counts" is checked on everything.
``describe`` gives the figures a reader wants: sizes, vacancies, terms ending soon, the founding document's
targets (women, under 40, foreign language, non-local commune secretaries) and the political-standard mix.
"""

from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.audit.models import AuditEntry
from apps.cadres.models import (
    Achievement,
    AssetDeclaration,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)
from apps.conferences.models import Conference
from apps.decisions.models import Decision
from apps.organisation.models import OrgUnit, Position, UnitLevel
from workflows.appointment.models import AppointmentCandidate, AppointmentProcess
from workflows.common.models import StepAttachment
from workflows.reappointment.models import ReappointmentOutcome, ReappointmentProcess

from ..models import DemoDataset
from .context import add_months, add_years

REGISTRY_MODELS = [
    UnitLevel,
    OrgUnit,
    Position,
    Cadre,
    Tenure,
    PlanningEntry,
    Evaluation,
    Achievement,
    Discipline,
    PoliticalConclusion,
    AssetDeclaration,
    RoleAssignment,
]


def model_counts():
    """{table: rows} for every table ``seed_demo`` writes to."""
    from guardian.models import UserObjectPermission

    counts = {}
    for model in [*REGISTRY_MODELS, get_user_model()]:
        counts[model._meta.label] = model.objects.count()
        counts[f"{model._meta.label} history"] = model.history.count()
    for model in _procedure_models():
        counts[model._meta.label] = model.objects.count()
    counts["demo.DemoDataset"] = DemoDataset.objects.count()
    counts["audit.AuditEntry"] = AuditEntry.objects.count()
    counts["guardian.UserObjectPermission"] = UserObjectPermission.objects.count()
    return counts


def _procedure_models():
    """The procedures' tables the demo's procedures write to (processes, steps, conferences, decisions)."""
    from viewflow.workflow.models import Process, Task

    return [Process, Task, Conference, Decision, AppointmentCandidate, StepAttachment]


def percent(part, whole):
    return f"{100 * part / whole:.1f}%" if whole else "—"


def political_status(rows, cutoff):
    """{cadre id: positive | negative | pending | expired | missing-less} from (cadre, status, result, day)
    rows, judged like the registry: the latest concluded conclusion, then a pending verification."""
    latest, pending = {}, set()
    for cadre_id, status, result, day in rows:
        if status == PoliticalConclusion.Status.PENDING:
            pending.add(cadre_id)
        elif day and (cadre_id not in latest or day > latest[cadre_id][1]):
            latest[cadre_id] = (result, day)
    statuses = {}
    for cadre_id in set(latest) | pending:
        result, day = latest.get(cadre_id, (None, None))
        if result == PoliticalConclusion.Result.DOES_NOT_MEET:
            statuses[cadre_id] = "negative"
        elif result and (cutoff is None or day >= cutoff):
            statuses[cadre_id] = "positive"
        elif cadre_id in pending:
            statuses[cadre_id] = "pending"
        else:
            statuses[cadre_id] = "expired"
    return statuses


def describe(province, today, validity_months):
    """[(section, [(label, value)])] for the demo province on `today`."""
    units = OrgUnit.objects.descendants_of(province)
    positions = Position.objects.filter(unit__in=units)
    active = Cadre.objects.filter(current_unit__in=units, employment_status=Cadre.EmploymentStatus.ACTIVE)
    tenures = Tenure.objects.filter(position__in=positions)
    open_tenures = tenures.filter(ended_on__isnull=True)
    return [
        (_("Units"), _units(units)),
        (_("Positions"), _positions(positions, open_tenures)),
        (_("Cadres"), _cadres(active, today)),
        (_("Leaders (holding a post)"), _leaders(active, open_tenures, today)),
        (_("Tenures"), _tenures(tenures, open_tenures, today)),
        (_("Planning"), _planning(active)),
        (_("Records"), _records(active, today, validity_months)),
        (_("Procedures"), _procedures(province, units)),
    ]


def _units(units):
    by_level = Counter(units.values_list("level__name", flat=True))
    rows = [(_("organisation units"), units.count())]
    rows += [(f"  {name}", count) for name, count in sorted(by_level.items())]
    rows.append(
        (
            _("dissolved, kept with a successor"),
            units.filter(is_active=False, successor__isnull=False).count(),
        )
    )
    return rows


def _positions(positions, open_tenures):
    active = positions.filter(is_active=True)
    seats = sum(active.values_list("seats", flat=True))
    filled = open_tenures.filter(position__is_active=True).count()
    with_vacancy = active.with_vacancies().filter(vacancies__gt=0).count()
    return [
        (_("active positions"), active.count()),
        (_("inactive (dissolved districts)"), positions.filter(is_active=False).count()),
        (_("seats"), seats),
        (_("seats filled"), filled),
        (_("seats vacant"), seats - filled),
        (_("positions with a vacancy"), with_vacancy),
        (_("must be non-local"), active.filter(requires_non_local=True).count()),
    ]


def _cadres(active, today):
    n = active.count()
    young = active.filter(birth_date__gt=add_years(today, -40)).count()
    return [
        (_("active cadres"), n),
        (_("women"), percent(active.filter(gender="female").count(), n)),
        (_("under 40"), percent(young, n)),
        (_("ethnic minorities"), percent(active.exclude(ethnicity="Kinh").count(), n)),
        (
            _("from another province"),
            percent(active.exclude(home_province=F("current_unit__province_name")).count(), n),
        ),
        (_("party members"), percent(active.filter(is_party_member=True).count(), n)),
        (_("retired or transferred (kept)"), Cadre.objects.exclude(employment_status="active").count()),
    ]


def _leaders(active, open_tenures, today):
    leaders = active.filter(tenures__in=open_tenures).distinct()
    n = leaders.count()
    language = leaders.filter(foreign_language_level__in=["B1", "B2", "C1", "C2"]).count()
    secretaries = open_tenures.filter(position__requires_non_local=True)
    non_local = secretaries.exclude(cadre__home_commune=F("position__unit__commune_name")).count()
    return [
        (_("leaders"), n),
        (_("women"), percent(leaders.filter(gender="female").count(), n)),
        (_("under 40"), percent(leaders.filter(birth_date__gt=add_years(today, -40)).count(), n)),
        (_("foreign language B1 or above"), percent(language, n)),
        (_("non-local commune party secretaries"), f"{non_local}/{secretaries.count()}"),
    ]


def _tenures(tenures, open_tenures, today):
    due = open_tenures.filter(term_end__gte=today, term_end__lte=today + timedelta(days=90))
    return [
        (_("tenures"), tenures.count()),
        (_("open"), open_tenures.count()),
        (_("ended (history)"), tenures.filter(ended_on__isnull=False).count()),
        (_("terms ending within 90 days"), due.count()),
    ]


def _planning(active):
    entries = PlanningEntry.objects.filter(cadre__in=active)
    per_post = Counter(entries.values_list("position_id", flat=True))
    per_cadre = Counter(entries.values_list("cadre_id", flat=True))
    return [
        (_("planning entries"), entries.count()),
        ("  " + _("removed from the planning"), entries.filter(status="removed").count()),
        (_("cadres in the planning"), len(per_cadre)),
        (_("posts with a planning"), len(per_post)),
        (_("most entries for one post"), max(per_post.values(), default=0)),
        (_("most posts for one cadre"), max(per_cadre.values(), default=0)),
    ]


def _records(active, today, validity_months):
    n = active.count()
    cutoff = add_months(today, -validity_months) if validity_months is not None else None
    rows = PoliticalConclusion.objects.filter(cadre__in=active).values_list(
        "cadre_id", "status", "result", "concluded_on"
    )
    statuses = Counter(political_status(rows, cutoff).values())
    statuses["missing"] = n - sum(statuses.values())
    disciplines = Discipline.objects.filter(cadre__in=active)
    in_effect = disciplines.filter(
        status="decided", effective_from__lte=today, effective_to__gte=today
    ).count()
    achievements = Achievement.objects.filter(cadre__in=active)
    return [
        (_("yearly evaluations"), Evaluation.objects.filter(cadre__in=active).count()),
        (_("achievements"), achievements.count()),
        ("  " + _("recognised"), achievements.exclude(recognised_by="").count()),
        (_("asset declarations"), AssetDeclaration.objects.filter(cadre__in=active).count()),
        (_("disciplines"), disciplines.count()),
        ("  " + _("under review"), disciplines.filter(status="under_review").count()),
        ("  " + _("in effect"), in_effect),
        (_("political-standard conclusions"), PoliticalConclusion.objects.filter(cadre__in=active).count()),
        *[
            ("  " + label, f"{statuses[key]} ({percent(statuses[key], n)})")
            for key, label in (
                ("positive", _("cadres concluded positive, still valid")),
                ("expired", _("cadres whose conclusion expired")),
                ("pending", _("cadres being verified")),
                ("negative", _("cadres concluded negative")),
                ("missing", _("cadres without a conclusion")),
            )
        ],
    ]


def _procedures(province, units):

    from .procedures import nomination_cadres, nomination_post

    reappointments = ReappointmentProcess.objects.filter(unit__in=units)
    decisions = Decision.objects.filter(position__unit__in=units)
    rows = [
        (
            _("reappointments open"),
            reappointments.filter(outcome=ReappointmentOutcome.IN_PROGRESS, status="NEW").count(),
        ),
        (_("appointment procedures"), AppointmentProcess.objects.filter(unit__in=units).count()),
        (_("signed decisions"), decisions.filter(status=Decision.Status.SIGNED).count()),
    ]
    post = nomination_post(province)
    if post is not None:
        rows.append((_("elected vacancy for a nomination"), post.title))
        rows.append(("  " + _("cadres eligible for it"), len(nomination_cadres(post))))
    return rows
