"""factory_boy factories for the registry. Vietnamese names via Faker's vi_VN locale."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import User
from apps.cadres import models as cadres
from apps.organisation.models import OrgUnit, Position, UnitLevel


class UnitLevelFactory(DjangoModelFactory):
    class Meta:
        model = UnitLevel
        django_get_or_create = ("code",)

    code = "province"
    name = "Cấp tỉnh"
    order = 0


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"u{n}")
    name = factory.Sequence(lambda n: f"Sở {n}")
    level = factory.SubFactory(UnitLevelFactory, code="department", name="Sở, ban, ngành", order=1)
    province_name = "Bắc Ninh"


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(OrgUnitFactory)
    authority = factory.LazyAttribute(lambda o: o.unit.parent or o.unit)
    title = factory.Sequence(lambda n: f"Phó Giám đốc {n}")
    rank = 3
    seats = 1
    term_years = 5
    job_description = "Phụ trách lĩnh vực tổ chức cán bộ"


class CadreFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Cadre

    code = factory.Sequence(lambda n: f"CB{n:06d}")
    full_name = factory.Faker("name", locale="vi_VN")
    birth_date = date(1980, 5, 17)
    gender = cadres.Gender.MALE
    home_province = "Bắc Ninh"
    current_unit = factory.SubFactory(OrgUnitFactory)


class TenureFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Tenure

    cadre = factory.SubFactory(CadreFactory)
    position = factory.SubFactory(PositionFactory)
    seat_number = 1
    start_date = date(2022, 1, 1)
    term_end = date(2027, 1, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@cadreflow.test")
    password = factory.django.Password("matkhau-123")


class PlanningEntryFactory(DjangoModelFactory):
    class Meta:
        model = cadres.PlanningEntry

    cadre = factory.SubFactory(CadreFactory)
    position = factory.SubFactory(PositionFactory)
    term = "2025-2030"
    approved_on = date(2024, 6, 1)


class PoliticalConclusionFactory(DjangoModelFactory):
    class Meta:
        model = cadres.PoliticalConclusion

    cadre = factory.SubFactory(CadreFactory)
    status = cadres.PoliticalConclusion.Status.CONCLUDED
    result = cadres.PoliticalConclusion.Result.MEETS
    issuer = "Ban Thường vụ Tỉnh ủy"
    concluded_on = factory.LazyFunction(date.today)


class DisciplineFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Discipline

    cadre = factory.SubFactory(CadreFactory)
    kind = cadres.Discipline.Kind.REPRIMAND
    decided_on = date(2024, 1, 10)
    effective_from = date(2024, 1, 15)


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Evaluation

    cadre = factory.SubFactory(CadreFactory)
    year = 2024
    rating = cadres.Evaluation.Rating.GOOD


class AchievementFactory(DjangoModelFactory):
    class Meta:
        model = cadres.Achievement

    cadre = factory.SubFactory(CadreFactory)
    title = factory.Sequence(lambda n: f"Sáng kiến {n}")
    achieved_on = date(2024, 3, 1)


class AssetDeclarationFactory(DjangoModelFactory):
    class Meta:
        model = cadres.AssetDeclaration

    cadre = factory.SubFactory(CadreFactory)
    year = 2024
    declared_on = date(2024, 12, 20)


class TargetFactory(DjangoModelFactory):
    """A target of apps.targets: share of women among the holders of rank-5+ posts, goal 10–15%."""

    class Meta:
        model = "targets.Target"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"target-{n}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    name_en = factory.Sequence(lambda n: f"Target {n}")
    metric = "female"
    min_rank = 5
    goal_min = 10
    goal_max = 15
    source = "Kết luận của Ban Thường vụ Tỉnh ủy, mục 2"
