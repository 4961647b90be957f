"""The REST API (``/api/v1/``), scoped exactly like the pages.

The registry (units, positions, cadres, decisions, audit entries) is read through the apps' selectors; procedures
and their tasks through the procedures' selectors and permission functions (``workflows.common.nodes
.process_visible``); what the caller may not see is a 404, the same as a missing object. Procedures are started
and their steps claimed, released and completed through the step runner (``workflows.common.runner``) with the
step's own form — the same form, service and rules as the step's page, so the API refuses what the page refuses,
with the same rule code and message.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.cadres import selectors as cadre_selectors
from apps.core.rules import RuleViolation
from apps.decisions import selectors as decision_selectors
from apps.decisions.models import Decision
from apps.inspection import selectors as audit_selectors
from apps.organisation import selectors as org_selectors

from . import filters, payloads, serializers
from .procedures import KINDS, kind_of_flow, procedure_row


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only viewset whose queryset is the selector's; a miss (or out of scope) is a 404.

    Subclasses write ``scoped_queryset()``. The schema generator (drf-spectacular) calls ``get_queryset`` on a
    fake view without a real request; it gets an empty queryset of the serializer's model, so path parameters
    are typed from the model rather than guessed.
    """

    lookup_value_regex = r"[0-9]+"
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return (self.model or self.get_serializer_class().Meta.model).objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self):
        raise NotImplementedError

    def get_object(self):
        queryset = self.get_queryset()
        lookup = self.lookup_field
        try:
            return queryset.get(**{lookup: int(self.kwargs[self.lookup_url_kwarg or lookup])})
        except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
            raise NotFound from None


class UnitViewSet(ScopedReadOnlyViewSet):
    """Organisation units in the caller's scope, in tree order."""

    serializer_class = serializers.UnitSerializer
    filterset_class = filters.ApiUnitFilter
    ordering_fields = ["name", "code", "path"]

    def scoped_queryset(self):
        return org_selectors.units_for(self.request.user)


class PositionViewSet(ScopedReadOnlyViewSet):
    """Positions in scope with their seats, occupied seats and vacancies. ``?vacant=true`` lists vacancies only."""

    serializer_class = serializers.PositionSerializer
    filterset_class = filters.ApiPositionFilter
    ordering_fields = ["title", "rank", "vacancies"]

    def scoped_queryset(self):
        return org_selectors.positions_for(self.request.user)


class CadreViewSet(ScopedReadOnlyViewSet):
    """Cadres in scope. ``?q=`` searches name or code."""

    serializer_class = serializers.CadreSerializer
    filterset_class = filters.ApiCadreFilter
    ordering_fields = ["full_name", "code", "birth_date"]

    def scoped_queryset(self):
        return cadre_selectors.cadres_for(self.request.user).order_by("full_name", "pk")


class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions in scope, newest first; the cadre a decision is about never reads it here (R10)."""

    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter
    ordering_fields = ["issued_on", "effective_from", "number"]

    def scoped_queryset(self):
        return decision_selectors.decisions_for(self.request.user)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The signed PDF."),
        },
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def pdf(self, request, pk=None):
        """The signed decision's PDF, as stored at signing."""
        from apps.core.downloads import file_download

        decision = self.get_object()
        if not decision.pdf or decision.status != Decision.Status.SIGNED:
            raise NotFound
        filename = (decision.number or f"decision-{decision.pk}").replace("/", "_") + ".pdf"
        return file_download(decision.pdf, filename=filename, content_type="application/pdf")


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit log, for the inspection commission only (403 for anyone else). Filters: action, actor, object,
    process, from, to (yyyy-mm-dd)."""

    serializer_class = serializers.AuditEntrySerializer
    filterset_class = filters.AuditEntryFilter
    ordering_fields = ["seq", "occurred_at"]
    lookup_field = "seq"

    def scoped_queryset(self):
        if not audit_selectors.may_inspect(self.request.user):
            raise PermissionDenied
        return AuditEntry.objects.order_by("-seq")


# --- procedures ---------------------------------------------------------------------------------------------


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


# --- tasks ----------------------------------------------------------------------------------------------------


def my_task_ids(user):
    """The steps assigned to `user` and those waiting in the queues they may claim, among the procedures they may
    see (the inbox and queue pages' selectors)."""
    from workflows.common.views import inbox_tasks, queue_tasks

    match = Q()
    for kind in KINDS.values():
        match |= Q(pk__in=inbox_tasks(kind.flow_class, user).values("pk"))
        match |= Q(pk__in=queue_tasks(kind.flow_class, user).values("pk"))
    return match


def load_visible_task(user, pk):
    """Task `pk` of a procedure `user` may see; 404 otherwise."""
    from workflows.common.nodes import process_visible

    try:
        task = (
            Task.objects.select_related("process", "owner", *[f"process__{j}" for j in _process_joins()])
            .filter(process__flow_class__in=[k.flow_class for k in KINDS.values()])
            .get(pk=int(pk))
        )
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound from None
    decorate_process(task.process)
    if task.process.row is None or not process_visible(user, task.process.row):
        raise NotFound
    return task


def _task_actions(user, task):
    node = task.flow_task
    actions = []
    if task.status == STATUS.NEW and _check(node, "can_assign", user, task):
        actions.append("claim")
    if task.status == STATUS.ASSIGNED and task.owner_id == user.pk:
        actions.append("release")
        if _check(node, "can_execute", user, task):
            actions.append("complete")
            if payloads.returnable(task):
                actions.append("return")
    return actions


def _check(node, name, user, task):
    check = getattr(node, name, None)
    if check is None:
        return False
    try:
        return bool(check(user, task))
    except Exception:
        return False


def _listed_task_actions(user, task):
    """The actions of a task of the caller's own lists: the queue holds what they may claim, the inbox what they
    may do (the queries that listed them checked it); ``_task_actions`` asks the node for any other task."""
    if task.status == STATUS.NEW:
        return ["claim"]
    actions = ["release", "complete"]
    return actions + ["return"] if payloads.returnable(task) else actions


def task_data(user, task, detail=False):
    data = {
        **_step_ref(task),
        "kind": task.process.kind,
        "procedure_title": task.process.title,
        "actions": _task_actions(user, task) if detail else _listed_task_actions(user, task),
    }
    if detail:
        component = payloads.component_name_of_task(task)
        data.update(
            payload_schema=f"#/components/schemas/{component}" if component else None,
            payload=payloads.schema_of_task(task, user),
            can_return=payloads.returnable(task),
        )
    return data


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My tasks across procedures: assigned to me (``where=inbox``) and waiting in the queues I may claim
    (``where=queue``). A task of a procedure the caller may see is read by id; claim, release, complete and return
    act on it through the step runner."""

    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter
    ordering_fields = ["created", "id"]
    ordering = ["created", "id"]
    lookup_value_regex = r"[0-9]+"
    queryset = Task.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return Task.objects.filter(my_task_ids(self.request.user)).select_related(
            "process", "owner", "deadline", *[f"process__{j}" for j in _process_joins()]
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TaskDetailSerializer
        return serializers.TaskSerializer

    def list(self, request, *args, **kwargs):
        from workflows.common.views import prime_queue_permissions

        prime_queue_permissions(request.user)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = []
        for task in page:
            decorate_process(task.process)
            rows.append(task_data(request.user, task))
        return self.get_paginated_response(serializers.TaskSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        task = load_visible_task(request.user, pk)
        return Response(serializers.TaskDetailSerializer(task_data(request.user, task, detail=True)).data)

    def _respond(self, request, pk):
        task = load_visible_task(request.user, pk)
        return Response(serializers.TaskDetailSerializer(task_data(request.user, task, detail=True)).data)

    def _require(self, user, task, action):
        """The caller's right to act on the task, before its payload is read (a refusal is a 403, never the form's
        errors); the runner checks it again inside the step's transaction."""
        node = task.flow_task
        if getattr(node, "task_type", None) != "HUMAN":
            raise RuleViolation("not_a_step", payloads.not_a_step_message())
        if action == "release" and task.status == STATUS.ASSIGNED:
            allowed = _check(node, "can_unassign", user, task)
        elif task.status == STATUS.NEW:
            allowed = _check(node, "can_assign", user, task)
        elif task.status == STATUS.ASSIGNED and action != "claim":
            allowed = task.owner_id == user.pk and _check(node, "can_execute", user, task)
        else:
            allowed = True  # finished or taken: the runner says so with its rule code
        if not allowed:
            raise PermissionDenied

    def _run(self, call):
        from workflows.common import runner

        try:
            return call()
        except runner.StepInvalid as exc:
            raise payloads.invalid(exc) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from None

    @extend_schema(request=None, responses=serializers.TaskDetailSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def claim(self, request, pk=None):
        """Take a free task: it is then assigned to the caller (the step's permission in scope)."""
        from workflows.common import runner

        task = load_visible_task(request.user, pk)
        self._require(request.user, task, "claim")
        self._run(lambda: runner.claim(task, actor=request.user))
        return self._respond(request, pk)

    @extend_schema(request=None, responses=serializers.TaskDetailSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def release(self, request, pk=None):
        """Give back a task the caller took: it returns to the queue."""
        from workflows.common import runner

        task = load_visible_task(request.user, pk)
        self._require(request.user, task, "release")
        self._run(lambda: runner.release(task, actor=request.user))
        return self._respond(request, pk)

    @extend_schema(
        request=payloads.complete_request_schema(),
        responses=serializers.ProcedureDetailSerializer,
        filters=False,
        description="Complete the task with its step's payload: the fields of the step's form (see the task's "
        '`payload_schema`), as JSON (files as `{"name", "content"}` with base64 content) or as '
        "multipart/form-data with the form's own field names.",
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def complete(self, request, pk=None):
        """Complete the task with its step's payload, through the step runner (the page's form and service)."""
        from workflows.common import runner

        task = load_visible_task(request.user, pk)
        self._require(request.user, task, "complete")
        data, files = payloads.to_form_data(request, task)
        self._run(lambda: runner.submit(task, actor=request.user, data=data, files=files))
        return Response(detail_response_data(load_visible_process(request.user, task.process_id), request))

    @extend_schema(
        request=serializers.TaskReturnSerializer,
        responses=serializers.ProcedureDetailSerializer,
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        filter_backends=[],
        pagination_class=None,
        url_path="return",
        url_name="return",
    )
    def return_(self, request, pk=None):
        """Return the proposal to its author for revision, with the reason (steps whose decision offers it)."""
        from workflows.common import runner

        task = load_visible_task(request.user, pk)
        self._require(request.user, task, "return")
        body = serializers.TaskReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not payloads.returnable(task):
            raise RuleViolation("not_returnable", payloads.not_returnable_message())
        data, files = payloads.return_data(task, body.validated_data["reason"])
        self._run(lambda: runner.submit(task, actor=request.user, data=data, files=files))
        return Response(detail_response_data(load_visible_process(request.user, task.process_id), request))


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications, newest first (someone else's is a 404); mark one read."""

    serializer_class = serializers.NotificationSerializer
    filterset_class = filters.NotificationFilter
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        from apps.notifications.models import Notification
        from apps.notifications.selectors import notifications_for

        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications_for(self.request.user)

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (ValueError, TypeError, OverflowError, ObjectDoesNotExist):
            raise NotFound from None

    @extend_schema(request=None, responses=serializers.NotificationSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def read(self, request, pk=None):
        """Mark the notification read (a second call changes nothing)."""
        from apps.notifications.services import mark_read

        notification = mark_read(self.get_object(), request.user)
        return Response(serializers.NotificationSerializer(notification).data)
