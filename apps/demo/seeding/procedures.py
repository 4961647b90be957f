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

import io
import random
from dataclasses import dataclass, field
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.models import Role
from apps.organisation.models import Position

#: the elected post the demo keeps vacant for a nomination (unit code, title); present at every scale
NOMINATION_POST = ("hdnd", "Trưởng Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh")
#: units whose vacancies stay for the demo's own unit leaders (lanhdao.snv, lanhdao.xa) to propose
KEEP_FOR_DEMO_LOGINS = ("snv", "xa-tien-du")
#: appointments run to the signed decision at scale 1 (fewer when the province has few vacancies)
APPOINTMENTS = 3
#: vacancies per appointment run: a small province keeps most of its vacancies for the demo users
VACANCIES_PER_APPOINTMENT = 20


@dataclass
class Appointment:
    process: object
    decision: object
    proposer: object
    candidates: list


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


def _head(unit):
    """The open tenure of the unit's head (its highest-ranked post, first seat), or ``None``."""
    from apps.cadres.models import Tenure

    return (
        Tenure.objects.open()
        .filter(position__unit=unit, position__is_active=True)
        .select_related("cadre", "position")
        .order_by("-position__rank", "position_id", "seat_number")
        .first()
    )


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


# --- one appointment through the flow ---------------------------------------------------------------------


def _step(process, node, actor, **data):
    """One step as its page runs it, through the step runner: under the flow's lock, refused to an actor without
    the step's permission, assigned if still free, started, the step's service, completed."""
    from workflows.common import runner

    return runner.run_step(runner.open_task(process, node), actor=actor, **data)


@cache
def _fonts():
    from apps.decisions.pdf import REGULAR, register_fonts

    register_fonts()
    return REGULAR


def minutes_pdf(name, lines):
    """A one-page PDF with `lines` (the minutes a clerk would scan and attach), as an uploaded file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = A4[1] - 72
    for index, line in enumerate(lines):
        page.setFont(font, 13 if index == 0 else 11)
        page.drawString(72, y, line)
        y -= 22 if index == 0 else 16
    page.showPage()
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _conference(process, title, counts, tallies, cadres, **extra):
    today = timezone.localdate()
    data = {
        "held_on": today,
        "convened": counts[0],
        "present": counts[1],
        "ballots_issued": counts[1],
        "ballots_returned": counts[1],
        "ballots_valid": counts[1],
        "head_decision": None,
        "dissent": "",
        **extra,
    }
    lines = [
        f"BIÊN BẢN — {title}",
        f"{process.unit.name}, ngày {today:%d/%m/%Y}",
        f"Chức vụ: {process.position.title}",
        f"Triệu tập: {counts[0]}; có mặt: {counts[1]}",
        *[f"{c.full_name}: {votes}" for c, votes in zip(cadres, tallies or [], strict=False)],
        *([f"Tán thành danh sách: {extra['list_votes_for']}"] if "list_votes_for" in extra else []),
    ]
    by_cadre = {c.pk: votes for c, votes in zip(cadres, tallies, strict=True)} if tallies else {}
    return data, by_cadre, lines


def appoint(*, position, cadres, proposer, board, leadership, rng):
    """Run one internal-source appointment of `cadres[0]` (with `cadres[1]` as the surplus candidate) to a seat
    of `position`, from the proposal to the signed decision."""
    from apps.cadres.models import Tenure
    from workflows.appointment import services
    from workflows.appointment.flows import AppointmentFlow as Flow
    from workflows.appointment.models import AppointmentCandidate, AppointmentProcess, PolicyDecision, Source
    from workflows.common import runner

    today = timezone.localdate()
    process = runner.start(
        Flow,
        actor=proposer,
        position=position,
        seats=1,
        source=Source.INTERNAL,
        job_needs=(
            f"Kiện toàn chức danh {position.title} còn khuyết; "
            "đáp ứng yêu cầu nhiệm vụ chính trị của đơn vị trong nhiệm kỳ."
        ),
        criteria=position.requirements
        or "Tiêu chuẩn theo Quy định 365-QĐ/TW và khung năng lực vị trí việc làm.",
    )
    process = AppointmentProcess.objects.select_related("unit", "position").get(pk=process.pk)

    def run(node, actor, **data):
        return _step(process, node, actor, **data)

    run(Flow.policy_review, board, decision=PolicyDecision.APPROVED, reason="")
    run(Flow.nominate, board, cadres=cadres)
    from .collectives import seed_leadership

    # the leadership collective's size is data (issue 9 point 10): the registry's membership on the day
    collective = seed_leadership(
        process.unit, rng.choice([5, 7, 9]), on=today, actor=board, exclude=[c.pk for c in cadres]
    )
    expanded = rng.randint(14, 24)
    key_officials = rng.randint(24, 40)
    first = collective - rng.randint(0, 1)
    plan = [
        (
            Flow.step1,
            0,
            (collective, collective),
            None,
            {"list_votes_for": first},
        ),
        (Flow.step2, 1, (expanded, expanded - 1), [expanded - 1 - 4, 4], {}),
        (Flow.step3, 2, (collective, collective), [collective - 2, 2], {}),
        (
            Flow.step4,
            3,
            (key_officials, key_officials - 2),
            [(key_officials - 5, 3), (key_officials // 3, key_officials - 2 - key_officials // 3)],
            {},
        ),
    ]
    specs = services.step_specs(process)

    def record(node, index, counts, tallies, extra):
        data, by_cadre, lines = _conference(
            process, str(specs[index].title), counts, tallies, cadres, **extra
        )
        stem = f"{process.pk}-buoc-{index + 1}"
        run(
            node,
            board,
            conference_data=data,
            tallies=by_cadre,
            minutes=minutes_pdf(f"bien-ban-{stem}.pdf", lines),
            count_minutes=minutes_pdf(f"kiem-phieu-{stem}.pdf", ["BIÊN BẢN KIỂM PHIẾU", *lines[1:]]),
        )

    for node, index, counts, tallies, extra in plan:
        record(node, index, counts, tallies, extra)
    years = process.params.achievement_years
    documents = {
        c.pk: {
            "years": years,
            # the dossier's documents (procedures §4 items 4–5): the self-assessment and the collective's evaluation
            "self_assessment": minutes_pdf(
                f"tu-danh-gia-{c.pk}.pdf", ["BẢN TỰ ĐÁNH GIÁ 3 NĂM", f"Ứng viên: {c.cadre.full_name}"]
            ),
            "evaluation": minutes_pdf(
                f"nhan-xet-{c.pk}.pdf",
                ["NHẬN XÉT, ĐÁNH GIÁ CỦA TẬP THỂ 3 NĂM", f"Ứng viên: {c.cadre.full_name}"],
            ),
        }
        for c in AppointmentCandidate.objects.filter(process=process).select_related("cadre")
    }
    run(Flow.verification, board, documents=documents)
    record(Flow.step5, 4, (collective, collective), [collective - 1, 1], {})
    winner = AppointmentCandidate.objects.get(process=process, cadre=cadres[0])
    run(
        Flow.draft_decision,
        board,
        candidate=winner,
        effective_from=today,
        term_end=None,
        grounds=(
            "Căn cứ Luật Cán bộ, công chức số 80/2025/QH15; Nghị định số 170/2025/NĐ-CP; "
            "Quy định số 377-QĐ/TW; xét đề nghị của Ban Tổ chức Tỉnh ủy"
        ),
    )
    head = _head(position.authority)  # the authority's head signs; name and title come from the registry
    assert head is not None, f"no office holder of {position.authority} to sign"
    run(Flow.sign_decision, leadership, signer=head.cadre, issued_on=today)
    decision = _appointment_decision(process, cadres[0])
    assert Tenure.objects.filter(pk=decision.tenure_id, cadre=cadres[0]).exists()
    return Appointment(process=process, decision=decision, proposer=proposer, candidates=cadres)


def _appointment_decision(process, cadre):
    """The signed appointment decision of `cadre` in `process`."""
    from apps.decisions.models import Decision

    return Decision.objects.get(process_id=process.pk, cadre=cadre, status=Decision.Status.SIGNED)


def demo_users():
    """(board, leadership) demo logins who act in the demo's procedures."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.get(username="bantochuc"), User.objects.get(username="thuongvu")
