"""Turning a page of union rows into ``Entry`` objects with one query per kind present on the page: the audit
entries, the steps, and one per history model (which also brings the previous versions for the diffs)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from apps.audit.labels import label_of
from apps.audit.models import AuditEntry
from apps.audit.rendering import VALUE_RENDERERS, readable_text, render_entries

from .constants import (
    DIFF_EXCLUDED,
    EXPORT_CHUNK_ROWS,
    HISTORY_ACTIONS,
    INITIAL_FIELDS_SHOWN,
    KIND_AUDIT,
    KIND_CHANGE,
    KIND_STEP,
    VALUE_CHARS,
)
from .sources import Filters, combined, foreign_keys, is_process_model, tracked_models


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
    label: str = ""  # the action as a person reads it (apps.audit.labels), in the reader's language
    details: list = field(default_factory=list)  # [(label, text)] of an audit entry's data (rendering)
    object_ref: tuple = ()  # (model label, pk) of the object, for links and tests: the page shows `subject`
    changes: list = field(default_factory=list)  # [(field label, old, new)] as a person reads them
    fields: list = field(default_factory=list)  # [(field name, old, new)] as stored

    @property
    def changes_text(self):
        return "; ".join(
            f"{label}: {old} → {new}" if old else f"{label}: {new}" for label, old, new in self.changes
        )


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _related_names(_model, changes_by_model):
    """``{(related model, pk): name}`` for the relations changed on a page: one query per related model."""
    wanted = defaultdict(set)
    for model, changes in changes_by_model:
        for name, old, new in changes:
            try:
                model_field = model._meta.get_field(name)
            except Exception:
                continue
            if model_field.is_relation and model_field.related_model is not None:
                wanted[model_field.related_model].update(v for v in (old, new) if v not in (None, ""))
    names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, obj.pk)] = _object_name(obj)
    return names


def _object_name(obj):
    for attribute in ("full_name", "number", "title", "name"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return readable_text(str(obj))


def show_value(model, name, value, names=None):
    """A stored value as a person reads it: dd/mm/yyyy dates, choice labels, names for relations (from `names`,
    loaded in bulk by ``_related_names``), rule values and other JSON as "label: value"."""
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        model_field = None
    if model_field is not None and model_field.is_relation:
        related = model_field.related_model
        return (names or {}).get((related, value)) or _("(not found)")
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
    if name in VALUE_RENDERERS:
        value = VALUE_RENDERERS[name](value)
        if isinstance(value, list):
            value = "; ".join(f"{label}: {text}" for label, text in value)
    if isinstance(value, dict | list):
        from apps.audit.rendering import plain

        value = plain(value)
    text = readable_text(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _user_label(user):
    if user is None:
        return ""
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _audit_entries(pks):
    found = {}
    for entry in render_entries(AuditEntry.objects.filter(pk__in=pks).select_related("actor")):
        found[(KIND_AUDIT, entry.pk)] = Entry(
            when=entry.occurred_at,
            kind=KIND_AUDIT,
            action=entry.action,
            label=entry.label,
            actor=_user_label(entry.actor) if entry.actor else entry.actor_label,
            actor_id=entry.actor_id,
            subject=entry.subject,
            object_ref=(entry.object_type, entry.object_id) if entry.object_type else (),
            process_id=entry.process_id,
            summary=entry.detail_text[:1000],
            details=entry.details,
        )
    return found


def _step_entries(pks):
    found = {}
    for task in Task.objects.filter(pk__in=pks).select_related("owner", "process"):
        flow_class = task.process.flow_class
        procedure = str(getattr(flow_class, "process_title", "") or "") if flow_class else ""
        parts = [
            _("{procedure} no. {pk}").format(procedure=procedure, pk=task.process_id),
            task.get_status_display() if hasattr(task, "get_status_display") else task.status,
            _("opened {when}").format(when=show_value(Task, "created", task.created)),
        ]
        if task.finished:
            parts.append(_("finished {when}").format(when=show_value(Task, "finished", task.finished)))
        action = f"step.{task.status.lower()}"
        found[(KIND_STEP, task.pk)] = Entry(
            when=task.finished or task.created,
            kind=KIND_STEP,
            action=action,
            label=label_of(action),
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


def _shown(model, changes, created=False, names=None):
    """The diff as a person reads it; a creation has no "before" column."""
    return [
        (
            _label(model, name),
            "" if created else show_value(model, name, old, names),
            show_value(model, name, new, names),
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
    process_fks = [fk.attname for fk in foreign_keys(model, is_process_model)]
    found, last, kept = {}, {}, []
    for version in versions:
        obj = getattr(version, pk_name)
        previous, last[obj] = last.get(obj), version
        if version.history_id not in wanted:
            continue
        if is_process_model(model):
            process_id = obj
        else:
            process_id = next(
                (getattr(version, name) for name in process_fks if getattr(version, name)), None
            )
        kept.append((version, obj, process_id, raw_changes(version, previous)))
    names = _related_names(model, [(model, fields) for *_rest, fields in kept])
    for version, obj, process_id, fields in kept:
        action = HISTORY_ACTIONS.get(version.history_type, "change")
        found[(kind, version.history_id)] = Entry(
            when=version.history_date,
            kind=KIND_CHANGE,
            action=action,
            label=label_of(action),
            actor=_user_label(version.history_user),
            actor_id=version.history_user_id,
            subject=_("{model} no. {pk}").format(model=model._meta.verbose_name, pk=obj),
            object_ref=(model._meta.label_lower, str(obj)),
            process_id=process_id,
            summary=readable_text(version.history_change_reason or ""),
            fields=fields,
            changes=_shown(model, fields, created=version.history_type == "+", names=names),
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

    #: a page counts the events up to this many (a user of decades has millions): "more than …" beyond
    PAGE_COUNT_CAP = 10_000

    def __init__(self, sources, filters=None):
        self.filters = filters or Filters()
        self.sources = sources
        self.rows = combined(sources, self.filters)

    def page(self, number, size=50):
        """One page of the timeline: the union cut to the rows up to that page in each source (``combined``'s
        `bound`), counted up to ``PAGE_COUNT_CAP`` (``paginator.capped`` when there are more)."""
        from django.core.paginator import Paginator

        cap = self.PAGE_COUNT_CAP
        count = combined(self.sources, self.filters, bound=cap + 1)[: cap + 1].count()
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        rows = combined(self.sources, self.filters, bound=min(number, max(1, -(-cap // size))) * size)
        paginator = Paginator(rows, size)
        paginator.count = min(count, cap)  # (a cached_property: set, it is not counted again)
        paginator.capped = count > cap
        page = paginator.get_page(number)
        page.object_list = hydrate(list(page.object_list))
        return page

    def count(self):
        return self.rows.count()

    def iter_entries(self, total=None, chunk=EXPORT_CHUNK_ROWS):
        """Every event of the timeline, hydrated `chunk` at a time (1 + one per kind queries per chunk); `total` is
        the count already taken, so that no query is spent finding the end."""
        total = self.count() if total is None else total
        for offset in range(0, total, chunk):
            rows = list(self.rows[offset : offset + chunk])
            if not rows:
                return
            yield from hydrate(rows)
