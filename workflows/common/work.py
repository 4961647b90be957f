"""My work across procedures: the steps assigned to a user and those waiting in the queues they may claim, the most
urgent first (overdue, then by due date, then the oldest), each with its procedure and its link.

The home page shows it; each flow's own inbox and queue pages list the same steps (``views.inbox_tasks`` and
``views.queue_tasks``: scoped, a candidate never sees their own procedure, R10).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from . import selectors
from .views import inbox_tasks, queue_tasks

INBOX, QUEUE = "inbox", "queue"


@dataclass(frozen=True)
class WorkItem:
    task: object
    procedure: object
    flow_title: str
    step_title: str
    url: str
    due_at: datetime | None
    where: str  # INBOX (assigned to me) or QUEUE (waiting for someone of my role)
    overdue: bool
    due_soon: bool


@dataclass(frozen=True)
class MyWork:
    items: list
    inbox: int
    queue: int
    overdue: int

    @property
    def total(self):
        return self.inbox + self.queue


def _count(queryset, rows, limit):
    return len(rows) if len(rows) < limit else queryset.count()


def due_window(now=None):
    """(now, the end of "due soon"): a step is overdue before `now`, due soon before the end."""
    now = now or timezone.now()
    return now, now + timedelta(days=getattr(settings, "WORK_DUE_SOON_DAYS", 3))


def due_state(due_at, now=None):
    """(overdue, due soon) of a step due at `due_at`."""
    now, soon = due_window(now)
    return bool(due_at and due_at < now), bool(due_at and now <= due_at < soon)


def my_work(user, flow_classes, *, limit=25, now=None):
    """The user's steps across `flow_classes`: at most `limit` items, the counts of the whole inbox and queue, and
    how many of the listed steps are overdue."""
    now, soon = due_window(now)
    items, counts = [], {INBOX: 0, QUEUE: 0}
    for flow_class in flow_classes:
        for where, queryset in (
            (INBOX, inbox_tasks(flow_class, user)),
            (QUEUE, queue_tasks(flow_class, user)),
        ):
            queryset = queryset.order_by(F("deadline__due_at").asc(nulls_last=True), "created", "pk")
            rows = list(queryset[:limit])
            counts[where] += _count(queryset, rows, limit)
            for task in rows:
                deadline = getattr(task, "deadline", None)
                due_at = deadline.due_at if deadline else None
                items.append(
                    WorkItem(
                        task=task,
                        procedure=selectors.procedure_of(task, flow_class),
                        flow_title=str(flow_class.process_title),
                        step_title=str(task.title),
                        url=task.flow_task.reverse("index", args=[task.process_id, task.pk]),
                        due_at=due_at,
                        where=where,
                        overdue=bool(due_at and due_at < now),
                        due_soon=bool(due_at and now <= due_at < soon),
                    )
                )
    items.sort(key=lambda i: (i.due_at is None, i.due_at or now, i.task.created, i.task.pk))
    items = items[:limit]
    return MyWork(
        items=items, inbox=counts[INBOX], queue=counts[QUEUE], overdue=sum(i.overdue for i in items)
    )


def next_step_url(process, user, *, done=None):
    """Where a user goes after completing a step of `process`: their next step of the same procedure (assigned to
    them first, then one waiting in their queues), else None (the caller sends them to their work list)."""
    flow_class = process.flow_class
    for queryset in (inbox_tasks(flow_class, user), queue_tasks(flow_class, user)):
        queryset = queryset.filter(process_id=process.pk)
        if done is not None:
            queryset = queryset.exclude(pk=done.pk)
        task = queryset.first()
        if task is not None:
            return task.flow_task.reverse("index", args=[task.process_id, task.pk])
    return None


def after_step_url(process, user, *, done=None, started=False):
    """The page after a completed step: the user's next step of this procedure, else the procedure's page after
    a start (to see what was opened), else the user's work list (the home page)."""
    url = next_step_url(process, user, done=done)
    if url:
        return url
    if started:
        return process.flow_class.instance.reverse("process_detail", args=[process.pk])
    return "/"


def is_start(activation):
    """Whether `activation` is a procedure's start (its task is the flow's start node)."""
    from viewflow.workflow.nodes import Start

    return isinstance(activation.flow_task, Start)
