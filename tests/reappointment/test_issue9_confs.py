"""Issue 9 over HTTP in the reappointment procedure: conferences dated in order (point 11) and the collective's
size taken from the registry (point 10)."""

from datetime import date, timedelta

import pytest
from viewflow.workflow.models import Process

from apps.audit.models import AuditEntry
from apps.conferences.models import Conference
from tests.collectives import seed_collective
from workflows.reappointment.flows import ReappointmentFlow

from .helpers import claim_and_execute, conference, counts, dmy, self_assessment
from .test_bad_input import noticed, voted  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def field_codes(response, field):
    form = response.context["form"]
    return [e.code for e in form.errors.get(field, form.error_class()).as_data()]


def test_a_conference_before_the_procedure_started_is_refused(noticed, holder):  # noqa: F811
    process, board = noticed
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    data = conference(
        holder[0], counts(30, 27), (20, 7), confidence=True, held_on=dmy(date.today() - timedelta(1))
    )
    response = claim_and_execute(
        board, process, ReappointmentFlow.reappointment_1_key_officials, data, expect=200
    )
    assert field_codes(response, "held_on") == ["held_before_start"]
    assert not Conference.objects.filter(process_id=process.pk).exists()


def test_the_collective_vote_before_the_key_officials_poll_is_refused(noticed, holder):  # noqa: F811
    process, board = noticed
    Process.objects.filter(pk=process.pk).update(created=process.created - timedelta(days=10))
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    poll_day = date.today() - timedelta(days=2)
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_1_key_officials,
        conference(holder[0], counts(30, 27), (20, 7), confidence=True, held_on=dmy(poll_day)),
    )
    early = conference(holder[0], counts(7, members=7), 5, held_on=dmy(poll_day - timedelta(days=1)))
    response = claim_and_execute(
        board, process, ReappointmentFlow.reappointment_2_collective, early, expect=200
    )
    assert field_codes(response, "held_on") == ["held_before_previous_step"]
    assert Conference.objects.filter(process_id=process.pk).count() == 1


def test_the_collective_vote_counts_the_registry_and_a_typed_figure_needs_a_reason(noticed, holder, unit_a):  # noqa: F811
    process, board = noticed
    seed_collective(unit_a, 9)
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_1_key_officials,
        conference(holder[0], counts(30, 27), (20, 7), confidence=True),
    )
    # 4 of a typed 8 would be exactly 50%: the registry says 9
    typed = conference(holder[0], {**counts(8), "collective_members": 8}, 4)
    response = claim_and_execute(
        board, process, ReappointmentFlow.reappointment_2_collective, typed, expect=200
    )
    assert field_codes(response, "size_reason") == ["collective_size_differs"]
    assert Conference.objects.filter(process_id=process.pk).count() == 1
    # left to the registry: 5 of 9 members pass
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_2_collective,
        conference(holder[0], counts(9, members=9), 5),
    )
    conf = Conference.objects.get(process_id=process.pk, step_code="reappointment_2_collective")
    assert (conf.convened, conf.denominator_value, conf.outcome) == (9, 9, "passed")
    assert not AuditEntry.objects.filter(action="conference.collective_size_overridden").exists()


# --- point 12: verification needs the dossier's documents (procedures §4 items 4–5, §5) ---------------------------


def test_rule_documents_required_names_the_missing_evaluation(opened):
    from apps.core.rules import RuleViolation
    from workflows.reappointment import rules

    opened.self_assessment_text = "Báo cáo tự đánh giá nhiệm kỳ"
    with pytest.raises(RuleViolation) as exc:
        rules.require_verification_documents(opened, evaluation=False)
    assert exc.value.rule_code == "documents_required"
    opened.self_assessment_text = ""
    with pytest.raises(RuleViolation) as exc:
        rules.require_verification_documents(opened, evaluation=True)
    assert exc.value.rule_code == "documents_required"
    opened.self_assessment_text = "Báo cáo tự đánh giá nhiệm kỳ"
    rules.require_verification_documents(opened, evaluation=True)  # both documents: nothing refused


def test_verification_without_the_collective_evaluation_is_refused_and_changes_nothing(voted):  # noqa: F811
    from workflows.common.models import StepAttachment

    from .helpers import error_codes, verified
    from .test_bad_input import _snapshot

    process, board = voted
    before = _snapshot(process)
    data = verified()
    del data["evaluation"]
    response = claim_and_execute(board, process, ReappointmentFlow.verification, data, expect=200)
    assert error_codes(response) == ["documents_required"]
    assert _snapshot(process) == before
    # with the collective's evaluation attached the same verification passes, and the document is in the dossier
    claim_and_execute(board, process, ReappointmentFlow.verification, verified())
    process.refresh_from_db()
    assert process.verification_passed is True
    assert (
        StepAttachment.objects.filter(process_id=process.pk, kind=StepAttachment.Kind.EVALUATION).count() == 1
    )
