"""The API's tasks: the caller's steps and queues; claim, release, complete or return one through the step runner."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from apps.core.rules import RuleViolation

from .. import filters, payloads, serializers
from ..procedures import KINDS
from .procedures import (
    _process_joins,
    _step_ref,
    decorate_process,
    detail_response_data,
    load_visible_process,
)


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
