"""Walking the appointment flow over HTTP as the real roles."""

from viewflow.workflow.status import STATUS

from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess


def open_task(process, node):
    return process.task_set.get(flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def claim_and_execute(client, process, node, data, *, expect=302):
    """Claim the open task of `node` (if not yet assigned) and post its form; return the response."""
    from tests.collectives import ensure_registry_members

    task = open_task(process, node)
    if task.status == STATUS.NEW:
        response = client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
        assert response.status_code == 302, response.status_code
    ensure_registry_members(process, node, data)
    response = client.post(task.flow_task.reverse("execute", args=[process.pk, task.pk]), data)
    assert response.status_code == expect, (response.status_code, _errors(response))
    return response


def _errors(response):
    context = getattr(response, "context", None)
    if not context:
        return None
    form = context.get("form")
    return form.errors if form is not None else None


def propose(client, position, *, seats=1, source="internal"):
    response = client.post(
        AppointmentFlow.start.reverse("execute"),
        {
            "position": position.pk,
            "seats": seats,
            "source": source,
            "job_needs": "Phụ trách tổ chức",
            "criteria": "Đủ tiêu chuẩn",
        },
    )
    return response


def latest_process():
    return AppointmentProcess.objects.order_by("-pk").first()
