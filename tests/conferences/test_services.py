"""record_conference: every rule before any write; nothing written when one fails; tallies, results, audit."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.audit.models import AuditEntry
from apps.conferences.models import Conference, ConferenceCandidate
from apps.conferences.services import record_conference
from apps.conferences.steps import step_by_code
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory

HELD = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 minutes", content_type="application/pdf")


@pytest.fixture
def rule_set(db):
    return rule_set_for()


@pytest.fixture
def params(rule_set):
    params = rule_set.resolve()
    assert params.surplus_required  # the local layer: every consultation has a surplus
    return params


@pytest.fixture
def cadres(unit_a):
    return [
        CadreFactory(current_unit=unit_a, full_name=n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Cường")
    ]


@pytest.fixture
def record(unit_a, admin_user, rule_set, params, cadres):
    """``record(step_code, **changes)``: a valid step-2 conference unless changed."""

    def call(step_code="internal_2_expanded", **changes):
        kwargs = dict(
            process=None,
            unit=unit_a,
            spec=step_by_code(step_code, changes.get("params", params)),
            params=params,
            rule_set=rule_set,
            candidates=cadres,
            seats=1,
            held_on=HELD,
            convened=15,
            present=12,
            ballots_issued=12,
            ballots_returned=12,
            ballots_valid=11,
            tallies={cadres[0].pk: 8, cadres[1].pk: 2, cadres[2].pk: 1},
            minutes=pdf("bien-ban.pdf"),
            count_minutes=pdf("kiem-phieu.pdf"),
            actor=admin_user,
        )
        kwargs.update(changes)
        return record_conference(**kwargs)

    return call


@pytest.fixture
def registry(unit_a):
    """``registry(n)``: unit A's leadership collective has `n` members on the conference date (issue 9 point 10:
    a collective's size is data)."""
    from tests.collectives import seed_collective

    return lambda size: seed_collective(unit_a, size, on=HELD)


def nothing_written(media_root, audit_before):
    files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    return (
        Conference.objects.count() == 0
        and ConferenceCandidate.objects.count() == 0
        and Conference.history.count() == 0
        and ConferenceCandidate.history.count() == 0
        and AuditEntry.objects.count() == audit_before
        and not files
    )


def test_a_nomination_ballot_is_recorded_with_its_tallies_results_and_documents(record, cadres):
    conference = record()
    assert conference.outcome == Conference.Outcome.PASSED
    assert (conference.denominator_kind, conference.denominator_value) == ("convened", 15)
    assert (conference.quorum_fraction, conference.pass_fraction) == ("2/3", "1/2")
    assert not conference.announce_result  # step 2 is not announced (H5)
    rows = {row.cadre_id: row for row in conference.candidates.all()}
    assert rows[cadres[0].pk].result == "selected"
    assert rows[cadres[0].pk].share == Decimal("0.533333")  # 8 / 15
    # R1 (local): step 3 consults again, so the next-ranked name goes on as a surplus candidate
    assert rows[cadres[1].pk].result == "surplus"
    assert rows[cadres[2].pk].result == "not_selected"
    assert conference.minutes.name.endswith(".pdf") and conference.count_minutes.read() == b"%PDF-1.4 minutes"
    assert conference.history.count() == 1 and ConferenceCandidate.history.count() == 3
    assert conference.conflicted_cadre_ids() == {c.pk for c in cadres}


def test_without_the_surplus_rule_the_regulation_alone_decides_who_goes_on(record, cadres, params):
    national = Params.from_snapshot({**params.as_snapshot(), "surplus_required": False})
    conference = record(params=national)
    results = dict(conference.candidates.values_list("cadre_id", "result"))
    assert results == {cadres[0].pk: "selected", cadres[1].pk: "not_selected", cadres[2].pk: "not_selected"}


def test_the_audit_entry_carries_the_tallies_and_the_outcome(record, cadres, admin_user):
    conference = record()
    entry = AuditEntry.objects.get(action="conference.recorded", object_id=str(conference.pk))
    assert entry.actor_id == admin_user.pk
    assert entry.data["tallies"][str(cadres[0].pk)] == [8, None]
    assert entry.data["results"][str(cadres[0].pk)] == "selected"
    assert entry.data["outcome"] == "passed"
    assert entry.data["denominator"] == {"kind": "convened", "value": 15}


def test_nobody_above_half_of_convened_sends_the_top_two_forward(record, cadres):
    conference = record(tallies={cadres[0].pk: 7, cadres[1].pk: 3, cadres[2].pk: 1})
    assert conference.outcome == Conference.Outcome.ADVANCED
    results = dict(conference.candidates.values_list("cadre_id", "result"))
    assert results == {cadres[0].pk: "advances", cadres[1].pk: "advances", cadres[2].pk: "not_selected"}


@pytest.mark.parametrize(
    "changes,code",
    [
        (dict(present=16, ballots_issued=12), "attendance_exceeds_convened"),
        (dict(ballots_valid=13), "valid_exceeds_present"),
        (dict(ballots_returned=13), "returned_exceeds_issued"),
        (dict(convened=18, present=11, ballots_issued=11, ballots_returned=11, ballots_valid=11), "quorum"),
        (dict(minutes=None), "minutes_required"),
        (dict(count_minutes=None), "count_minutes_required"),
        (dict(held_on=date.today() + timedelta(days=1)), "held_in_future"),
        (dict(seats=0), "bad_seats"),
        (dict(candidates=[]), "no_candidates"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(record, changes, code, _media):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        record(**changes)
    assert exc.value.rule_code == code
    assert nothing_written(_media, audit_before)


def test_a_tally_over_the_valid_ballots_is_refused(record, cadres, _media):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        record(tallies={cadres[0].pk: 12, cadres[1].pk: 0, cadres[2].pk: 0})
    assert exc.value.rule_code == "tally_exceeds_valid"
    assert nothing_written(_media, audit_before)


def test_tallies_must_match_the_candidates(record, cadres, unit_a):
    with pytest.raises(RuleViolation) as exc:
        record(tallies={cadres[0].pk: 8, cadres[1].pk: 2})
    assert exc.value.rule_code == "tally_missing"
    outsider = CadreFactory(current_unit=unit_a)
    with pytest.raises(RuleViolation) as exc:
        record(tallies={cadres[0].pk: 8, cadres[1].pk: 2, cadres[2].pk: 1, outsider.pk: 0})
    assert exc.value.rule_code == "tally_unknown_candidate"
    assert Conference.objects.count() == 0


def test_as_many_candidates_as_seats_is_refused_at_a_consultation(record, cadres, _media):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        record(candidates=cadres[:1], tallies={cadres[0].pk: 9})
    assert exc.value.rule_code == "surplus"
    with pytest.raises(RuleViolation) as exc:
        record(candidates=cadres, seats=3, ballots_valid=4, tallies={c.pk: 4 for c in cadres})
    assert exc.value.rule_code == "surplus"
    assert nothing_written(_media, audit_before)


def test_without_the_local_surplus_rule_one_candidate_may_be_consulted(record, cadres):
    params = Params.defaults()  # national set: surplus not required
    conference = record(params=params, candidates=cadres[:1], tallies={cadres[0].pk: 9})
    assert conference.outcome == Conference.Outcome.PASSED


def test_the_final_collective_vote_counts_against_all_members(record, cadres, registry):
    registry(9)
    conference = record(
        "internal_5_collective",
        candidates=cadres[:1],  # a decision, not a consultation: no surplus needed
        convened=9,
        present=7,
        ballots_issued=7,
        ballots_returned=7,
        ballots_valid=7,
        collective_members=9,
        tallies={cadres[0].pk: 5},
    )
    assert conference.outcome == Conference.Outcome.PASSED and conference.denominator_value == 9
    assert conference.candidates.get().share == Decimal("0.555556")


def test_four_of_nine_members_fail_even_if_all_seven_present_agree_but_three(record, cadres, registry):
    registry(9)
    conference = record(
        "internal_5_collective",
        candidates=cadres[:1],
        convened=9,
        present=7,
        ballots_issued=7,
        ballots_returned=7,
        ballots_valid=7,
        collective_members=9,
        tallies={cadres[0].pk: 4},  # 4/7 of valid ballots, but 4/9 of the collective
    )
    assert conference.outcome == Conference.Outcome.FAILED


def step5(record, cadres, **changes):
    kwargs = dict(
        candidates=cadres[:1],
        convened=8,
        present=8,
        ballots_issued=8,
        ballots_returned=8,
        ballots_valid=8,
        collective_members=8,
        tallies={cadres[0].pk: 4},
    )
    kwargs.update(changes)
    return record("internal_5_collective", **kwargs)


def test_a_tie_needs_the_head_decision_and_the_dissent(record, cadres, _media, registry):
    registry(8)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        step5(record, cadres)
    assert exc.value.rule_code == "head_decision_required"
    with pytest.raises(RuleViolation) as exc:
        step5(record, cadres, head_decision="approve")
    assert exc.value.rule_code == "dissent_required"
    assert nothing_written(_media, audit_before)
    conference = step5(
        record, cadres, head_decision="approve", dissent="Đồng chí C: chưa đủ thời gian công tác"
    )
    assert conference.outcome == Conference.Outcome.PASSED
    assert conference.head_decision == Conference.HeadDecision.APPROVE
    assert conference.candidates.get().head_decided


def test_the_head_may_reject_at_a_tie(record, cadres, registry):
    registry(8)
    conference = step5(record, cadres, head_decision=False, dissent="Bốn thành viên đồng ý")
    assert conference.outcome == Conference.Outcome.FAILED
    assert conference.head_decision == Conference.HeadDecision.REJECT


def test_a_head_decision_without_a_tie_is_refused(record, cadres, registry):
    registry(8)
    with pytest.raises(RuleViolation) as exc:
        step5(record, cadres, tallies={cadres[0].pk: 5}, head_decision="approve", dissent="x")
    assert exc.value.rule_code == "head_decision_not_allowed"


def test_equal_votes_at_the_final_vote_are_the_heads_choice_recorded_with_the_dissent(
    record, cadres, _media, registry
):
    registry(8)
    audit_before = AuditEntry.objects.count()
    tied = {cadres[0].pk: 6, cadres[1].pk: 6, cadres[2].pk: 1}
    for changes, code in (
        ({}, "head_choice_required"),
        ({"head_choice": [cadres[0].pk, cadres[1].pk], "dissent": "x"}, "too_many_winners"),
        ({"head_choice": [cadres[2].pk], "dissent": "x"}, "head_choice_not_tied"),
        ({"head_choice": [cadres[1].pk]}, "dissent_required"),
    ):
        with pytest.raises(RuleViolation) as exc:
            step5(record, cadres, candidates=cadres, tallies=tied, **changes)
        assert exc.value.rule_code == code, changes
    assert nothing_written(_media, audit_before)
    conference = step5(
        record,
        cadres,
        candidates=cadres,
        tallies=tied,
        head_choice=[cadres[1]],
        dissent="Đồng chí D, E: ủng hộ Nguyễn Văn An",
    )
    rows = {row.cadre_id: row for row in conference.candidates.all()}
    assert {cid: row.result for cid, row in rows.items()} == {
        cadres[0].pk: "not_selected",
        cadres[1].pk: "selected",
        cadres[2].pk: "not_selected",
    }
    assert [cid for cid, row in rows.items() if row.head_decided] == [cadres[0].pk, cadres[1].pk]
    conference.refresh_from_db()
    assert conference.head_chose_at_equal_votes and conference.tie_at_cutoff
    assert conference.dissent.startswith("Đồng chí D") and conference.head_decision is None
    entry = AuditEntry.objects.get(action="conference.recorded", object_id=str(conference.pk))
    assert entry.data["head_choice"] == [cadres[1].pk] and entry.data["dissent_recorded"]


def test_a_collective_vote_needs_the_collective_in_the_registry(record, cadres, registry):
    # issue 9 point 10: no member in the registry on the date — a typed figure cannot stand in
    with pytest.raises(RuleViolation) as exc:
        step5(record, cadres, tallies={cadres[0].pk: 5})
    assert exc.value.rule_code == "collective_not_recorded"
    registry(8)
    conference = step5(record, cadres, convened=None, collective_members=None, tallies={cadres[0].pk: 5})
    assert (conference.convened, conference.denominator_value, conference.convened_members.count()) == (
        8,
        8,
        8,
    )


def test_a_confidence_ballot_records_agree_and_disagree(record, cadres):
    conference = record(
        "internal_4_key_officials",
        convened=30,
        present=25,
        ballots_issued=25,
        ballots_returned=25,
        ballots_valid=24,
        tallies={cadres[0].pk: (20, 4), cadres[1].pk: (10, 14), cadres[2].pk: (15, 9)},
    )
    rows = {row.cadre_id: row for row in conference.candidates.all()}
    assert (rows[cadres[0].pk].votes_for, rows[cadres[0].pk].votes_against) == (20, 4)
    assert rows[cadres[0].pk].result == "selected"  # 20/30
    assert rows[cadres[1].pk].result == "not_selected"  # 10/30
    assert rows[cadres[2].pk].result == "not_selected"  # 15/30 is exactly 1/2: not more than half


def test_a_confidence_ballot_needs_the_votes_against(record, cadres):
    with pytest.raises(RuleViolation) as exc:
        record("internal_4_key_officials", tallies={cadres[0].pk: 8, cadres[1].pk: 2, cadres[2].pk: 1})
    assert exc.value.rule_code == "tally_missing"


def test_the_list_approval_records_the_vote_on_the_list(record, cadres, registry):
    registry(9)
    conference = record(
        "internal_1_collective",
        convened=9,
        present=9,
        ballots_issued=9,
        ballots_returned=9,
        ballots_valid=9,
        collective_members=9,
        tallies={},
        list_votes_for=7,
    )
    assert conference.outcome == Conference.Outcome.PASSED and conference.list_votes_for == 7
    assert set(conference.candidates.values_list("result", flat=True)) == {"selected"}


def test_the_list_approval_needs_its_vote(record, cadres, registry):
    registry(15)
    with pytest.raises(RuleViolation) as exc:
        record("internal_1_collective", collective_members=15, tallies={})
    assert exc.value.rule_code == "list_votes_required"


def test_a_candidate_cannot_record_their_own_conference(record, cadres, _media):
    from tests.factories import UserFactory

    candidate_user = UserFactory(username="ung_vien", cadre=cadres[1])
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation) as exc:
        record(actor=candidate_user)
    assert exc.value.rule_code == "conflict_of_interest"
    assert nothing_written(_media, audit_before)


def test_a_failure_while_writing_leaves_no_rows_and_no_files(record, monkeypatch, _media):
    from apps.conferences.services import recording

    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(recording, "record", broken_audit)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        record()
    assert nothing_written(_media, audit_before)
