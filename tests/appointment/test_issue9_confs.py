"""Issue 9, points 9–12 and 16, over HTTP as the real roles; each refusal comes back with its rule code and
nothing changed (``test_bad_input.refused``)."""

from datetime import date, timedelta

import pytest
from viewflow.workflow.models import Process

from apps.audit.models import AuditEntry
from apps.conferences.models import Conference
from tests.collectives import seed_collective
from tests.factories import PositionFactory, TenureFactory
from workflows.appointment.flows import AppointmentFlow

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose
from .test_bad_input import field_codes, refused
from .test_walkthrough import _through_step4, _verification, conference, counts

pytestmark = pytest.mark.django_db


def dmy(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def listed(client_for, leader_a, reviewer, position, unit_a):
    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    return process, board, c1, c2


# --- point 9: a cadre of the unit is internal, whatever the form says --------------------------------------------


def _external(client_for, leader_a, reviewer, position):
    assert propose(client_for(leader_a), position, source="external").status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    return process, board


def test_a_cadre_of_the_unit_proposed_as_external_is_refused(
    client_for, leader_a, reviewer, position, unit_a
):
    own = make_eligible(unit_a, position, full_name="Lê Văn Sở")  # works in Sở Nội vụ
    process, board = _external(client_for, leader_a, reviewer, position)
    response = refused(board, process, AppointmentFlow.ext_nominate, {"cadres": [own.pk]})
    assert field_codes(response) == ["internal_candidate_on_external_source"]
    assert not process.candidates.exists() and open_task(process, AppointmentFlow.ext_nominate)


def test_a_post_holder_of_a_sub_unit_is_internal_too(
    client_for, leader_a, reviewer, position, unit_a, unit_b
):
    from tests.factories import OrgUnitFactory

    office = OrgUnitFactory(code="vp", name="Văn phòng Sở Nội vụ", parent=unit_a)
    holder = make_eligible(unit_b, position, full_name="Đỗ Văn Phòng")  # current unit not updated…
    TenureFactory(
        cadre=holder, position=PositionFactory(unit=office), start_date=date.today() - timedelta(900)
    )
    process, board = _external(client_for, leader_a, reviewer, position)
    response = refused(board, process, AppointmentFlow.ext_nominate, {"cadres": [holder.pk]})
    assert field_codes(response) == ["internal_candidate_on_external_source"]


def test_a_cadre_from_elsewhere_still_takes_the_external_path(
    client_for, leader_a, reviewer, position, unit_b
):
    other = make_eligible(unit_b, position, full_name="Phạm Văn Dũng")
    process, board = _external(client_for, leader_a, reviewer, position)
    claim_and_execute(board, process, AppointmentFlow.ext_nominate, {"cadres": [other.pk]})
    assert open_task(process, AppointmentFlow.external_1_receiving)


# --- point 10: the collective's size comes from the registry ------------------------------------------------------


def test_the_collective_conference_counts_the_registry_members_and_records_who_was_convened(listed, unit_a):
    process, board, c1, c2 = listed
    collective = seed_collective(unit_a, 9)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(9, members=9), list_votes_for=5),
    )
    conf = Conference.objects.get(process_id=process.pk, step_code="internal_1_collective")
    assert (conf.convened, conf.collective_members, conf.denominator_value, conf.registry_members) == (
        9,
        9,
        9,
        9,
    )
    assert conf.collective == collective
    members = {m.cadre_id for m in collective.memberships_on(date.today())}
    assert set(conf.convened_members.values_list("pk", flat=True)) == members and len(members) == 9


def test_typing_8_for_a_collective_of_9_without_a_reason_is_refused(listed, unit_a):
    process, board, c1, c2 = listed
    seed_collective(unit_a, 9)
    # 4 votes of a typed 8 would be "exactly 50%": the registry says 9
    data = conference(
        {**counts(8), "collective_members": 8}, list_votes_for=4, head_decision="approve", dissent="x"
    )
    response = refused(board, process, AppointmentFlow.internal_1_collective, data)
    assert field_codes(response, "size_reason") == ["collective_size_differs"]


def test_a_different_figure_with_its_reason_is_accepted_and_audited(listed, unit_a):
    process, board, c1, c2 = listed
    seed_collective(unit_a, 9)
    reason = "Một thành viên đã có quyết định nghỉ hưu, chưa cập nhật danh sách"
    data = conference(
        {**counts(8), "collective_members": 8, "size_reason": reason},
        list_votes_for=4,
        head_decision="approve",
        dissent="Hai ý kiến khác",
    )
    claim_and_execute(board, process, AppointmentFlow.internal_1_collective, data)
    conf = Conference.objects.get(process_id=process.pk, step_code="internal_1_collective")
    assert (conf.denominator_value, conf.registry_members, conf.size_reason) == (8, 9, reason)
    entry = AuditEntry.objects.get(action="conference.collective_size_overridden", process_id=process.pk)
    assert entry.data["registry_members"] == 9 and entry.data["entered"]["collective_members"] == 8
    assert entry.data["reason"] == reason


def test_a_collective_without_members_in_the_registry_is_refused(client_for, leader_a, reviewer, unit_b):
    position = PositionFactory(unit=unit_b, title="Phó Giám đốc Sở Tài chính", seats=1)
    from apps.conferences.models import CollectiveMembership

    CollectiveMembership.objects.filter(collective__unit=unit_b).update(ended_on=date.today() - timedelta(1))
    c1, c2 = (make_eligible(unit_b, position, full_name=n) for n in ("Vũ Văn Một", "Vũ Văn Hai"))
    from tests.conftest import _persona

    leader_b = _persona("leader_b2", "unit_leader", unit_b, reviewer)
    assert propose(client_for(leader_b), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    response = refused(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6),
    )
    assert field_codes(response, "collective_members") == ["collective_not_recorded"]


# --- point 11: conference dates in order ------------------------------------------------------------------------


def _started(process, days_ago):
    Process.objects.filter(pk=process.pk).update(created=process.created - timedelta(days=days_ago))


def test_a_step_dated_before_the_procedure_started_is_refused(listed):
    process, board, c1, c2 = listed
    data = conference(counts(7, members=7), list_votes_for=6, held_on=dmy(date.today() - timedelta(days=1)))
    response = refused(board, process, AppointmentFlow.internal_1_collective, data)
    assert field_codes(response, "held_on") == ["held_before_start"]


def test_a_step_dated_before_the_previous_step_is_refused(listed):
    process, board, c1, c2 = listed
    _started(process, 10)
    step1_day = date.today() - timedelta(days=5)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6, held_on=dmy(step1_day)),
    )
    early = conference(counts(20, 18), [12, 6], [c1, c2], held_on=dmy(step1_day - timedelta(days=1)))
    response = refused(board, process, AppointmentFlow.internal_2_expanded, early)
    assert field_codes(response, "held_on") == ["held_before_previous_step"]
    # the same day as the previous step is fine
    same_day = conference(counts(20, 18), [12, 6], [c1, c2], held_on=dmy(step1_day))
    claim_and_execute(board, process, AppointmentFlow.internal_2_expanded, same_day)


# --- point 12: verification needs the documents ---------------------------------------------------------------


def test_verification_without_the_documents_is_refused(listed):
    process, board, c1, c2 = listed
    _through_step4(process, board, c1, c2)
    response = refused(board, process, AppointmentFlow.verification, _verification(process, documents=False))
    assert field_codes(response) == ["documents_required"]
    assert process.candidates.filter(verified_at__isnull=False).count() == 0


def test_verification_with_the_documents_stores_them(listed):
    process, board, c1, c2 = listed
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    verified = process.candidates.filter(verified_at__isnull=False)
    assert verified.exists() and all(c.self_assessment and c.evaluation for c in verified)


# --- point 16: who sees the tallies of a step whose result is not announced -------------------------------------


@pytest.fixture
def after_step2(listed):
    process, board, c1, c2 = listed
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6),
    )
    # step 2 (not announced): 12 and 6 votes of 20 convened
    claim_and_execute(
        board, process, AppointmentFlow.internal_2_expanded, conference(counts(20, 18), [12, 6], [c1, c2])
    )
    return process, board, c1, c2


def _page(client, process):
    response = client.get(AppointmentFlow.instance.reverse("process_detail", args=[process.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _step2_shows_tallies(client, process):
    """Whether the procedure page shows step 2's tallies (12 and 6 of 20 convened: 60.0% / 30.0%)."""
    import re

    html = _page(client, process)
    block = html.split('class="cf-conf" data-step="internal_2_expanded"', 1)[1].split('class="cf-conf"', 1)[0]
    return bool(re.search(r"60[.,]0\s*%", block)) and "cf-conf__hidden" not in block


def _download(client, process, step_code, document="count-minutes"):
    from django.urls import reverse

    conf = Conference.objects.get(process_id=process.pk, step_code=step_code)
    return client.get(reverse("conferences:document-download", args=[conf.pk, document])).status_code


def test_the_unit_leader_does_not_see_the_tallies_of_a_step_not_announced(client_for, after_step2, leader_a):
    process, board, c1, c2 = after_step2
    leader = client_for(leader_a)
    assert not _step2_shows_tallies(leader, process)
    assert _download(leader, process, "internal_2_expanded") == 404
    assert _download(leader, process, "internal_2_expanded", "minutes") == 404
    # an announced step's minutes stay readable
    assert _download(leader, process, "internal_1_collective") == 200


@pytest.mark.parametrize("persona", ["reviewer", "leadership", "inspector"])
def test_the_board_the_leadership_and_the_inspection_see_them(client_for, after_step2, persona, request):
    process, board, c1, c2 = after_step2
    client = client_for(request.getfixturevalue(persona))
    assert _step2_shows_tallies(client, process)
    assert _download(client, process, "internal_2_expanded") == 200


def test_a_candidate_sees_no_tallies(client_for, after_step2, unit_a, admin_user):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    process, board, c1, c2 = after_step2
    user = UserFactory(username="candidate_board", cadre=c2)
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_a, include_descendants=True, actor=admin_user)
    assert _download(client_for(user), process, "internal_2_expanded") == 404
    assert _download(client_for(user), process, "internal_1_collective") == 404


# --- point 15: how achievements are counted is the rule set's ------------------------------------------------------


def test_verification_counts_achievements_as_the_rule_set_says(listed):
    process, board, c1, c2 = listed
    _through_step4(process, board, c1, c2)
    # both candidates have one recognised achievement in the window: enough for any_in_window (the default),
    # not for each_year (one in each of the last three years)
    process.rule_snapshot = {**process.rule_snapshot, "achievement_rule_mode": "each_year"}
    process.save(update_fields=["rule_snapshot"])
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    failed = {
        c.cadre_id: [check.code for check in c.checks.all() if not check.passed]
        for c in process.candidates.all()
    }
    assert failed == {c1.pk: ["achievements"], c2.pk: ["achievements"]}
    process.refresh_from_db()
    assert process.outcome == "no_candidate_passed"


def test_external_step_2_counts_the_leadership_where_the_candidate_works(
    client_for, leader_a, reviewer, position, unit_b
):
    """procedures §2 step 2: the leadership collective of the unit where the person works now (unit B, 12 members
    in the registry) — not the receiving unit's — gives those convened; 11 typed needs the reason, audited."""
    person = make_eligible(unit_b, position, full_name="Phạm Văn Dũng")
    process, board = _external(client_for, leader_a, reviewer, position)
    claim_and_execute(board, process, AppointmentFlow.ext_nominate, {"cadres": [person.pk]})
    claim_and_execute(
        board, process, AppointmentFlow.external_1_receiving, conference(counts(7, members=7), [5], [person])
    )
    origin = seed_collective(unit_b, 12)
    typed = counts(11)  # 6 of a typed 11 would pass; 6 of the registry's 12 is exactly half
    response = refused(
        board,
        process,
        AppointmentFlow.external_2_origin,
        conference(typed, [(6, 5)], [person], confidence=True),
    )
    assert field_codes(response, "size_reason") == ["collective_size_differs"]
    assert not Conference.objects.filter(process_id=process.pk, step_code="external_2_origin").exists()
    reason = "Một thành viên tập thể lãnh đạo nghỉ chế độ từ 01/12"
    data = conference({**typed, "size_reason": reason}, [(6, 5)], [person], confidence=True)
    claim_and_execute(board, process, AppointmentFlow.external_2_origin, data)
    conf = Conference.objects.get(process_id=process.pk, step_code="external_2_origin")
    assert (conf.collective, conf.convened, conf.registry_members, conf.size_reason) == (
        origin,
        11,
        12,
        reason,
    )
    entry = AuditEntry.objects.get(action="conference.collective_size_overridden", process_id=process.pk)
    assert entry.data["entered"] == {"convened": 11} and entry.data["collective"] == origin.pk
    assert open_task(process, AppointmentFlow.verification)


def test_external_step_2_left_empty_counts_the_registry(client_for, leader_a, reviewer, position, unit_b):
    person = make_eligible(unit_b, position, full_name="Phạm Văn Dũng")
    process, board = _external(client_for, leader_a, reviewer, position)
    claim_and_execute(board, process, AppointmentFlow.ext_nominate, {"cadres": [person.pk]})
    claim_and_execute(
        board, process, AppointmentFlow.external_1_receiving, conference(counts(7, members=7), [5], [person])
    )
    origin = seed_collective(unit_b, 12)
    # 6 of the registry's 12 is exactly half: the head decides, with the dissent recorded
    data = conference(
        counts(12, members=12),
        [(6, 6)],
        [person],
        confidence=True,
        head_decision="approve",
        dissent="Hai ý kiến",
    )
    claim_and_execute(board, process, AppointmentFlow.external_2_origin, data)
    conf = Conference.objects.get(process_id=process.pk, step_code="external_2_origin")
    assert (conf.collective, conf.convened, conf.denominator_value) == (origin, 12, 12)
    assert conf.convened_members.count() == 12 and conf.head_decision == "approve"
