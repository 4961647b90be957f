"""Procedures the demo starts with, run through the product's own services (never written as rows):

* the **reappointments due**: the opener the daily Celery beat job and ``manage.py open_reappointments`` call,
  as the system user, so the terms ending within the notice period have open procedures in the organisation
  board's queue;
* a few **appointments** from proposal to the signed decision: a vacancy of a unit is proposed by the unit's
  head, the organisation board (``bantochuc``) decides the policy, lists two eligible cadres of the unit, records
  the five conferences and the verification and drafts the decision, the leadership (``thuongvu``) signs it —
  each step as the step's page runs it (the flow's lock, the task assigned and started, the step's service), so
  the conferences, verifications, decisions, tenures and audit entries are the real ones;
* the **nomination showcase**: an elected vacancy and the cadres who pass every nomination check of the real
  eligibility rules (``apps.cadres.eligibility``), for a nomination the demo users can run to the election.

Everything here runs once, when the province is created, inside ``seed_demo``'s transaction.
"""

import random
from dataclasses import dataclass, field

from django.utils import timezone

from apps.accounts.models import Role
from apps.organisation.models import Position

# the run of one appointment lives in .appointing; its names stay importable (and patchable) from here
from .appointing import Appointment, _conference, _head, _step, appoint, minutes_pdf  # noqa: F401

#: the elected post the demo keeps vacant for a nomination (unit code, title); present at every scale
NOMINATION_POST = ("hdnd", "Trưởng Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh")
#: units whose vacancies stay for the demo's own unit leaders (lanhdao.snv, lanhdao.xa) to propose
KEEP_FOR_DEMO_LOGINS = ("snv", "xa-tien-du")
#: appointments run to the signed decision at scale 1 (fewer when the province has few vacancies)
APPOINTMENTS = 3
#: vacancies per appointment run: a small province keeps most of its vacancies for the demo users
VACANCIES_PER_APPOINTMENT = 20


@dataclass
class ProceduresResult:
    reappointments: dict = field(default_factory=dict)
    appointments: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (position, RuleViolation) of appointments a rule refused
    nomination_post: object = None
    nomination_cadres: list = field(default_factory=list)


def run_demo_procedures(*, province, today, admin, board, leadership):
    """Open the due reappointments, run the demo appointments to their signed decisions, find the nomination
    showcase. Returns what was done, for the command to print."""
    result = ProceduresResult()
    result.reappointments = open_reappointments(today)
    seed_reappointment_collectives(today, admin)
    result.appointments, result.refused = run_appointments(
        province=province, admin=admin, board=board, leadership=leadership
    )
    result.nomination_post = nomination_post(province)
    if result.nomination_post is not None:
        result.nomination_cadres = nomination_cadres(result.nomination_post)
        # the nomination rounds count the committees' membership in the registry (issue 9 point 10)
        from .collectives import seed_committees

        seed_committees(result.nomination_post.unit, on=today, actor=admin, exclude=result.nomination_cadres)
    return result


# --- reappointments -------------------------------------------------------------------------------------


def seed_reappointment_collectives(on, actor):
    """The leadership collective of every unit with an open reappointment, so its collective vote counts against
    the registry (issue 9 point 10); the cadres under reappointment are not made members."""
    from workflows.reappointment.models import ReappointmentProcess

    from .collectives import seed_leadership

    processes = list(ReappointmentProcess.objects.select_related("unit").order_by("pk"))
    candidates = [p.cadre_id for p in processes]
    for unit in dict.fromkeys(p.unit for p in processes if p.unit_id):
        seed_leadership(unit, 7, on=on, actor=actor, exclude=candidates)


def open_reappointments(on):
    """The daily job's opener, as the system user (``workflows.reappointment.services``)."""
    from workflows.reappointment import services

    return services.open_due_reappointments(on=on, actor=services.system_user())


# --- eligibility (the real rules) -------------------------------------------------------------------------


def _planned_pool(position):
    """Cadres who can pass the planning check (H8): an active planning entry for this post, or for a post of
    at least its rank. Everyone else fails that check, so only these are worth judging."""
    from django.db.models import Q

    from apps.cadres.models import Cadre, PlanningEntry

    planned = PlanningEntry.objects.filter(status=PlanningEntry.Status.ACTIVE).filter(
        Q(position=position) | Q(position__rank__gte=position.rank)
    )
    return Cadre.objects.filter(
        pk__in=planned.values("cadre_id"), employment_status=Cadre.EmploymentStatus.ACTIVE
    ).order_by("pk")


def eligible(cadres, position, *, purpose, on=None):
    """The cadres of `cadres` who pass every check of `purpose` for `position` on day `on` (default today), with
    a self-assessment covering the rule set's years — as the verification step judges them."""
    from apps.cadres import eligibility
    from apps.rulesets.selectors import rule_set_for

    on = on or timezone.localdate()
    params = rule_set_for(unit=position.unit, on=on).resolve()
    post = eligibility.position_facts(position)
    passing = []
    for cadre in cadres:
        facts = eligibility.gather_facts(cadre, position, on, self_assessment_years=params.achievement_years)
        if all(r.passed for r in eligibility.evaluate(facts, post, params, on, purpose=purpose)):
            passing.append(cadre)
    return passing


# --- the nomination showcase ------------------------------------------------------------------------------


def nomination_post(province):
    """The demo's elected vacancy kept for a nomination, or ``None`` when it is not (or no longer) vacant."""
    code, title = NOMINATION_POST
    return (
        Position.objects.with_vacancies()
        .filter(
            unit__code=code,
            unit__path__startswith=province.path,
            title=title,
            is_active=True,
            is_elected=True,
            vacancies__gt=0,
        )
        .select_related("unit", "authority")
        .first()
    )


def nomination_cadres(position, on=None):
    """Cadres who pass every nomination check for `position` (political standard, evaluations and recognised
    achievements of the last years, retirement, planning, months in post, discipline, open reports, assets,
    résumé, non-local when required)."""
    return eligible(
        _planned_pool(position).select_related("current_unit"), position, purpose="nomination", on=on
    )


# --- appointments -----------------------------------------------------------------------------------------


def _appointable(province):
    """(position, [two cadres]) per candidate vacancy, in a stable order: appointed (not elected) posts of the
    province with a free seat, outside the units kept for the demo logins, whose unit has a head to propose and
    at least two cadres of the unit without a post who pass every appointment check (first appointment: R1
    wants two names per seat, and both stay eligible to the final vote)."""
    from apps.cadres.models import Tenure

    holders = set(Tenure.objects.open().values_list("cadre_id", flat=True))
    vacancies = (
        Position.objects.with_vacancies()
        .filter(
            unit__path__startswith=province.path,
            unit__is_active=True,
            is_active=True,
            is_elected=False,
            vacancies__gt=0,
        )
        .exclude(unit__code__in=KEEP_FOR_DEMO_LOGINS)
        .select_related("unit__level", "authority")
        .order_by("unit__path", "pk")
    )
    for position in vacancies:
        pool = [
            c
            for c in _planned_pool(position).filter(current_unit=position.unit).select_related("current_unit")
            if c.pk not in holders
        ]
        if len(pool) < 2:
            continue
        passing = eligible(pool, position, purpose="appointment")
        if len(passing) >= 2:
            yield position, passing[:2]


def _choose(province, count, spare=2):
    """Vacancies to appoint to, in the order to try them: in different units, departments and communes
    alternating (a commune every third when there are some), `spare` more of each than needed in case one is
    refused; then up to `spare` more in units already listed."""
    chosen, units, same_unit = [], set(), []
    by_level = {"commune": [], "other": []}
    for position, cadres in _appointable(province):
        if _head(position.unit) is None:
            continue
        if position.unit_id in units:
            same_unit.append((position, cadres))  # tried last: a small province may have no other
            continue
        units.add(position.unit_id)
        level = "commune" if position.unit.level.code == "commune" else "other"
        by_level[level].append((position, cadres))
        if len(by_level["other"]) >= count + spare and len(by_level["commune"]) >= 1 + spare:
            break
    others, communes = by_level["other"], by_level["commune"]
    while others or communes:
        source = communes if (len(chosen) % 3 == 2 and communes) or not others else others
        chosen.append(source.pop(0))
    return chosen + same_unit[:spare]


def appointment_count(province):
    vacant = (
        Position.objects.with_vacancies()
        .filter(unit__path__startswith=province.path, is_active=True, vacancies__gt=0)
        .count()
    )
    return min(APPOINTMENTS, max(1, vacant // VACANCIES_PER_APPOINTMENT))


def proposer_for(unit, admin):
    """The unit's head as the user who proposes: their existing account, or a new one (no usable password —
    an administrator can set one) with the unit-leader role over the unit, granted by the admin."""
    from django.contrib.auth import get_user_model

    from apps.accounts.models import RoleAssignment
    from apps.accounts.services import grant_role
    from apps.core.history import acting_as

    head = _head(unit).cadre
    User = get_user_model()
    user = (
        User.objects.filter(cadre=head).first()
        or User.objects.filter(username=f"lanhdao.{unit.code}").first()
    )
    if user is None:
        user = User(
            username=f"lanhdao.{unit.code}",
            first_name=head.full_name,
            email=f"lanhdao.{unit.code}@demo.cadreflow.local",
            cadre=head,
        )
        user.set_unusable_password()
        with acting_as(admin):
            user.save()
    if not RoleAssignment.objects.active().filter(user=user, role=Role.UNIT_LEADER, unit=unit).exists():
        grant_role(user=user, role=Role.UNIT_LEADER, unit=unit, include_descendants=True, actor=admin)
    return user


def run_appointments(*, province, admin, board, leadership):
    """Appoint to `appointment_count` vacancies. A vacancy whose procedure a rule refuses is rolled back (its
    savepoint) and reported, and the next one is tried."""
    from django.db import transaction

    from apps.core.rules import RuleViolation

    count = appointment_count(province)
    done, refused = [], []
    rng = random.Random(province.pk)
    for position, cadres in _choose(province, count):
        if len(done) >= count:
            break
        if any(a.process.unit_id == position.unit_id for a in done):
            continue  # one appointment per unit: its candidates were chosen before the other was made
        try:
            with transaction.atomic():
                proposer = proposer_for(position.unit, admin)
                done.append(
                    appoint(
                        position=position,
                        cadres=cadres,
                        proposer=proposer,
                        board=board,
                        leadership=leadership,
                        rng=rng,
                    )
                )
        except RuleViolation as exc:
            refused.append((position, exc))
    return done, refused


def demo_users():
    """(board, leadership) demo logins who act in the demo's procedures."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.get(username="bantochuc"), User.objects.get(username="thuongvu")
