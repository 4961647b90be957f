"""The in-memory plan of the demo province: deterministic, and of the size the brief asks for at scale 1."""

from collections import Counter
from datetime import date

from apps.demo.seeding import build_plan

SCALE = 0.05


# --- the plan (no database) --------------------------------------------------------------------------------


def _fingerprint(plan):
    return [(p.obj.code, p.obj.full_name, p.obj.birth_date, p.obj.home_commune) for p in plan.people] + [
        (t.cadre.code, t.position.title, t.seat_number, t.start_date, t.ended_on) for t in plan.tenures
    ]


def test_the_same_seed_gives_the_same_province():
    day = date(2026, 11, 27)
    first = build_plan(seed=7, scale=SCALE, today=day, province_name="Bắc Ninh")
    again = build_plan(seed=7, scale=SCALE, today=day, province_name="Bắc Ninh")
    other = build_plan(seed=8, scale=SCALE, today=day, province_name="Bắc Ninh")
    assert _fingerprint(first) == _fingerprint(again)
    assert _fingerprint(first) != _fingerprint(other)


def test_the_full_province_has_the_size_the_brief_asks_for():
    plan = build_plan(scale=1.0, today=date(2026, 11, 27), province_name="Bắc Ninh")
    levels = Counter(unit.level for unit in plan.units)
    assert 24 <= levels["department"] <= 30
    assert 24 <= levels["commune"] <= 40
    assert 3 <= levels["district"] <= 8
    assert 550 <= sum(post.obj.is_active for post in plan.posts) <= 650
    assert len(plan.active_people()) >= 3000
