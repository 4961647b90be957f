"""The procedure toolkit (issue 10 items 1 and 6): every registered flow's conference nodes are its step list,
named after the step codes and titled as the list titles them; every process keeps the outcome contract; the
candidacy helpers; the verification checks; the node renames of stored tasks."""

from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.db import models
from django.utils import timezone, translation

from apps.cadres.eligibility import CheckResult
from apps.conferences.steps import STEP_LISTS
from apps.core import procedures
from apps.rulesets.parameters import Params
from workflows.common.base import conference_nodes, step_title
from workflows.common.migration_ops import rename_nodes
from workflows.common.models import (
    ProcedureFields,
    ProcedureOutcome,
    VerificationCheck,
    check_outcomes,
    outcome_field,
)
from workflows.common.participants import participant_role


def _flows():
    import config.urls  # noqa: F401  (the site registers the flows)

    flows = procedures.registered_flows()
    assert len(flows) >= 4
    return flows


# --- item 6: node names after the step codes ---------------------------------------------------------------------


def test_every_flows_conference_nodes_are_its_step_list_named_after_the_codes():
    checked = 0
    for flow_class in _flows():
        lists = getattr(flow_class, "step_lists", ())
        codes = [spec.code for name in lists for spec in STEP_LISTS[name](Params.defaults())]
        nodes = conference_nodes(flow_class)
        assert sorted(node.name for node in nodes) == sorted(codes), flow_class.__name__
        for node in nodes:
            assert node.name == node.step_code, node
            assert flow_class.instance.node(node.step_code) is node
        checked += len(nodes)
    assert checked == 5 + 3 + 2 + 1 + 5  # internal, external, reappointment, extension, nomination


def test_a_conference_node_has_one_title_the_step_lists():
    from workflows.appointment.flows import AppointmentFlow

    node = AppointmentFlow.internal_4_key_officials
    spec_title = STEP_LISTS["appointment_internal"](Params.defaults())[3].title
    with translation.override("vi"):
        assert str(node.task_title) == str(spec_title) == str(step_title("internal_4_key_officials"))
    with translation.override("en"):
        assert str(node.task_title) == "Key officials give their confidence by secret ballot"


def test_a_conference_step_makes_its_owner_the_recorder_and_other_steps_take_the_flows_roles():
    from workflows.nomination.flows import NominationFlow

    class Task:
        def __init__(self, node):
            self.flow_task = node

    roles = {"verification": "verifier"}
    assert participant_role(Task(NominationFlow.nomination_3_executive), roles) == "conference_recorder"
    assert participant_role(Task(NominationFlow.verification), roles) == "verifier"
    assert participant_role(Task(NominationFlow.sign_decision), roles) is None


def _stored_ref(task):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT flow_task FROM viewflow_task WHERE id = %s", [task.pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_renaming_nodes_rewrites_the_stored_tasks_and_the_links_of_their_notifications_both_ways(reviewer):
    from viewflow.workflow.models import Process, Task

    from apps.notifications.models import Notification
    from workflows.appointment.flows import AppointmentFlow

    ref = "appointment/flows.AppointmentFlow"
    process = Process.objects.create(flow_class=AppointmentFlow)
    old = Task.objects.create(process=process, flow_task=AppointmentFlow.policy_review, status="NEW")
    other = Task.objects.create(process=process, flow_task=AppointmentFlow.policy_review, status="NEW")
    Task.objects.filter(pk=old.pk).update(flow_task=f"{ref}.step1")  # as a task of the old node was stored
    link = f"/workflows/appointment/{process.pk}/step1/{old.pk}/"
    note = Notification.objects.create(
        recipient=reviewer, kind="task_available", title="x", link=link, task=old
    )
    operation = rename_nodes(ref, {"step1": "internal_1_collective"})

    operation.code(django_apps, None)
    assert _stored_ref(old) == f"{ref}.internal_1_collective"
    assert Task.objects.get(pk=old.pk).flow_task is AppointmentFlow.internal_1_collective
    assert _stored_ref(other) == f"{ref}.policy_review"
    note.refresh_from_db()
    assert note.link == f"/workflows/appointment/{process.pk}/internal_1_collective/{old.pk}/"

    operation.reverse_code(django_apps, None)
    assert _stored_ref(old) == f"{ref}.step1"
    note.refresh_from_db()
    assert note.link == link


# --- the outcome contract -------------------------------------------------------------------------------------------


def test_every_procedure_process_keeps_the_outcome_contract():
    processes = [m for m in django_apps.get_models() if issubclass(m, ProcedureFields)]
    assert len(processes) >= 4
    for model in processes:
        field = model._meta.get_field("outcome")
        values = {value for value, _label in field.choices}
        assert set(ProcedureOutcome.values) <= values, model
        assert field.default == ProcedureOutcome.IN_PROGRESS, model
    assert {flow.process_class for flow in _flows()} <= set(processes)


def test_outcomes_without_the_contract_are_refused():
    class Broken(models.TextChoices):
        DONE = "done", "Done"
        WITHDRAWN = "withdrawn", "Withdrawn"

    with pytest.raises(TypeError, match="in_progress"):
        outcome_field(Broken)
    with pytest.raises(TypeError):
        check_outcomes(Broken)


# --- the candidate and its verification checks --------------------------------------------------------------------


def _results(*failed_codes):
    return [
        CheckResult(
            code,
            f"Check {code}",
            code not in failed_codes,
            f"evidence {code}",
            "bad" if code in failed_codes else "",
        )
        for code in ("political_standard", "age", "discipline")
    ]


@pytest.fixture
def candidate(db, leader_a, unit_a):
    from tests.factories import CadreFactory, PositionFactory
    from workflows.appointment.models import AppointmentCandidate, AppointmentProcess

    process = AppointmentProcess.objects.create(
        flow_class="appointment/flows.AppointmentFlow",
        unit=unit_a,
        position=PositionFactory(unit=unit_a),
        job_needs="x",
        criteria="y",
    )
    return AppointmentCandidate.objects.create(
        process=process, cadre=CadreFactory(current_unit=unit_a), status=AppointmentCandidate.Status.SELECTED
    )


def test_a_verification_stores_every_check_and_stops_a_candidate_who_failed_one(candidate):
    at = timezone.now()
    failed = candidate.record_verification(_results("discipline"), at)
    assert [r.code for r in failed] == ["discipline"]
    candidate.refresh_from_db()
    assert candidate.status == candidate.Status.FAILED_VERIFICATION and not candidate.is_active
    assert candidate.stopped_at_step == "verification" and candidate.reason == "bad"
    assert candidate.verified_at == at
    checks = list(candidate.checks.all())
    assert [(c.code, c.passed, c.evidence) for c in checks] == [
        ("political_standard", True, "evidence political_standard"),
        ("age", True, "evidence age"),
        ("discipline", False, "evidence discipline"),
    ]
    assert all(c.process_id == candidate.process_id and c.checked_at == at for c in checks)


def test_a_verification_run_again_replaces_the_checks(candidate):
    candidate.record_verification(_results("age"), timezone.now() - timedelta(days=1))
    candidate.status = candidate.Status.SELECTED
    assert candidate.record_verification(_results(), timezone.now()) == []
    assert candidate.checks.count() == 3 and all(c.passed for c in candidate.checks.all())
    assert VerificationCheck.objects.filter(process_id=candidate.process_id).count() == 3
    assert candidate.is_active


def test_active_candidates_and_a_stop_at_a_step(candidate):
    from workflows.appointment.models import AppointmentCandidate

    assert AppointmentCandidate.active_in(candidate.process) == [candidate]
    fields = candidate.stop_at("internal_3_collective", "Did not reach the threshold")
    candidate.save(update_fields=fields)
    assert AppointmentCandidate.active_in(candidate.process) == []
    candidate.refresh_from_db()
    assert (candidate.status, candidate.stopped_at_step) == ("eliminated", "internal_3_collective")


def test_the_data_card_shows_the_rule_values_readably(candidate):
    process = candidate.process
    assert process.get_rule_snapshot_display() == ""
    process.rule_snapshot = {"quorum_fraction": "2/3", "pass_fraction": "1/2"}
    with translation.override("en"):
        assert process.get_rule_snapshot_display() == "2 values of rule set —"


def test_a_conference_step_moves_a_candidate_on_or_stops_them_with_the_steps_title(candidate):
    from apps.conferences.steps import step_by_code

    spec = step_by_code("internal_3_collective", Params.defaults())
    candidate.status = candidate.Status.ELIGIBLE
    assert candidate.record_step(spec, True, stopped_reason="x {step}") == []
    assert candidate.record_step(spec, True, stopped_reason="x {step}", advance_to="selected") == ["status"]
    assert candidate.status == "selected"
    with translation.override("en"):
        fields = candidate.record_step(spec, False, stopped_reason="Stopped at: {step}")
    assert set(fields) == {"status", "stopped_at_step", "reason"}
    assert candidate.status == "eliminated" and candidate.stopped_at_step == "internal_3_collective"
    assert candidate.reason == "Stopped at: Leadership collective nominates by secret ballot"


def test_a_step_can_count_its_due_date_from_something_else_than_the_day_it_opens():
    """One deadline rule (``set_task_deadline``), with the day parameterised per node: the election result is
    due a step's working days after the election, every other step by the shared rule."""
    from workflows.common.deadlines import step_due_on, working_days_after
    from workflows.nomination.flows import NominationFlow
    from workflows.nomination.models import NominationProcess

    params = Params.defaults()
    election = date.today() + timedelta(days=60)
    process = NominationProcess(election_date=election, rule_snapshot=params.as_snapshot())
    due = NominationFlow.record_result.due_on(process)
    assert (
        due
        == working_days_after(election, params.step_working_days, params)
        > date.today() + timedelta(days=59)
    )
    assert not hasattr(NominationFlow.confirm_result, "due_on")
    process.election_date = None
    assert NominationFlow.record_result.due_on(process) == step_due_on(process)
