"""The founding document's targets are seeded by migration 0002; operators edit them in the admin with history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.targets.models import Target

SEEDED = {
    # code: (metric, aggregation, goal_min, goal_max, goal_min_count)
    "committee-women": ("female", "holders", Decimal(15), None, None),
    "committee-young": ("under_age", "holders", Decimal(10), None, None),
    "key-posts-young": ("under_age", "holders", None, None, 1),
    "key-posts-women": ("female", "holders", None, None, 1),
    "district-secretary-non-local": ("non_local", "holders", Decimal(100), None, None),
    "district-key-non-local": ("non_local", "units", Decimal(100), None, None),
    "department-leaders-young": ("under_age", "holders", Decimal(10), Decimal(15), None),
    "district-office-leaders-young": ("under_age", "holders", Decimal(10), Decimal(15), None),
    "leaders-foreign-language": ("foreign_language", "holders", Decimal(30), None, None),
    "standing-committee-district-experience": ("held_post", "holders", Decimal(100), None, None),
}


def test_the_founding_documents_targets_are_seeded(db):
    seeded = {
        t.code: (t.metric, t.aggregation, t.goal_min, t.goal_max, t.goal_min_count)
        for t in Target.objects.filter(term="2025-2030")
    }
    assert seeded == SEEDED
    assert set(Target.objects.filter(age_limit=40).values_list("code", flat=True)) >= set(SEEDED)
    assert Target.objects.get(code="leaders-foreign-language").language_min_level == "B1"


def test_the_centres_ratio_and_the_language_level_are_marked_as_parameters(db):
    marked = set(Target.objects.filter(note__startswith="[P]").values_list("code", flat=True))
    assert marked == {
        "committee-women",
        "committee-young",
        "leaders-foreign-language",
        "standing-committee-district-experience",
    }


def test_an_operator_edits_a_target_in_the_admin_with_history(admin_user, client_for):
    client = client_for(admin_user)
    target = Target.objects.get(code="committee-women")
    url = reverse("admin:targets_target_change", args=[target.pk])
    assert client.get(reverse("admin:targets_target_changelist")).status_code == 200
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "positions"}
    data.update(goal_min="20", note=target.note, positions=[])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.goal_min == Decimal(20)
    assert target.history.count() == 1
    assert target.history.first().history_user == admin_user
    assert client.get(reverse("admin:targets_target_history", args=[target.pk])).status_code == 200
    assert client.post(reverse("admin:targets_target_delete", args=[target.pk])).status_code == 403


def test_a_goal_range_upside_down_is_refused(db):
    target = Target.objects.get(code="department-leaders-young")
    target.goal_max = Decimal(5)
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert "goal_max" in caught.value.message_dict


def test_the_name_follows_the_language(db):
    from django.utils import translation

    target = Target.objects.get(code="department-leaders-young")
    with translation.override("en"):
        assert target.display_name == target.name_en
    with translation.override("vi"):
        assert target.display_name == target.name
    assert target.goal_display() == "10–15%"
