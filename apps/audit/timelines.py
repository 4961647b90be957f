"""Timelines for the inspection commission (DESIGN.md §2.5; issue 5 part 2): per procedure, per cadre, per
decision and per user, merging three kinds of events —

* **audit entries** (``AuditEntry``: who did what, written by the services, hash-chained);
* **procedure steps** (Viewflow ``Task`` rows: opened, claimed, completed, by whom);
* **record changes** (simple-history rows of every tracked model, with field-level diffs against the previous
  version of the same record).

Everything works *by construction*, for any procedure that follows the shared machinery: a procedure's events are
the audit entries carrying its ``process_id``, its ``Task`` rows, and the history of every tracked model that is a
``Process`` subclass or has a foreign key to one (its process row, candidates, conferences, comments, attachments,
decisions…). A new flow is covered as soon as its models have ``history = history()``.

Constant queries whatever the size: the sources are combined in **one** SQL ``UNION`` of
``(kind, ref, when, action, object)`` rows, which the database sorts, filters and pages (``LIMIT/OFFSET``); the page
is then hydrated with one query per kind present on it (audit, steps, and one per history model, which also brings
the previous versions needed for the diffs). A page costs the same for 10 events or 10 000.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import registered_models
from viewflow.workflow.models import Process, Task

from .models import AuditEntry

KIND_AUDIT, KIND_STEP, KIND_CHANGE = "audit", "step", "change"
KINDS = (KIND_AUDIT, KIND_STEP, KIND_CHANGE)
#: tracked models that are bookkeeping, not business records (notification read flags, reminder stamps)
NOT_BUSINESS_RECORDS = frozenset({"notifications.notification", "workflow_common.taskdeadline"})
#: fields never shown in diffs: Viewflow's internals and timestamps every save moves
DIFF_EXCLUDED = frozenset(
    {
        "updated_at",
        "data",
        "flow_class",
        "parent_task",
        "seed_content_type",
        "seed_object_id",
        "artifact_content_type",
        "artifact_object_id",
        "process_ptr",
    }
)
INITIAL_FIELDS_SHOWN = 12
VALUE_CHARS = 200
EXPORT_LIMIT = 10_000
HISTORY_ACTIONS = {"+": "change.created", "~": "change.changed", "-": "change.deleted"}


@dataclass
class Entry:
    """One line of a timeline, whatever its source."""

    when: datetime
    kind: str
    action: str
    actor: str = ""
    actor_id: int | None = None
    subject: str = ""
    process_id: int | None = None
    summary: str = ""
    changes: list = field(default_factory=list)  # [(field label, old, new)] as a person reads them
    fields: list = field(default_factory=list)  # [(field name, old, new)] as stored

    @property
    def changes_text(self):
        return "; ".join(f"{label}: {old} → {new}" for label, old, new in self.changes)


# --- which models, which relations ------------------------------------------------------------------------


def tracked_models():
    """``[(model, history model)]`` of the business records with history, in a stable order."""
    pairs = []
    for model in registered_models.values():
        manager = getattr(model, "history", None)
        if manager is None or model._meta.label_lower in NOT_BUSINESS_RECORDS:
            continue
        pairs.append((model, manager.model))
    return sorted(pairs, key=lambda pair: pair[0]._meta.label_lower)


def _is_process_model(model):
    return model is not None and issubclass(model, Process)


def _foreign_keys(model, test):
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one) and test(f.related_model)
    ]


def process_models():
    """Every concrete ``Process`` subclass: one per procedure (appointment, reappointment, nomination, revocation…)."""
    return [m for m in apps.get_models() if issubclass(m, Process) and m is not Process]


# --- the union rows ------------------------------------------------------------------------------------------


def _char(value):
    return Value(value, output_field=CharField())


def _rows(queryset, kind, ref, when, action, obj):
    return (
        queryset.order_by()
        .annotate(t_kind=_char(kind), t_ref=ref, t_when=when, t_action=action, t_obj=obj)
        .values_list("t_kind", "t_ref", "t_when", "t_action", "t_obj")
    )


def audit_rows(queryset):
    return _rows(queryset, KIND_AUDIT, F("pk"), F("occurred_at"), F("action"), F("object_id"))


def task_rows(queryset):
    """A step shows when it was completed, or when it was opened while still open."""
    return _rows(
        queryset,
        KIND_STEP,
        F("pk"),
        Coalesce("finished", "created"),
        Concat(_char("step."), Lower("status"), output_field=CharField()),
        Cast("process_id", CharField()),
    )


def history_rows(model, history_model, **lookup):
    pk_name = model._meta.pk.attname
    action = Case(
        *[When(history_type=code, then=_char(name)) for code, name in HISTORY_ACTIONS.items()],
        output_field=CharField(),
    )
    return _rows(
        history_model.objects.filter(**lookup),
        f"h:{model._meta.label_lower}",
        F("history_id"),
        F("history_date"),
        action,
        Cast(pk_name, CharField()),
    )


def histories_of(test, ids):
    """History rows of the records `ids` of the models passing `test`, and of every record pointing at them."""
    ids = list(ids)
    if not ids:
        return []
    sources = []
    for model, history_model in tracked_models():
        if test(model):
            sources.append(history_rows(model, history_model, **{f"{model._meta.pk.attname}__in": ids}))
        for fk in _foreign_keys(model, test):
            sources.append(history_rows(model, history_model, **{f"{fk.attname}__in": ids}))
    return sources


# --- the four timelines' sources --------------------------------------------------------------------------


def procedure_sources(process_ids):
    """Everything about the procedures `process_ids`: audit entries, steps, records linked to them."""
    process_ids = [pk for pk in process_ids if pk]
    if not process_ids:
        return []
    return [
        audit_rows(AuditEntry.objects.filter(process_id__in=process_ids)),
        task_rows(Task.objects.filter(process_id__in=process_ids)),
        *histories_of(_is_process_model, process_ids),
    ]


def processes_of_cadre(cadre):
    """Procedures the cadre is the subject of (candidate, or the cadre of a decision under review), found through
    each process model's ``CONFLICT_CADRE_LOOKUP`` — one query per procedure kind."""
    ids = set()
    for model in process_models():
        lookup = getattr(model, "CONFLICT_CADRE_LOOKUP", None)
        if lookup:
            ids.update(model.objects.filter(**{lookup: cadre.pk}).values_list("pk", flat=True))
    return sorted(ids)


def processes_of_decision(decision):
    """The procedure that produced the decision and every procedure pointing at it (e.g. revocation cases)."""
    from apps.decisions.models import Decision

    ids = {decision.process_id} if decision.process_id else set()
    for model in process_models():
        for fk in _foreign_keys(model, lambda related: related is Decision):
            ids.update(model.objects.filter(**{fk.name: decision.pk}).values_list("pk", flat=True))
    return sorted(ids)


def cadre_sources(cadre):
    from apps.cadres.models import Cadre

    about = Q(object_type="cadres.cadre", object_id=str(cadre.pk)) | Q(data__cadre=cadre.pk)
    return [
        audit_rows(AuditEntry.objects.filter(about)),
        *histories_of(lambda model: model is Cadre, [cadre.pk]),
        *procedure_sources(processes_of_cadre(cadre)),
    ]


def decision_sources(decision):
    """The decision, its participants, the tenure it opened or acted on (ended when revoked), and every procedure
    that produced it or reviewed it."""
    from apps.cadres.models import Tenure
    from apps.decisions.models import Decision

    about = Q(object_type="decisions.decision", object_id=str(decision.pk))
    sources = [*histories_of(lambda model: model is Decision, [decision.pk])]
    if decision.tenure_id:
        about |= Q(object_type="cadres.tenure", object_id=str(decision.tenure_id))
        sources += [history_rows(Tenure, Tenure.history.model, id=decision.tenure_id)]
    return [
        audit_rows(AuditEntry.objects.filter(about)),
        *sources,
        *procedure_sources(processes_of_decision(decision)),
    ]


def user_sources(user):
    """What the person did (audit entries, steps, record changes made by them) and what happened to their account,
    roles and cadre record — whatever unit they are in now, or if they left."""
    from apps.accounts.models import RoleAssignment
    from apps.cadres.models import Cadre
    from apps.decisions.models import DecisionParticipant

    sources = [
        audit_rows(AuditEntry.objects.filter(actor_id=user.pk)),
        task_rows(Task.objects.filter(owner_id=user.pk)),
    ]
    for model, history_model in tracked_models():
        sources.append(history_rows(model, history_model, history_user_id=user.pk))
        if model is get_user_model():
            sources.append(history_rows(model, history_model, id=user.pk))
        elif model in (RoleAssignment, DecisionParticipant):
            sources.append(history_rows(model, history_model, user_id=user.pk))
        elif model is Cadre and user.cadre_id:
            sources.append(history_rows(model, history_model, id=user.cadre_id))
    return sources


# --- filtering, paging, hydrating -------------------------------------------------------------------------


@dataclass
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""
    kind: str = ""
    newest_first: bool = False

    def apply(self, rows):
        if self.date_from:
            rows = rows.filter(t_when__date__gte=self.date_from)
        if self.date_to:
            rows = rows.filter(t_when__date__lte=self.date_to)
        if self.action:
            rows = rows.filter(
                Q(t_action=self.action) | Q(t_action__startswith=self.action.rstrip(".") + ".")
            )
        return rows

    def keeps(self, kind):
        if not self.kind:
            return True
        return kind == self.kind or (self.kind == KIND_CHANGE and kind.startswith("h:"))


def combined(sources, filters=None):
    """One query: the union of the sources' rows, filtered, de-duplicated and ordered (not yet evaluated)."""
    filters = filters or Filters()
    kept = []
    for rows in sources:
        kind = rows.query.annotations["t_kind"].value
        if filters.keeps(kind):
            kept.append(filters.apply(rows))
    if not kept:
        return AuditEntry.objects.none().values_list("pk", "pk", "occurred_at", "action", "object_id")
    union = kept[0].union(*kept[1:]) if len(kept) > 1 else kept[0]
    direction = "-" if filters.newest_first else ""
    return union.order_by(f"{direction}t_when", f"{direction}t_kind", f"{direction}t_ref")


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def show_value(model, name, value):
    """A stored value as a person reads it: dd/mm/yyyy dates, choice labels, #id for relations."""
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        model_field = None
    if model_field is not None and model_field.is_relation:
        return f"#{value}"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _user_label(user):
    if user is None:
        return ""
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _audit_entries(pks):
    found = {}
    for entry in AuditEntry.objects.filter(pk__in=pks).select_related("actor"):
        summary = "; ".join(
            f"{key}: {show_value(AuditEntry, key, value)}" for key, value in sorted(entry.data.items())
        )
        subject = entry.object_repr
        if entry.object_type:
            subject = f"{entry.object_repr} ({entry.object_type} #{entry.object_id})"
        found[(KIND_AUDIT, entry.pk)] = Entry(
            when=entry.occurred_at,
            kind=KIND_AUDIT,
            action=entry.action,
            actor=_user_label(entry.actor) if entry.actor else entry.actor_label,
            actor_id=entry.actor_id,
            subject=subject,
            process_id=entry.process_id,
            summary=summary[:1000],
        )
    return found


def _step_entries(pks):
    found = {}
    for task in Task.objects.filter(pk__in=pks).select_related("owner", "process"):
        flow_class = task.process.flow_class
        procedure = str(getattr(flow_class, "process_title", "") or "") if flow_class else ""
        parts = [
            _("{procedure} #{pk}").format(procedure=procedure, pk=task.process_id),
            task.get_status_display() if hasattr(task, "get_status_display") else task.status,
            _("opened {when}").format(when=show_value(Task, "created", task.created)),
        ]
        if task.finished:
            parts.append(_("finished {when}").format(when=show_value(Task, "finished", task.finished)))
        found[(KIND_STEP, task.pk)] = Entry(
            when=task.finished or task.created,
            kind=KIND_STEP,
            action=f"step.{task.status.lower()}",
            actor=_user_label(task.owner),
            actor_id=task.owner_id,
            subject=str(task.title or task.flow_task),
            process_id=task.process_id,
            summary=" — ".join(parts),
        )
    return found


def raw_changes(version, previous):
    """``[(field name, old, new)]``: the field-level diff against the previous version (``diff_against``); for a
    creation, the first values the record was given (old is ``None``)."""
    if version.history_type == "~" and previous is not None:
        delta = version.diff_against(previous, excluded_fields=DIFF_EXCLUDED)
        return [(c.field, c.old, c.new) for c in delta.changes]
    if version.history_type != "+":
        return []
    shown = []
    for tracked in version.tracked_fields:
        if tracked.primary_key or tracked.name in DIFF_EXCLUDED or not tracked.editable:
            continue
        value = getattr(version, tracked.attname, None)
        if value in (None, "", [], {}):
            continue
        shown.append((tracked.name, None, value))
        if len(shown) == INITIAL_FIELDS_SHOWN:
            break
    return shown


def _shown(model, changes):
    return [
        (
            _label(model, name),
            "" if old is None else show_value(model, name, old),
            show_value(model, name, new),
        )
        for name, old, new in changes
    ]


def _change_entries(kind, model, history_model, items):
    """One query for the versions on the page *and* the versions before them (for the diffs)."""
    pk_name = model._meta.pk.attname
    wanted = {ref for ref, _when, _obj in items}
    object_ids = {model._meta.pk.to_python(obj) for _ref, _when, obj in items}
    latest = max(when for _ref, when, _obj in items)
    versions = (
        history_model.objects.filter(**{f"{pk_name}__in": object_ids}, history_date__lte=latest)
        .select_related("history_user")
        .order_by(pk_name, "history_date", "history_id")
    )
    process_fks = [fk.attname for fk in _foreign_keys(model, _is_process_model)]
    found, last = {}, {}
    for version in versions:
        obj = getattr(version, pk_name)
        previous, last[obj] = last.get(obj), version
        if version.history_id not in wanted:
            continue
        if _is_process_model(model):
            process_id = obj
        else:
            process_id = next(
                (getattr(version, name) for name in process_fks if getattr(version, name)), None
            )
        fields = raw_changes(version, previous)
        found[(kind, version.history_id)] = Entry(
            when=version.history_date,
            kind=KIND_CHANGE,
            action=HISTORY_ACTIONS.get(version.history_type, "change"),
            actor=_user_label(version.history_user),
            actor_id=version.history_user_id,
            subject=f"{model._meta.verbose_name} #{obj}",
            process_id=process_id,
            summary=version.history_change_reason or "",
            fields=fields,
            changes=_shown(model, fields),
        )
    return found


def hydrate(rows):
    """The union's ``(kind, ref, when, action, object)`` rows → ``Entry`` objects, in the rows' order, with one
    query per kind present (audit entries, steps, each history model)."""
    by_kind = defaultdict(list)
    for kind, ref, when, _action, obj in rows:
        by_kind[kind].append((ref, when, obj))
    found = {}
    models_by_label = {model._meta.label_lower: (model, history) for model, history in tracked_models()}
    for kind, items in by_kind.items():
        if kind == KIND_AUDIT:
            found.update(_audit_entries([ref for ref, _w, _o in items]))
        elif kind == KIND_STEP:
            found.update(_step_entries([ref for ref, _w, _o in items]))
        elif kind.startswith("h:") and kind[2:] in models_by_label:
            model, history_model = models_by_label[kind[2:]]
            found.update(_change_entries(kind, model, history_model, items))
    return [found[(kind, ref)] for kind, ref, *_rest in rows if (kind, ref) in found]


class Timeline:
    """A timeline over `sources` (see the ``*_sources`` functions), filtered; paged or exported."""

    def __init__(self, sources, filters=None):
        self.filters = filters or Filters()
        self.rows = combined(sources, self.filters)

    def page(self, number, size=50):
        from django.core.paginator import Paginator

        page = Paginator(self.rows, size).get_page(number)
        page.object_list = hydrate(list(page.object_list))
        return page

    def entries(self, limit=EXPORT_LIMIT):
        return hydrate(list(self.rows[:limit]))


# --- the people: who they were then, where they are now -----------------------------------------------------


def people_with_status(user_ids):
    """``{user id: {"user", "cadre", "active", "roles"}}``: each person's account, cadre record (current unit,
    employment status: working, transferred, retired…) and the roles they hold *now* — two queries."""
    from apps.accounts.models import RoleAssignment

    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    roles = defaultdict(list)
    for assignment in RoleAssignment.objects.active().filter(user_id__in=ids).select_related("unit"):
        roles[assignment.user_id].append(assignment)
    users = get_user_model().objects.filter(pk__in=ids).select_related("cadre__current_unit")
    return {
        user.pk: {"user": user, "cadre": user.cadre, "active": user.is_active, "roles": roles[user.pk]}
        for user in users
    }


def decision_people(decision):
    """Who proposed, reviewed, verified, decided and signed the decision, with their unit then and status now."""
    from apps.decisions.models import DecisionParticipant

    rows = list(
        DecisionParticipant.objects.filter(decision_id=decision.pk).select_related("user", "unit_at_the_time")
    )
    status = people_with_status([row.user_id for row in rows])
    for row in rows:
        row.now = status.get(row.user_id)
    return rows


def user_participations(user):
    """The decisions the person took part in, with the unit and title they had then."""
    from apps.decisions.models import DecisionParticipant

    return list(
        DecisionParticipant.objects.filter(user_id=user.pk)
        .select_related("decision", "unit_at_the_time")
        .order_by("-decision__issued_on", "-pk")
    )


def user_roles(user):
    """Every role the person holds or held (withdrawn ones with their date)."""
    from apps.accounts.models import RoleAssignment

    return list(RoleAssignment.objects.filter(user_id=user.pk).select_related("unit").order_by("-granted_at"))


__all__ = [
    "Entry",
    "Filters",
    "KINDS",
    "Timeline",
    "cadre_sources",
    "decision_people",
    "decision_sources",
    "people_with_status",
    "procedure_sources",
    "user_participations",
    "user_roles",
    "user_sources",
]
