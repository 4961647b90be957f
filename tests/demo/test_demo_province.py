"""The demo province seeded by ``seed_demo`` (at ``--scale 0.05``): its shape, its logins, and the invariants
the registry rules demand — no over-filled seat, no overlapping tenures, planning limits, R2 before planning.

All tests read one seeded database (``conftest.demo``), rolled back after the module.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from apps.accounts import permissions
from apps.accounts.models import Role, RoleAssignment
from apps.cadres import rules
from apps.cadres.models import Cadre, Discipline, PlanningEntry, PoliticalConclusion, Tenure
from apps.decisions.models import Decision
from apps.demo.reference import names
from apps.demo.seeding import DEFAULT_PASSWORD, rule_params
from apps.demo.seeding.context import add_months
from apps.demo.seeding.logins import DEMO_LOGINS, PROVINCE
from apps.demo.seeding.summary import political_status
from apps.organisation.models import OrgUnit, Position, UnitLevel

pytestmark = pytest.mark.django_db

REFORM_DAY = date(2025, 7, 1)


@pytest.fixture
def params(demo):
    return rule_params(demo.province, demo.seeded_on)


def active_cadres():
    return Cadre.objects.filter(employment_status=Cadre.EmploymentStatus.ACTIVE)


# --- the province -----------------------------------------------------------------------------------------


def test_it_builds_a_province_on_the_two_level_model(demo):
    levels = {level.code: level for level in UnitLevel.objects.all()}
    assert set(levels) == {"province", "department", "commune", "district"}
    assert not levels["district"].is_current
    assert all(levels[code].is_current for code in ("province", "department", "commune"))
    province = demo.province
    assert province.parent is None and province.level.code == "province"
    assert province.name == "Tỉnh Bắc Ninh"
    bodies = OrgUnit.objects.filter(code__in=["tu", "btv", "btc", "ubkt", "ubnd", "hdnd", "mttq"])
    assert bodies.count() == 7
    assert all(unit.path.startswith(province.path) for unit in bodies)
    communes = OrgUnit.objects.filter(level__code="commune")
    assert communes.count() >= 3
    assert all(unit.commune_name and unit.is_active for unit in communes)


def test_dissolved_districts_are_kept_with_a_commune_as_successor(demo):
    districts = OrgUnit.objects.filter(level__code="district").select_related("successor__level")
    assert districts.count() >= 2
    for district in districts:
        assert not district.is_active
        assert district.dissolved_on == REFORM_DAY
        assert district.successor.level.code == "commune" and district.successor.is_active
    old_posts = Position.objects.filter(unit__in=districts)
    assert old_posts.exists() and not old_posts.filter(is_active=True).exists()
    old_tenures = Tenure.objects.filter(position__in=old_posts)
    assert old_tenures.exists()
    assert set(old_tenures.values_list("ended_on", flat=True)) == {REFORM_DAY - timedelta(days=1)}


def test_every_active_position_has_a_job_an_authority_and_a_term(demo, params):
    positions = Position.objects.filter(is_active=True).select_related("unit", "authority")
    assert positions.count() > 50
    for position in positions:
        assert position.job_description and position.requirements
        assert position.authority.path.startswith(demo.province.path)
        assert position.term_years == params.term_years
    secretaries = positions.filter(title__startswith="Bí thư Đảng ủy")
    assert secretaries.exists() and all(p.requires_non_local for p in secretaries)
    assert Position.objects.get(title="Giám đốc Sở Nội vụ").authority.code == "btv"
    assert Position.objects.get(title="Phó Giám đốc Sở Nội vụ").authority.code == "ubnd"


def test_the_history_rows_name_the_admin_as_author(demo):
    admin = get_user_model().objects.get(username="admin")
    assert Cadre.history.count() == Cadre.objects.count()
    assert Tenure.history.count() == Tenure.objects.count()
    assert set(Cadre.history.values_list("history_user", flat=True)) == {admin.pk}
    assert set(OrgUnit.history.values_list("history_user", flat=True)) == {admin.pk}


# --- logins ----------------------------------------------------------------------------------------------


def test_every_demo_login_exists_with_its_role_and_scope(demo):
    User = get_user_model()
    users = {
        user.username: user for user in User.objects.filter(username__in=[x.username for x in DEMO_LOGINS])
    }
    assert len(users) == len(DEMO_LOGINS)
    # one shared password, hashed once (a hash costs most of a second): checking one account checks all
    assert len({user.password for user in users.values()}) == 1
    assert users["lanhdao.snv"].check_password(DEFAULT_PASSWORD)
    for login in DEMO_LOGINS:
        user = users[login.username]
        if login.role is None:
            assert user.is_superuser and user.is_staff
            continue
        assert not user.is_superuser
        unit = demo.province if login.unit == PROVINCE else OrgUnit.objects.get(code=login.unit)
        assignment = RoleAssignment.objects.active().get(user=user)
        assert (assignment.role, assignment.unit, assignment.include_descendants) == (login.role, unit, True)
        if login.post:
            holder = Tenure.objects.open().get(
                position__unit__code=login.post[0], position__title=login.post[1], seat_number=1
            )
            assert user.cadre == holder.cadre


def test_unit_leaders_act_only_in_their_unit_and_province_roles_everywhere(demo):
    User = get_user_model()
    snv = Position.objects.filter(unit__code="snv").first()
    stc = Position.objects.filter(unit__code="stc").first()
    commune = Position.objects.get(title="Chủ tịch Ủy ban nhân dân xã Tiên Du")
    other_commune = Position.objects.filter(unit__level__code="commune").exclude(unit=commune.unit).first()
    leader_snv, leader_xa = User.objects.get(username="lanhdao.snv"), User.objects.get(username="lanhdao.xa")
    assert permissions.can(leader_snv, "start_procedure", snv)
    assert not permissions.can(leader_snv, "start_procedure", stc)
    assert not permissions.can(leader_snv, "view", commune)
    assert permissions.can(leader_xa, "start_procedure", commune)
    assert not permissions.can(leader_xa, "view", other_commune)
    assert not permissions.can(leader_xa, "view", snv)
    for username, action in (
        ("bantochuc", "review"),
        ("thuongvu", "decide"),
        ("baoveCT", "conclude_political_standard"),
        ("kiemtra", "inspect"),
    ):
        user = User.objects.get(username=username)
        assert all(permissions.can(user, action, position) for position in (snv, stc, commune, other_commune))
        assert not permissions.can(user, "start_procedure", snv)
    front = User.objects.get(username="mttq")
    assert permissions.has_role(front, Role.FRONT)
    assert front.has_perm("organisation.act_front", other_commune.unit)
    assert not permissions.can(front, "view", snv)


# --- vacancies, due terms, conclusions ------------------------------------------------------------------


def test_some_seats_are_vacant_and_some_terms_end_within_90_days(demo):
    vacant = Position.objects.filter(is_active=True).with_vacancies().filter(vacancies__gt=0)
    assert vacant.count() >= 3
    assert Tenure.objects.filter(position__in=vacant, ended_on__isnull=False).exists()
    today = demo.seeded_on
    due = Tenure.objects.open().filter(term_end__gte=today, term_end__lte=today + timedelta(days=90))
    assert due.count() >= 2
    assert not due.filter(position__is_elected=True).exists()
    assert not Tenure.objects.open().filter(term_end__lt=today).exists()


def test_most_conclusions_are_positive_and_some_are_missing_pending_or_expired(demo, params):
    validity = params.political_conclusion_validity_months
    cutoff = add_months(demo.seeded_on, -validity) if validity is not None else None
    cadres = list(active_cadres().values_list("pk", flat=True))
    rows = PoliticalConclusion.objects.filter(cadre__in=cadres).values_list(
        "cadre_id", "status", "result", "concluded_on"
    )
    statuses = political_status(rows, cutoff)
    counts = Counter(statuses.values())
    counts["missing"] = len(cadres) - len(statuses)
    assert counts["positive"] > len(cadres) / 2
    assert counts["missing"] > 0 and counts["pending"] > 0
    if cutoff is not None:
        assert counts["expired"] > 0


def test_planned_cadres_were_concluded_positive_before_their_planning(demo):
    """R2: no planning entry without a concluded, positive political-standard conclusion."""
    entries = PlanningEntry.objects.select_related("cadre")
    assert entries.exists()
    for entry in entries:
        assert PoliticalConclusion.objects.filter(
            cadre=entry.cadre,
            status=PoliticalConclusion.Status.CONCLUDED,
            result=PoliticalConclusion.Result.MEETS,
            concluded_on__lte=entry.approved_on,
        ).exists(), entry


def test_some_cadres_are_under_review_or_within_a_discipline_period(demo):
    today = demo.seeded_on
    assert Discipline.objects.filter(status=Discipline.Status.UNDER_REVIEW).exists()
    assert Discipline.objects.filter(
        status=Discipline.Status.DECIDED, effective_from__lte=today, effective_to__gte=today
    ).exists()


# --- invariants ------------------------------------------------------------------------------------------


def test_no_seat_is_over_filled_and_no_tenures_overlap(demo):
    positions = {p.pk: p for p in Position.objects.all()}
    open_per_position = Counter(Tenure.objects.open().values_list("position_id", flat=True))
    for position_id, occupied in open_per_position.items():
        rules.require_free_seats(occupied - 1, positions[position_id].seats)  # raises when over-filled
    for tenure in Tenure.objects.select_related("position"):
        rules.validate_tenure(tenure)  # seat exists, in order, no overlap on its seat
    by_cadre = defaultdict(list)
    for cadre_id, start, end in Tenure.objects.values_list("cadre_id", "start_date", "ended_on"):
        by_cadre[cadre_id].append((start, end))
    for periods in by_cadre.values():  # nobody holds two posts at once
        for index, (start, end) in enumerate(periods):
            rules.require_no_overlap(start, end, periods[:index] + periods[index + 1 :])


def test_planning_stays_within_the_rule_set_limits(demo, params):
    entries = list(PlanningEntry.objects.values_list("position_id", "cadre_id"))
    assert max(Counter(p for p, _ in entries).values()) <= params.planning_max_per_post
    assert max(Counter(c for _, c in entries).values()) <= params.planning_max_posts_per_person
    # the seeded careers: a cadre appointed by one of the demo's procedures keeps the planning that made them
    # eligible until the yearly review removes it
    appointed = Decision.objects.filter(status=Decision.Status.SIGNED).values("tenure_id")
    ranks = dict(Tenure.objects.open().exclude(pk__in=appointed).values_list("cadre_id", "position__rank"))
    for entry in PlanningEntry.objects.select_related("position"):
        assert entry.position.rank > ranks.get(entry.cadre_id, 0)
        assert entry.approved_on <= demo.seeded_on


def test_registry_records_pass_the_registry_rules(demo):
    for discipline in Discipline.objects.all():
        rules.validate_discipline(discipline)
    for conclusion in PoliticalConclusion.objects.all():
        rules.validate_political_conclusion(conclusion)
    for cadre in Cadre.objects.all():
        rules.require_birth_date_not_in_future(cadre.birth_date)


# --- people ----------------------------------------------------------------------------------------------


def test_active_cadres_are_25_to_60_with_a_believable_mix(demo):
    today = demo.seeded_on
    cadres = list(active_cadres())
    ages = [cadre.age_on(today) for cadre in cadres]
    assert min(ages) >= 25 and max(ages) <= 60
    women = sum(c.is_female for c in cadres) / len(cadres)
    assert 0.2 <= women <= 0.45
    assert any(age < 40 for age in ages)
    assert any(c.is_ethnic_minority for c in cadres)
    assert any(c.home_province != "Bắc Ninh" for c in cadres)


def test_names_are_vietnamese_and_match_the_gender(demo):
    family = set(names.KINH_FAMILY_NAMES) | {n for pool in names.MINORITY_FAMILY_NAMES.values() for n in pool}
    given = {
        g: set(pool[0] + pool[1])
        for g, pool in (("male", names.MALE_GIVEN_NAMES), ("female", names.FEMALE_GIVEN_NAMES))
    }
    for cadre in Cadre.objects.all():
        parts = cadre.full_name.split()
        assert len(parts) >= 3 and parts[0] in family
        assert parts[-1] in given[cadre.gender], cadre.full_name
        assert ("Thị" in parts[1:-1]) <= (cadre.gender == "female")
        assert ("Văn" in parts[1:-1]) <= (cadre.gender == "male")
