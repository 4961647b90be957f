"""Seed the founding document's targets for the 2025–2030 term (Kết luận của Ban Thường vụ Tỉnh ủy, mục 2).

Target (1) asks for "the Centre's ratio" (tỷ lệ theo quy định của Trung ương) without a figure: the goals seeded
here are parameters with stated defaults, marked [P] in their note, for the organisation board to confirm in the
admin. Target (5) (standing committee members have held a key district post) needs career history and is not
seeded as a measurable target yet. Populations follow the registry's data (levels, kinds, titles, ranks) and can
be corrected in the admin; the districts were dissolved on 1/7/2025, so the district targets measure old records.
Never edit this migration: change targets in the admin (with history) or in a new data migration.
"""

from decimal import Decimal

from django.db import migrations

SOURCE = "Kết luận của Ban Thường vụ Tỉnh ủy về công tác cán bộ giai đoạn 2021 - 2025, mục 2"
COMMITTEE_TITLES = (
    "Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Ủy viên Ban Chấp hành, Chủ tịch Hội đồng nhân dân, "
    "Phó Chủ tịch Hội đồng nhân dân, Đại biểu Hội đồng nhân dân"
)
KEY_TITLES = "Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Chủ tịch, Phó Chủ tịch"
TEXT_1 = (
    "(1) Tỷ lệ cán bộ nữ, cán bộ trẻ (dưới 40 tuổi) tham gia cấp ủy, HĐND các cấp: Phấn đấu đạt tỷ lệ theo "
    "quy định của Trung ương."
)
TEXT_2 = "(2) Trong ban thường vụ cấp ủy, các chức danh chủ chốt cấp tỉnh, cấp huyện có cán bộ trẻ, cán bộ nữ."
TEXT_3 = (
    "(3) Hoàn thành việc bố trí bí thư huyện ủy, thành ủy không phải là người địa phương; đồng thời, phấn đấu bố "
    "trí ở các huyện, thành phố có 01 trong các chức danh: Phó bí thư thường trực cấp ủy, chủ tịch, phó chủ tịch "
    "UBND không phải là người địa phương khi có điều kiện"
)
TEXT_4 = (
    "(4) Phấn đấu có khoảng 10-15% cán bộ lãnh đạo sở, ngành tỉnh dưới 40 tuổi; có khoảng 10-15% cán bộ lãnh đạo "
    "phòng, ban cấp huyện dưới 40 tuổi."
)
TEXT_4C = (
    "Phấn đấu khoảng 30% cán bộ lãnh đạo các sở, ngành tỉnh, cán bộ chủ chốt cấp huyện sử dụng được ngoại ngữ "
    "trong giao tiếp thông thường."
)
P_CENTRE = (
    "[P] Văn bản ghi \"theo quy định của Trung ương\", không nêu con số. Mặc định {default}; Ban Tổ chức đối chiếu "
    "với quy định hiện hành của Trung ương và sửa mục tiêu tại đây."
)

TARGETS = [
    {
        "code": "committee-women",
        "order": 10,
        "name": "Tỷ lệ cán bộ nữ tham gia cấp ủy, HĐND các cấp",
        "name_en": "Share of women in party committees and People's Councils",
        "metric": "female",
        "title_prefixes": COMMITTEE_TITLES,
        "unit_kinds": "party, state",
        "goal_min": Decimal("15"),
        "source_text": TEXT_1,
        "note": P_CENTRE.format(default="≥ 15%"),
    },
    {
        "code": "committee-young",
        "order": 20,
        "name": "Tỷ lệ cán bộ trẻ (dưới 40 tuổi) tham gia cấp ủy, HĐND các cấp",
        "name_en": "Share of young cadres (under 40) in party committees and People's Councils",
        "metric": "under_age",
        "title_prefixes": COMMITTEE_TITLES,
        "unit_kinds": "party, state",
        "goal_min": Decimal("10"),
        "source_text": TEXT_1,
        "note": P_CENTRE.format(default="≥ 10%"),
    },
    {
        "code": "key-posts-young",
        "order": 30,
        "name": "Ban thường vụ, chức danh chủ chốt cấp tỉnh, cấp huyện có cán bộ trẻ",
        "name_en": "Young cadres among standing committees and key posts of the province and districts",
        "metric": "under_age",
        "unit_level_codes": "province, district",
        "title_prefixes": KEY_TITLES,
        "unit_kinds": "party, state",
        "goal_min_count": 1,
        "source_text": TEXT_2,
    },
    {
        "code": "key-posts-women",
        "order": 40,
        "name": "Ban thường vụ, chức danh chủ chốt cấp tỉnh, cấp huyện có cán bộ nữ",
        "name_en": "Women among standing committees and key posts of the province and districts",
        "metric": "female",
        "unit_level_codes": "province, district",
        "title_prefixes": KEY_TITLES,
        "unit_kinds": "party, state",
        "goal_min_count": 1,
        "source_text": TEXT_2,
    },
    {
        "code": "district-secretary-non-local",
        "order": 50,
        "name": "Bí thư huyện ủy, thành ủy không phải là người địa phương",
        "name_en": "District and city party secretaries who are not local",
        "metric": "non_local",
        "unit_level_codes": "district",
        "title_prefixes": "Bí thư",
        "goal_min": Decimal("100"),
        "source_text": TEXT_3,
    },
    {
        "code": "district-key-non-local",
        "order": 60,
        "name": "Huyện, thành phố có 01 trong các chức danh chủ chốt không phải là người địa phương",
        "name_en": "Districts with one of the key posts held by a non-local cadre",
        "metric": "non_local",
        "aggregation": "units",
        "unit_level_codes": "district",
        "title_prefixes": "Phó Bí thư, Chủ tịch Ủy ban nhân dân, Phó Chủ tịch Ủy ban nhân dân",
        "goal_min": Decimal("100"),
        "source_text": TEXT_3,
        "note": "Văn bản ghi \"khi có điều kiện\": mục tiêu là tất cả các huyện, hiểu là định hướng phấn đấu.",
    },
    {
        "code": "department-leaders-young",
        "order": 70,
        "name": "Cán bộ lãnh đạo sở, ngành tỉnh dưới 40 tuổi",
        "name_en": "Provincial department and sector leaders under 40",
        "metric": "under_age",
        "unit_level_codes": "department",
        "min_rank": 5,
        "goal_min": Decimal("10"),
        "goal_max": Decimal("15"),
        "source_text": TEXT_4,
        "note": "Cán bộ lãnh đạo: cấp trưởng và cấp phó (bậc 5 trở lên trong danh mục chức vụ).",
    },
    {
        "code": "district-office-leaders-young",
        "order": 80,
        "name": "Cán bộ lãnh đạo phòng, ban cấp huyện dưới 40 tuổi",
        "name_en": "District office leaders under 40",
        "metric": "under_age",
        "unit_level_codes": "district",
        "title_prefixes": "Trưởng, Phó Trưởng, Chánh, Phó Chánh",
        "goal_min": Decimal("10"),
        "goal_max": Decimal("15"),
        "source_text": TEXT_4,
    },
    {
        "code": "leaders-foreign-language",
        "order": 90,
        "name": "Lãnh đạo sở, ngành tỉnh, cán bộ chủ chốt cấp huyện sử dụng được ngoại ngữ trong giao tiếp thông thường",
        "name_en": "Department leaders and key district cadres using a foreign language in everyday communication",
        "metric": "foreign_language",
        "language_min_level": "B1",
        "unit_level_codes": "department, district",
        "min_rank": 5,
        "goal_min": Decimal("30"),
        "source_text": TEXT_4C,
        "note": (
            "[P] \"Sử dụng được ngoại ngữ trong giao tiếp thông thường\" được hiểu là trình độ B1 (bậc 3/6) trở lên; "
            "trình độ này là tham số của mục tiêu."
        ),
    },
]


def seed(apps, schema_editor):
    Target = apps.get_model("targets", "Target")
    for spec in TARGETS:
        code = spec["code"]
        fields = {"term": "2025-2030", "source": SOURCE, **{k: v for k, v in spec.items() if k != "code"}}
        Target.objects.update_or_create(code=code, defaults=fields)


def unseed(apps, schema_editor):
    Target = apps.get_model("targets", "Target")
    Target.objects.filter(code__in=[spec["code"] for spec in TARGETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
