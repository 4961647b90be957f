"""The planning review driven by the step runner alone (no page): the same services and forms as the pages."""

import pytest
from django.core.exceptions import PermissionDenied

from apps.core.rules import RuleViolation
from workflows.common import runner
from workflows.planning.flows import PlanningFlow
from workflows.planning.models import PlanningLine


def test_start_and_propose_through_the_runner(reviewer, leader_a, post, planned, newcomer):
    with pytest.raises(PermissionDenied):
        runner.submit_start(PlanningFlow, actor=leader_a, data={"position": post.pk, "term": "2026-2031"})
    process = runner.submit_start(
        PlanningFlow, actor=reviewer, data={"position": post.pk, "term": "2026-2031"}
    )
    assert process.lines.count() == 2
    task = runner.open_task(process, "propose")
    with pytest.raises(RuleViolation) as exc:  # the removal proposed by the rules needs a reason
        line = process.lines.get(proposal="remove")
        runner.run_step(task, actor=reviewer, removals={line.pk: ""}, additions=[])
    assert exc.value.code == "removal_reason_required"
    runner.run_step(task, actor=reviewer, removals={}, additions=[(newcomer, "internal")])
    assert process.lines.get(cadre=newcomer).proposal == PlanningLine.Proposal.ADD
    assert runner.open_task(process, "key_officials") is not None


def test_the_post_limit_counts_what_the_review_keeps(reviewer, post, planned, newcomer, outsider, unit_a):
    from tests.planning.conftest import make_cadre

    process = runner.start(PlanningFlow, actor=reviewer, position=post, term="2026-2031")
    task = runner.open_task(process, "propose")
    third = make_cadre(unit_a, full_name="Thứ Ba")
    with pytest.raises(RuleViolation) as exc:  # 2 kept + 2 added = 4 > 3
        runner.run_step(
            task, actor=reviewer, removals={}, additions=[(newcomer, "internal"), (third, "internal")]
        )
    assert exc.value.code == "planning_limit_post"
    assert not process.lines.filter(kind="addition").exists()
    old_line = process.lines.get(proposal="remove")
    runner.run_step(
        task,
        actor=reviewer,
        removals={old_line.pk: "Quá tuổi"},
        additions=[(newcomer, "internal"), (third, "internal")],
    )  # 1 kept + 2 added = 3
    assert process.lines.filter(proposal="add").count() == 2
