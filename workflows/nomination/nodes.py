"""A human step that waits for an outside event: the election."""

from workflows.common.deadlines import end_of_day
from workflows.common.nodes import ProcedureViewActivation, View


class AfterElectionActivation(ProcedureViewActivation):
    """The shared activation (permission kept on revive, ``Task.assigned``, due date, notification), with the
    step's due date counted from the election date (``NominationProcess.result_due_on``) instead of from the day
    the step opens — the result of an election weeks away is not overdue after five working days."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        from workflows.common.models import TaskDeadline

        process = activation.process
        if process.rule_snapshot and process.election_date:
            due_at = end_of_day(process.result_due_on())
            deadline = TaskDeadline.objects.filter(task=activation.task).first()
            if deadline is None:
                TaskDeadline.objects.create(task=activation.task, due_at=due_at)
            elif deadline.due_at != due_at:
                deadline.due_at, deadline.reminded_at, deadline.escalated_at = due_at, None, None
                deadline.save()
        return activation


class AfterElectionView(View):
    activation_class = AfterElectionActivation
