"""Seed target (5) of the founding document: the members of the provincial standing committee have, in general,
held a key post at district level (Kết luận, mục 2 (5)). Measured with the 'have held an earlier post' metric
(migration 0003); the districts were dissolved on 1/7/2025, but their tenures are kept, so the experience counts.
"""

from decimal import Decimal

from django.db import migrations

SOURCE = "Kết luận của Ban Thường vụ Tỉnh ủy về công tác cán bộ giai đoạn 2021 - 2025, mục 2"
CODE = "standing-committee-district-experience"
FIELDS = {
    "order": 100,
    "name": "Ủy viên Ban Thường vụ Tỉnh ủy đã kinh qua chức vụ chủ chốt cấp huyện",
    "name_en": "Provincial standing committee members who have held a key district post",
    "metric": "held_post",
    "unit_level_codes": "province",
    "title_prefixes": "Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Tỉnh ủy, Phó Bí thư Tỉnh ủy",
    "prior_level_codes": "district",
    "prior_title_prefixes": "Bí thư, Phó Bí thư, Chủ tịch",
    "goal_min": Decimal("100"),
    "term": "2025-2030",
    "source": SOURCE,
    "source_text": "(5) Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy nói chung đã kinh qua chức vụ chủ chốt cấp huyện.",
    "note": (
        "[P] Văn bản ghi \"nói chung\", không nêu con số: mục tiêu mặc định là tất cả các thành viên (100%), "
        "Ban Tổ chức xác nhận."
    ),
}


def seed(apps, schema_editor):
    apps.get_model("targets", "Target").objects.update_or_create(code=CODE, defaults=FIELDS)


def unseed(apps, schema_editor):
    apps.get_model("targets", "Target").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_target_held_post")]

    operations = [migrations.RunPython(seed, unseed)]
