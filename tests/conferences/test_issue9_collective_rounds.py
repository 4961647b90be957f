"""Issue 9 point 10 beyond the appointment's collective steps: the nomination rounds of the standing and the
executive committee and the external source's step 2 (the leadership collective where the candidate works) take
those convened from the registry — rule tests on the step lists and service tests on ``record_conference``."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEntry
from apps.conferences import steps
from apps.conferences.models import CollectiveKind, Conference
from apps.conferences.services import record_conference
from apps.core.rules import RuleViolation
from apps.rulesets.selectors import rule_set_for
from tests.collectives import seed_collective
from tests.factories import CadreFactory

HELD = date(2026, 11, 20)


def _params(overrides=None):
    from types import SimpleNamespace

    values = {"nomination_runoff_top_two": True, "step_overrides": overrides or {}}
    return SimpleNamespace(get=lambda key, default=None: values.get(key, default))


def test_the_nomination_rounds_of_a_collective_count_its_registry_membership():
    kinds = {spec.code: (spec.collective, spec.collective_of) for spec in steps.nomination_steps(_params())}
    assert kinds == {
        "nomination_1_standing": ("standing_committee", "unit"),
        "nomination_2_key_officials": ("", "unit"),  # a conference without a standing membership: typed
        "nomination_3_executive": ("party_committee", "unit"),
        "nomination_4_standing": ("standing_committee", "unit"),
        "nomination_5_executive": ("party_committee", "unit"),
    }
    assert {spec.denominator for spec in steps.nomination_steps(_params())} == {"convened"}


def test_external_step_2_convenes_the_leadership_where_the_candidate_works():
    spec = steps.step_by_code("external_2_origin", _params())
    assert (spec.collective, spec.collective_of, spec.denominator) == ("leadership", "candidate", "convened")
    # an operator may still correct it through the rule set (procedures §14b), but only to a known value
    typed = steps.step_by_code("external_2_origin", _params({"external_2_origin": {"collective": ""}}))
    assert typed.collective == ""
    with pytest.raises(RuleViolation) as exc:
        steps.step_by_code("external_2_origin", _params({"external_2_origin": {"collective_of": "anyone"}}))
    assert exc.value.rule_code == "bad_step_override"


# --- services ----------------------------------------------------------------------------------------------------


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 bien ban", content_type="application/pdf")


@pytest.fixture
def record(db, _media, unit_a, admin_user):
    rule_set = rule_set_for()
    params = rule_set.resolve()

    def call(step_code, cadres, tallies, **changes):
        kwargs = dict(
            process=None,
            unit=unit_a,
            spec=steps.step_by_code(step_code, params),
            params=params,
            rule_set=rule_set,
            candidates=cadres,
            seats=1,
            held_on=HELD,
            convened=None,
            present=10,
            ballots_issued=10,
            ballots_returned=10,
            ballots_valid=10,
            tallies=tallies,
            minutes=pdf("bien-ban.pdf"),
            count_minutes=pdf("kiem-phieu.pdf"),
            actor=admin_user,
        )
        kwargs.update(changes)
        return record_conference(**kwargs)

    return call


def test_a_standing_committee_round_counts_the_registry_and_a_typed_figure_needs_a_reason(record, unit_a):
    committee = seed_collective(unit_a, 11, kind=CollectiveKind.STANDING_COMMITTEE, on=HELD)
    seed_collective(unit_a, 7, on=HELD)  # the leadership collective is not the one this round convenes
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    conference = record("nomination_1_standing", cadres, {cadres[0].pk: 6, cadres[1].pk: 4})
    assert (conference.convened, conference.registry_members, conference.collective) == (11, 11, committee)
    assert conference.denominator_value == 11 and conference.convened_members.count() == 11
    # 10 typed for a committee of 11: refused without the reason, nothing written
    before = (Conference.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuleViolation) as exc:
        record("nomination_1_standing", cadres, {cadres[0].pk: 6, cadres[1].pk: 4}, convened=10)
    assert exc.value.rule_code == "collective_size_differs"
    assert (Conference.objects.count(), AuditEntry.objects.count()) == before
    reason = "Một ủy viên ban thường vụ đã chuyển công tác"
    conference = record(
        "nomination_1_standing", cadres, {cadres[0].pk: 6, cadres[1].pk: 4}, convened=10, size_reason=reason
    )
    assert (conference.convened, conference.denominator_value, conference.size_reason) == (10, 10, reason)
    entry = AuditEntry.objects.get(
        action="conference.collective_size_overridden", object_id=str(conference.pk)
    )
    assert entry.data["registry_members"] == 11 and entry.data["entered"] == {"convened": 10}


def test_an_executive_committee_round_without_its_committee_in_the_registry_is_refused(record, unit_a):
    seed_collective(unit_a, 11, kind=CollectiveKind.STANDING_COMMITTEE, on=HELD)
    cadres = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    with pytest.raises(RuleViolation) as exc:
        record("nomination_3_executive", cadres, {cadres[0].pk: 6, cadres[1].pk: 4}, convened=10)
    assert exc.value.rule_code == "collective_not_recorded"
    assert not Conference.objects.exists()


def test_external_step_2_counts_the_leadership_of_the_candidates_unit(record, unit_a, unit_b):
    seed_collective(unit_a, 7, on=HELD)
    origin = seed_collective(unit_b, 12, on=HELD)
    person = CadreFactory(current_unit=unit_b)
    conference = record("external_2_origin", [person], {person.pk: (9, 1)})
    assert (conference.collective, conference.convened, conference.denominator_value) == (origin, 12, 12)
    with pytest.raises(RuleViolation) as exc:
        record("external_2_origin", [person], {person.pk: (9, 1)}, convened=10)
    assert exc.value.rule_code == "collective_size_differs"


def test_external_step_2_refuses_candidates_of_several_units(record, unit_a, unit_b):
    seed_collective(unit_a, 7, on=HELD)
    seed_collective(unit_b, 7, on=HELD)
    one, other = CadreFactory(current_unit=unit_a), CadreFactory(current_unit=unit_b)
    with pytest.raises(RuleViolation) as exc:
        record("external_2_origin", [one, other], {one.pk: (6, 4), other.pk: (5, 5)})
    assert exc.value.rule_code == "origin_unit_unclear"
    assert not Conference.objects.exists()
