"""Where a timeline's events come from, as rows of one SQL ``UNION``: ``(kind, ref, when, action, object)``.

A procedure's events are the audit entries carrying its ``process_id``, its Viewflow ``Task`` rows and the
history of every tracked model that is a ``Process`` subclass or has a foreign key to one — so a new procedure
is covered by construction. The union is filtered, de-duplicated, ordered and paged by the database.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from simple_history.models import registered_models
from viewflow.workflow.models import Process, Task

from apps.accounts.models import RoleAssignment
from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre, Tenure
from apps.decisions.models import Decision, DecisionParticipant

from .constants import HISTORY_ACTIONS, KIND_AUDIT, KIND_CHANGE, KIND_STEP, NOT_BUSINESS_RECORDS

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


def is_process_model(model):
    return model is not None and issubclass(model, Process)


def foreign_keys(model, test):
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
        for fk in foreign_keys(model, test):
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
        *histories_of(is_process_model, process_ids),
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
    ids = {decision.process_id} if decision.process_id else set()
    for model in process_models():
        for fk in foreign_keys(model, lambda related: related is Decision):
            ids.update(model.objects.filter(**{fk.name: decision.pk}).values_list("pk", flat=True))
    return sorted(ids)


def cadre_sources(cadre):
    about = Q(object_type="cadres.cadre", object_id=str(cadre.pk)) | Q(data__cadre=cadre.pk)
    return [
        audit_rows(AuditEntry.objects.filter(about)),
        *histories_of(lambda model: model is Cadre, [cadre.pk]),
        *procedure_sources(processes_of_cadre(cadre)),
    ]


def decision_sources(decision):
    """The decision, its participants, the tenure it opened or acted on (ended when revoked), and every procedure
    that produced it or reviewed it."""
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


# --- filtering and combining -------------------------------------------------------------------------


@dataclass
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""
    kind: str = ""
    newest_first: bool = False
    #: events up to this instant only: an export reads a fixed timeline while new events keep arriving
    until: datetime | None = None

    def apply(self, rows):
        if self.until:
            rows = rows.filter(t_when__lte=self.until)
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


def combined(sources, filters=None, bound=None):
    """One query: the union of the sources' rows, filtered, de-duplicated and ordered (not yet evaluated).

    With `bound`, only the first `bound` rows of the union are wanted (a page, a capped count): each source is
    ordered and cut to `bound` rows before the union (where the database takes ordered, sliced parts: PostgreSQL),
    so that the union never sorts all of a busy user's rows. Exact: every source is one table filtered, its rows
    distinct by ``t_ref``, so the union's first `bound` rows are among its sources' first `bound`."""
    from django.db import connection

    filters = filters or Filters()
    kept = []
    for rows in sources:
        kind = rows.query.annotations["t_kind"].value
        if filters.keeps(kind):
            kept.append(filters.apply(rows))
    if not kept:
        return AuditEntry.objects.none().values_list("pk", "pk", "occurred_at", "action", "object_id")
    direction = "-" if filters.newest_first else ""
    order = (f"{direction}t_when", f"{direction}t_kind", f"{direction}t_ref")
    if bound is not None and len(kept) > 1 and connection.features.supports_slicing_ordering_in_compound:
        kept = [rows.order_by(*order)[:bound] for rows in kept]
    union = kept[0].union(*kept[1:]) if len(kept) > 1 else kept[0]
    return union.order_by(*order)
