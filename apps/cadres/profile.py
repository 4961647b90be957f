"""The cadre profile page's reader: everything recorded about a cadre, and the history of every change with who
made it, when, and the old and new values (one query per source model, whatever the history's length)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from apps.organisation.models import Position

from .models import (
    Achievement,
    AssetDeclaration,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)


@dataclass
class Change:
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str  # "+", "~", "-"
    subject: str
    changes: list = field(default_factory=list)
    reason: str = ""

    @property
    def kind_label(self):
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}.get(self.kind, self.kind)


_HISTORY_SOURCES = [
    # (model, lookup from the model to the cadre, label)
    (Cadre, "id", _("Cadre record")),
    (Tenure, "cadre_id", _("Tenure")),
    (PlanningEntry, "cadre_id", _("Planning entry")),
    (Evaluation, "cadre_id", _("Evaluation")),
    (Achievement, "cadre_id", _("Achievement")),
    (Discipline, "cadre_id", _("Discipline")),
    (PoliticalConclusion, "cadre_id", _("Political-standard conclusion")),
    (AssetDeclaration, "cadre_id", _("Asset declaration")),
]

_NOT_SHOWN = {"created_at", "updated_at"}


def _display(model, field_name, value, fk_labels):
    model_field = model._meta.get_field(field_name)
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return fk_labels.get((model_field.related_model, value), value)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _fk_labels(records_by_model):
    """{(related model, pk): str} for every foreign key value in the records, one query per related model."""
    wanted = {}
    for model, records in records_by_model:
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.name not in _NOT_SHOWN:
                for record in records:
                    pk = getattr(record, model_field.attname)
                    if pk is not None:
                        wanted.setdefault(model_field.related_model, set()).add(pk)
    labels = {}
    for related, pks in wanted.items():
        if related is Cadre:
            rows = Cadre.objects.filter(pk__in=pks).values_list("pk", "full_name")
        elif related is Position:
            rows = [(obj.pk, str(obj)) for obj in related.objects.filter(pk__in=pks).select_related("unit")]
        else:
            rows = [(obj.pk, str(obj)) for obj in related.objects.filter(pk__in=pks)]
        labels.update({(related, pk): label for pk, label in rows})
    return labels


def _changes(model, record, before, fk_labels):
    """The fields `record` changed since `before`, as labelled, displayable old and new values."""
    if before is None or record.history_type != "~":
        return []
    return [
        Change(
            label=str(model._meta.get_field(change.field).verbose_name),
            old=_display(model, change.field, change.old, fk_labels),
            new=_display(model, change.field, change.new, fk_labels),
        )
        for change in record.diff_against(before).changes
        if change.field not in _NOT_SHOWN
    ]


def cadre_history(cadre):
    """The changes of the cadre record and of everything recorded about the cadre, newest first, each with
    who made it, when, and the old and new value of every changed field. One query per source model (and one
    per related model named in the records), whatever the length of the history."""
    sources = [
        (
            model,
            label,
            list(
                model.history.filter(**{lookup: cadre.pk})
                .select_related("history_user")
                .order_by("id", "history_date", "history_id")
            ),
        )
        for model, lookup, label in _HISTORY_SOURCES
    ]
    fk_labels = _fk_labels([(model, records) for model, _label, records in sources])
    entries = []
    for model, label, records in sources:
        previous = {}
        for record in records:
            subject = label if model is Cadre else f"{label}: {_history_str(model, record, fk_labels)}"
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    kind=record.history_type,
                    subject=str(subject),
                    changes=_changes(model, record, previous.get(record.id), fk_labels),
                    reason=record.history_change_reason or "",
                )
            )
            previous[record.id] = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _history_str(model, record, fk_labels):
    """A short label for a related record without touching the database."""
    if model is Tenure:
        return str(fk_labels.get((Position, record.position_id), ""))
    if model is PlanningEntry:
        return f"{fk_labels.get((Position, record.position_id), '')} ({record.term})"
    if model in (Evaluation, AssetDeclaration):
        return str(record.year)
    if model is Achievement:
        return record.title
    if model is Discipline:
        return str(
            _display(Discipline, "kind", record.kind, {}) or _display(Discipline, "status", record.status, {})
        )
    if model is PoliticalConclusion:
        return str(_display(PoliticalConclusion, "status", record.status, {}))
    return ""


@dataclass
class CadreProfile:
    cadre: Cadre
    tenures: list
    planning: list
    evaluations: list
    achievements: list
    disciplines: list
    conclusions: list
    asset_declarations: list
    history: list


def cadre_profile(cadre):
    """Everything the profile page shows about a cadre the caller has already been allowed to see."""
    return CadreProfile(
        cadre=cadre,
        tenures=list(
            cadre.tenures.select_related("position", "position__unit").order_by("-start_date", "-pk")
        ),
        planning=list(cadre.planning.select_related("position", "position__unit").order_by("-approved_on")),
        evaluations=list(cadre.evaluations.order_by("-year")),
        achievements=list(cadre.achievements.order_by("-achieved_on")),
        disciplines=list(cadre.disciplines.order_by("-effective_from", "-decided_on", "-pk")),
        conclusions=list(cadre.political_conclusions.order_by("-concluded_on", "-created_at")),
        asset_declarations=list(cadre.asset_declarations.order_by("-year")),
        history=cadre_history(cadre),
    )
