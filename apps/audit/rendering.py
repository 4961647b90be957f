"""The one renderer of audit entries (issue 11 §4): the procedure history, the timelines, the audit log and the
timeline exports all call ``render_entries``.

An entry stores codes, ids and ISO dates (that is what the hash chain covers); a person reads, in their own
language at the time of reading, the action's label (``apps.audit.labels``) and its data as "label: value" pairs:
dates as dd/mm/yyyy, names instead of ids, choice labels instead of codes, rule values by their meaning, never
raw JSON. The objects named by the entries of a page are loaded in bulk: one query per model per page.
"""

import re
from collections import defaultdict
from datetime import date, datetime

from django.apps import apps
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .labels import label_of
from .vocabulary import BY_CADRE, CHOICES, HIDDEN, LABELS, NATURAL_KEYS, REFERENCES

__all__ = ["BY_CADRE", "CHOICES", "HIDDEN", "LABELS", "NATURAL_KEYS", "REFERENCES", "render_entries"]

#: renderers other apps register for values only they understand (e.g. the rule sets for rule values)
VALUE_RENDERERS = {}


def register_value_renderer(key, function):
    """``function(value) -> [(label, text)] | str``: how the data `key` reads (called at read time)."""
    VALUE_RENDERERS[key] = function


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
ANY_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
HASH_ID = re.compile(r"#(\d+)")


def yes_no(value):
    return _("yes") if value else _("no")


def show_date(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        if ISO_DATE.match(value):
            parsed = parse_date(value)
            return parsed.strftime("%d/%m/%Y") if parsed else value
        if ISO_DATETIME.match(value):
            parsed = parse_datetime(value)
            return show_date(parsed) if parsed else value
    return None


def readable_text(text):
    """A stored string as shown: ISO dates inside it as dd/mm/yyyy, ``#12`` as "no. 12"."""
    text = ANY_ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", str(text))
    return HASH_ID.sub(lambda m: _("no. {number}").format(number=m.group(1)), text)


def _choice_labels(key):
    labels = {}
    for model_label, field_name in CHOICES.get(key, ()):
        try:
            field = apps.get_model(model_label)._meta.get_field(field_name)
        except (LookupError, Exception):
            continue
        labels.update({value: str(label) for value, label in field.flatchoices})
    return labels


def _name(model_label, obj):
    if obj is None:
        return None
    if model_label == "cadres.Cadre":
        return obj.full_name
    if model_label == "decisions.Decision":
        return obj.number or _("draft decision of {day}").format(day=obj.created.strftime("%d/%m/%Y"))
    if model_label == "organisation.Position":
        return obj.title
    if model_label == "organisation.OrgUnit":
        return obj.name
    if model_label == "accounts.User":
        return obj.get_full_name() or obj.get_username()
    if model_label == "rulesets.RuleSet":
        return obj.name
    return readable_text(str(obj))


class References:
    """The objects the data of a page of entries names, loaded with one query per model."""

    def __init__(self, datas):
        wanted = defaultdict(set)
        pending = [data or {} for data in datas]
        while (
            pending
        ):  # the entries' data and the records nested in it (a list of decisions, each with its cadre)
            data = pending.pop()
            for key, value in data.items():
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        pending.append(item)
                    elif key in REFERENCES and key not in VALUE_RENDERERS:
                        if isinstance(item, int | str) and not isinstance(item, bool) and item != "":
                            wanted[REFERENCES[key][1]].add(item)
            for key in BY_CADRE:
                if isinstance(data.get(key), dict):
                    wanted["cadres.Cadre"].update(data[key])
        self.found = {}
        for model_label, values in wanted.items():
            try:
                model = apps.get_model(model_label)
            except LookupError:
                continue
            ids = {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}
            natural = NATURAL_KEYS.get(model_label)
            names = {v for v in values if isinstance(v, str) and not v.isdigit()} if natural else set()
            if not ids and not names:
                continue
            from django.db.models import Q

            query = Q(pk__in=ids)
            if names:
                query |= Q(**{f"{natural}__in": names})
            queryset = model._default_manager.filter(query)
            if model_label == "cadres.Tenure":
                queryset = queryset.select_related("cadre", "position")
            for obj in queryset:
                self.found[(model_label, obj.pk)] = obj
                if natural:
                    self.found[(model_label, getattr(obj, natural))] = obj

    def name(self, model_label, value):
        if isinstance(value, dict):  # a record nested in the data: its own fields, read the same way
            return "; ".join(
                f"{_key_label(k)}: {show_value(k, v, self)}" for k, v in value.items() if k not in HIDDEN
            )
        if isinstance(value, list):
            return ", ".join(self.name(model_label, item) for item in value)
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        obj = self.found.get((model_label, value))
        if obj is not None:
            return _name(model_label, obj)
        if isinstance(value, str):
            return readable_text(value)  # a number or code recorded as text (a decision's number)
        return _("(not found)")


def _count(value):
    return ngettext("%(n)d person", "%(n)d people", len(value)) % {"n": len(value)}


def show_value(key, value, refs):
    """One data value as text."""
    if value is None or value == "" or value == []:
        return "—"
    if key in REFERENCES:
        model_label = REFERENCES[key][1]
        if isinstance(value, str) and value in (choices := _choice_labels(key)):
            return choices[
                value
            ]  # a key that names an object elsewhere and a code here (a nomination's body)
        items = value if isinstance(value, list) else [value]
        return ", ".join(refs.name(model_label, item) for item in items)
    if key in BY_CADRE and isinstance(value, dict):
        choices = _choice_labels("results")
        parts = []
        for cadre, result in value.items():
            if key == "tallies":
                votes_for, against = (
                    (list(result) + [None, None])[:2] if isinstance(result, list) else (result, None)
                )
                shown = _("{n} for").format(n=votes_for)
                if against is not None:
                    shown += ", " + _("{n} against").format(n=against)
            else:
                shown = (
                    choices.get(result, readable_text(result)) if isinstance(result, str) else plain(result)
                )
            parts.append(f"{refs.name('cadres.Cadre', cadre)}: {shown}")
        return "; ".join(parts)
    if key == "convened_members" and isinstance(value, list):
        return _count(value)
    if key == "denominator" and isinstance(value, dict):
        kind = _choice_labels("denominator").get(value.get("kind"))
        if kind is None:
            try:
                field = apps.get_model("conferences.Conference")._meta.get_field("denominator_kind")
                kind = str(dict(field.flatchoices).get(value.get("kind"), ""))
            except LookupError:
                kind = ""
        return f"{value.get('value')} ({kind})" if kind else str(value.get("value"))
    if isinstance(value, dict):  # a record nested in the data: its own keys, read the same way
        return refs.name("", value)
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return " | ".join(show_value(key, item, refs) for item in value)
    choices = _choice_labels(key)
    if isinstance(value, str) and value in choices:
        return choices[value]
    if isinstance(value, list) and choices:
        return ", ".join(
            choices.get(item, plain(item)) if isinstance(item, str) else plain(item) for item in value
        )
    return plain(value)


def plain(value):
    """Any other value: never JSON."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    when = show_date(value)
    if when is not None:
        return when
    if isinstance(value, dict):
        return "; ".join(f"{_key_label(k)}: {plain(v)}" for k, v in value.items() if k not in HIDDEN)
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value)
    return readable_text(value)


def _key_label(key):
    if key in LABELS:
        return str(LABELS[key])
    if key in REFERENCES:
        return str(REFERENCES[key][0])
    return str(key).replace("_", " ")


def _field_names(object_type, names):
    """The verbose names of the fields an administration edit changed (``fields``), instead of their names."""
    try:
        model = apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        model = None
    shown = []
    for name in names:
        try:
            shown.append(str(model._meta.get_field(name).verbose_name))
        except Exception:
            shown.append(str(name).replace("_", " "))
    return ", ".join(shown)


def render_data(data, refs, object_type=""):
    """``[(label, text)]`` for one entry's data (`object_type`: the entry's ``app_label.model``)."""
    shown = []
    for key, value in (data or {}).items():
        if key in HIDDEN:
            continue
        if key == "fields" and isinstance(value, list):
            if value:
                shown.append((_key_label(key), _field_names(object_type, value)))
            continue
        if key in VALUE_RENDERERS:
            rendered = VALUE_RENDERERS[key](value)
            if isinstance(rendered, list):
                shown.extend(rendered)
                continue
            shown.append((_key_label(key), rendered))
            continue
        if value in (None, "", [], {}) and key not in ("passed",):
            continue
        shown.append((_key_label(key), show_value(key, value, refs)))
    return shown


def render_entries(entries, *, data=lambda e: e.data, action=lambda e: e.action):
    """Set ``label``, ``details`` ([(label, text)]) and ``detail_text`` on each of `entries` (anything with an
    action and data); one query per model the page names. Returns the entries."""
    entries = list(entries)
    refs = References([data(e) or {} for e in entries])
    for entry in entries:
        entry.label = label_of(action(entry))
        entry.subject = readable_text(getattr(entry, "object_repr", "") or "")
        entry.details = render_data(data(entry) or {}, refs, getattr(entry, "object_type", ""))
        entry.detail_text = "; ".join(f"{label}: {text}" for label, text in entry.details)
    return entries
