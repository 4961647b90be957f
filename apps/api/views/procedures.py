"""The API's procedures: list and read those the caller may see (anything else is a 404), and start one through the
step runner with the start step's own form."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from viewflow.workflow.models import Process
from viewflow.workflow.status import STATUS

from apps.decisions import selectors as decision_selectors

from .. import filters, payloads, serializers
from ..procedures import KINDS, kind_of_flow, procedure_row


def visible_process_ids(user):
    """The base ``Process`` ids of every kind `user` may see (the pages' selectors: scope, R10, §9)."""
    from workflows.common.selectors import visible_processes

    match = Q()
    for kind in KINDS.values():
        match |= Q(pk__in=visible_processes(kind.flow_class, user).values("pk"))
    return match


def _process_joins():
    joins = []
    for kind in KINDS.values():
        joins += [kind.child, f"{kind.child}__unit", f"{kind.child}__position__unit"]
    return joins


def decorate_process(process):
    row = procedure_row(process)
    kind = kind_of_flow(process.flow_class)
    process.row = row
    process.kind = kind.code if kind else ""
    process.title = str(row) if row is not None else str(process)
    return process


def load_visible_process(user, pk):
    """The procedure `pk` as its own row; 404 when missing or not visible (``process_visible``)."""
    from workflows.common.nodes import process_visible

    try:
        process = Process.objects.select_related(*_process_joins()).get(pk=int(pk))
    except (Process.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound from None
    decorate_process(process)
    if process.row is None or not process_visible(user, process.row):
        raise NotFound
    return process


def _step_ref(task):
    deadline = getattr(task, "deadline", None)  # a missing one-to-one row raises an AttributeError
    return {
        "id": task.pk,
        "process_id": task.process_id,
        "step": task.flow_task.name if task.flow_task else "",
        "title": str(task.title or (task.flow_task.task_title if task.flow_task else "")),
        "status": task.status,
        "owner": task.owner.get_username() if task.owner_id else None,
        "created": task.created,
        "finished": task.finished,
        "due_at": deadline.due_at if deadline else None,
    }


@extend_schema_view(
    list=extend_schema(summary="Procedures of every kind the caller may see"),
    retrieve=extend_schema(summary="A procedure: state, steps, candidates, conferences, decisions, history"),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """Procedures of every kind (appointment, reappointment, nomination, revocation) the caller may follow: in
    scope and not a candidate (R10). Filter by kind, unit, status, outcome, cadre and start date."""

    serializer_class = serializers.ProcedureSerializer
    filterset_class = filters.ProcedureFilter
    ordering_fields = ["created", "id"]
    ordering = ["-created", "-id"]
    lookup_value_regex = r"[0-9]+"
    queryset = Process.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Process.objects.none()
        return Process.objects.filter(visible_process_ids(self.request.user)).select_related(
            *_process_joins()
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProcedureDetailSerializer
        return serializers.ProcedureSerializer

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        for process in page:
            decorate_process(process)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        process = load_visible_process(request.user, pk)
        return Response(detail_response_data(process, request))


def procedure_detail(process, request):
    from apps.accounts import permissions
    from apps.audit.rendering import render_entries
    from apps.conferences.models import Conference
    from workflows.common import selectors as procedure_selectors

    user, row = request.user, process.row
    tasks = list(procedure_selectors.process_tasks(process).select_related("process"))
    steps = [_step_ref(task) for task in tasks]
    current = [
        s
        for s, t in zip(steps, tasks, strict=True)
        if t.status in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
    ]
    candidates = []
    related = getattr(row, "candidates", None)
    if related is not None:
        for candidate in related.select_related("cadre").order_by("pk"):
            candidates.append(
                {
                    "id": candidate.pk,
                    "cadre": candidate.cadre_id,
                    "full_name": candidate.cadre.full_name,
                    "status": candidate.status,
                }
            )
    elif getattr(row, "cadre_id", None):
        candidates.append(
            {"id": None, "cadre": row.cadre_id, "full_name": row.cadre.full_name, "status": None}
        )
    conferences = []
    for conference in (
        Conference.objects.filter(process_id=process.pk)
        .prefetch_related("candidates")
        .order_by("held_on", "pk")
    ):
        visible = permissions.can_see_tallies(user, conference, row)
        conferences.append(
            {
                "id": conference.pk,
                "step_code": conference.step_code,
                "title": conference.title,
                "held_on": conference.held_on,
                "convened": conference.convened,
                "present": conference.present,
                "ballots_valid": conference.ballots_valid,
                "outcome": conference.outcome,
                "announce_result": conference.announce_result,
                "tallies": [
                    {
                        "cadre": c.cadre_id,
                        "votes_for": c.votes_for,
                        "votes_against": c.votes_against,
                        "share": c.share,
                        "result": c.result,
                    }
                    for c in conference.candidates.all()
                ]
                if visible
                else None,
            }
        )
    decisions = decision_selectors.decisions_for(user).filter(process_id=process.pk)
    history = render_entries(procedure_selectors.process_audit(process))
    return {
        **{name: getattr(process, name) for name in ("id", "kind", "title", "status", "created", "finished")},
        "row": row,
        "steps": steps,
        "current_steps": current,
        "candidates": candidates,
        "conferences": conferences,
        "decisions": list(decisions),
        "history": history,
    }


def detail_response_data(process, request):
    return serializers.ProcedureDetailSerializer(
        procedure_detail(process, request), context={"request": request}
    ).data


class StartViewSet(viewsets.ViewSet):
    """Start a procedure of a kind with its start step's payload (the proposal form's fields)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="procedures_start",
        parameters=[
            OpenApiParameter(
                "kind", str, OpenApiParameter.PATH, enum=list(KINDS), description="The procedure's kind."
            )
        ],
        request=payloads.complete_request_schema(),
        responses={201: serializers.ProcedureDetailSerializer},
        description="Start a procedure with its start step's payload (see the `…StartPayload` components).",
    )
    def create(self, request, kind):
        from workflows.common import runner

        info = KINDS.get(kind)
        if info is None:
            raise NotFound
        data, files = payloads.to_form_data(request)
        try:
            process = runner.submit_start(info.flow_class, actor=request.user, data=data, files=files)
        except runner.StepInvalid as exc:
            raise payloads.invalid(exc) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from None
        created = load_visible_process(request.user, process.pk)
        return Response(
            detail_response_data(created, request),
            status=status.HTTP_201_CREATED,
        )
