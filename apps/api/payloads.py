"""A step's payload: its form's fields (the form the step's page shows, declared in the flow's ``steps.py``).

- ``to_form_data``: the request's body as the form's data and files. JSON is turned into what a browser would post:
  a list of scalars is a multi-valued field, a list of objects is a formset (``"tally": [{"cadre": 1, …}]`` →
  ``tally-0-cadre`` and the management form), ``{"name", "content"}`` (base64) is an uploaded file. A multipart
  body is taken as it is.
- ``schema_of_step``: the JSON schema of a step's payload, from its form's fields; every step's schema is an
  OpenAPI component (``add_step_payloads`` in ``apps.api.schema``), named by ``component_name``.
"""

import base64
import binascii
import os
import re

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from .procedures import KINDS

FILE_SCHEMA = {
    "type": "object",
    "description": "An uploaded file: its name and its content in base64 (multipart/form-data: the file itself).",
    "properties": {
        "name": {"type": "string", "maxLength": 255},
        "content": {"type": "string", "format": "byte"},
    },
    "required": ["name", "content"],
}


# --- the request → the form's data ------------------------------------------------------------------------------


def _scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _file(name, value):
    try:
        content = base64.b64decode(str(value.get("content", "")), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({name: [_("The file's content is not valid base64.")]}) from None
    filename = os.path.basename(str(value.get("name") or "").replace("\\", "/"))[:255]
    if "\x00" in filename:
        raise ValidationError({name: [_("Null characters are not allowed.")]})
    if filename in ("", ".", ".."):
        filename = "upload"
    return SimpleUploadedFile(filename, content)


def _put(data, files, key, value):
    if value is None:
        return
    if isinstance(value, dict):
        files.appendlist(key, _file(key, value))
    elif isinstance(value, list):
        if value and all(isinstance(item, dict) and "content" not in item for item in value):
            data.setlist(f"{key}-TOTAL_FORMS", [str(len(value))])
            data.setlist(f"{key}-INITIAL_FORMS", [str(len(value))])
            for index, row in enumerate(value):
                for field, field_value in row.items():
                    _put(data, files, f"{key}-{index}-{field}", field_value)
        elif not value:  # an empty formset (or an empty multi-valued field: the extra keys are ignored)
            data.setlist(f"{key}-TOTAL_FORMS", ["0"])
            data.setlist(f"{key}-INITIAL_FORMS", ["0"])
        else:
            for item in value:
                if isinstance(item, dict):
                    files.appendlist(key, _file(key, item))
                elif item is not None:
                    data.appendlist(key, _scalar(item))
    else:
        data.appendlist(key, _scalar(value))


def _check_text(data):
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in v for v in values if isinstance(v, str)):
            raise ValidationError({key.replace("\x00", ""): [_("Null characters are not allowed.")]})


def to_form_data(request, task=None):
    """(data, files) for the step's form from the request's body (JSON, multipart or urlencoded)."""
    body = request.data
    if hasattr(body, "getlist") and hasattr(body, "lists"):  # multipart / urlencoded: as a browser posts it
        data = MultiValueDict({k: [v for v in vs if isinstance(v, str)] for k, vs in body.lists()})
        files = MultiValueDict(dict(request.FILES.lists()))
        _check_text(data)
        return data, files
    if not isinstance(body, dict):
        raise ValidationError(_("The payload must be a JSON object."))
    data, files = MultiValueDict(), MultiValueDict()
    for key, value in body.items():
        _put(data, files, str(key), value)
    _check_text(data)
    return data, files


def invalid(exc):
    """The runner's ``StepInvalid`` (the form's errors) as a 400 naming each field."""
    detail = {}
    for name, errors in dict(exc.errors).items():
        key = "non_field_errors" if name == "__all__" else name
        detail[key] = _messages(errors)
    return ValidationError(detail)


def _messages(errors):
    if isinstance(errors, dict):
        return [f"{name}: {message}" for name, value in errors.items() for message in _messages(value)]
    if isinstance(errors, list | tuple):
        out = []
        for item in errors:
            out.extend(_messages(item))
        return out
    return [str(errors)]


# --- returning a step -------------------------------------------------------------------------------------------

RETURNED = "returned"


def _form_class(task):
    from workflows.common import runner

    try:
        step = runner.step_for(task)
    except Exception:
        return None
    return step.form_class if isinstance(step.form_class, type) else None


def returnable(task):
    """Does the step's form offer to return the proposal for revision (a ``decision`` choice "returned")?"""
    form_class = _form_class(task)
    field = form_class.base_fields.get("decision") if form_class else None
    return isinstance(field, forms.ChoiceField) and RETURNED in {
        str(value) for value, _label in field.choices
    }


def return_data(task, reason):
    data = MultiValueDict({"decision": [RETURNED], "reason": [reason]})
    return data, MultiValueDict()


def not_a_step_message():
    return _("This is not a step a person completes (a start, a decision point or an automatic step).")


def not_returnable_message():
    return _("This step cannot be returned for revision.")


# --- the payload's JSON schema --------------------------------------------------------------------------------


def _camel(text):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def component_name(kind, step_code):
    return f"{_camel(kind)}{_camel(step_code)}Payload"


def component_name_of_task(task):
    from .procedures import kind_of_flow

    kind = kind_of_flow(task.flow_task.flow_class) if task.flow_task else None
    return component_name(kind.code, task.flow_task.name) if kind else None


ENUM_LIMIT = 500


def _model_enum(field):
    """The primary keys a model choice field offers (its queryset, already scoped by the form), when few."""
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return None
    keys = list(queryset.values_list("pk", flat=True)[: ENUM_LIMIT + 1])
    return keys if len(keys) <= ENUM_LIMIT else None


def _field_schema(field, *, multipart=False, bound=False):
    """A form field's JSON schema; `bound`: the field of a form built for a task (its choices are the task's)."""
    schema = {}
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = {"type": "integer"}
        keys = _model_enum(field) if bound else None
        if keys is not None:
            items["enum"] = keys
        schema = {"type": "array", "items": items}
    elif isinstance(field, forms.ModelChoiceField):
        schema = {"type": "integer"}
        keys = _model_enum(field) if bound else None
        if keys is not None:
            schema["enum"] = keys
    elif isinstance(field, forms.MultipleChoiceField):
        choices = _choices(field)
        schema = {
            "type": "array",
            "items": {"type": "string", "enum": choices} if choices else {"type": "string"},
        }
    elif isinstance(field, forms.ChoiceField):
        choices = _choices(field)
        schema = {"type": "string", "enum": choices} if choices else {"type": "string"}
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        schema = {"type": "number"}
    elif isinstance(field, forms.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date", "description": "yyyy-mm-dd (or dd/mm/yyyy)"}
    elif isinstance(field, forms.FileField):
        schema = {"type": "string", "format": "binary"} if multipart else dict(FILE_SCHEMA)
    else:
        schema = {"type": "string"}
        if getattr(field, "max_length", None):
            schema["maxLength"] = field.max_length
    if field.label and "description" not in schema:
        schema["description"] = str(field.label)
    return schema


def _choices(field):
    try:
        return [str(value) for value, _label in field.choices if value not in ("", None)]
    except Exception:
        return []


def _fields_schema(fields, *, multipart=False, bound=False):
    properties, required = {}, []
    for name, field in fields.items():
        properties[name] = _field_schema(field, multipart=multipart, bound=bound)
        if field.required:
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _formset_schema(prefix, form_class, description):
    return {
        "type": "array",
        "description": description,
        "items": _fields_schema(form_class.base_fields),
    }


def schema_of_step(step):
    """The JSON schema of `step`'s payload (the fields of the form its page shows)."""
    form_class = step.form_class
    if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
        schema = _fields_schema(form_class.base_fields)
    else:
        schema = _factory_schema(form_class)
    schema["description"] = str(step.title)
    return schema


def _factory_schema(factory):
    """Steps whose form is built from the procedure (a conference and its tallies; a confirmation with a row per
    candidate): the form's fields and the formset's rows as the pages post them."""
    qualname = getattr(factory, "__qualname__", "")
    if qualname.startswith("ConferenceStepForm"):
        from apps.conferences import forms as conference_forms

        schema = _fields_schema(conference_forms.ConferenceForm.base_fields)
        tally = getattr(conference_forms, "TallyForm", None)
        if tally is not None:
            schema["properties"]["tally"] = _formset_schema(
                "tally", tally, "One row per remaining candidate: the cadre and their votes."
            )
        schema.pop("required", None)  # which fields a conference requires depends on its step (procedures §1)
        return schema
    schema = {
        "type": "object",
        "additionalProperties": True,
        "description": "The fields depend on the procedure: read them in the task's `payload` (GET /tasks/{id}/).",
    }
    if "verification" in qualname:
        from workflows.appointment.forms import CandidateDocumentsForm, VerificationConfirmForm

        schema = _fields_schema(VerificationConfirmForm.base_fields)
        schema["properties"]["docs"] = _formset_schema(
            "docs", CandidateDocumentsForm, "One row per remaining candidate: the years and the documents."
        )
    return schema


def schema_of_task(task, actor):
    """The payload's JSON schema for this very task: its form built as the step's page builds it for `actor`
    (the choices it offers — positions, candidates, signers — are listed as ``enum``)."""
    from workflows.common import runner

    try:
        step = runner.step_for(task)
    except Exception:
        return None
    row = getattr(task.process, "row", None) or task.process.coerced
    form = step.form(row, actor)
    return schema_of_form(form, str(step.title))


def schema_of_form(form, title=""):
    inner = getattr(form, "form", None)
    formset = getattr(form, "formset", None)
    schema = _fields_schema((inner or form).fields, bound=True)
    if formset is not None:
        rows = [dict(f.initial) for f in formset.forms] or [dict(i) for i in (formset.initial or [])]
        row_form = formset.forms[0] if formset.forms else formset.form()
        items = _fields_schema(row_form.fields, bound=True)
        for name, prop in items["properties"].items():
            values = [row.get(name) for row in rows if row.get(name) is not None]
            if values and isinstance(row_form.fields[name].widget, forms.HiddenInput):
                prop["enum"] = values
        schema["properties"][formset.prefix] = {
            "type": "array",
            "items": items,
            "minItems": len(rows),
            "maxItems": len(rows),
            "description": "One row per candidate (the form's rows).",
        }
        schema.setdefault("required", []).append(formset.prefix)
    if title:
        schema["description"] = title
    return schema


def all_steps():
    """[(kind, step)] of every procedure's declared steps."""
    try:
        from workflows.common import runner
    except ImportError:  # before the step runner
        return []

    out = []
    for kind in KINDS.values():
        try:
            steps = runner.steps_of(kind.flow_class)
        except Exception:
            continue
        out.extend((kind.code, step) for step in steps)
    return out


def complete_request_schema():
    """The ``complete`` operation's body, replaced by ``oneOf`` the step payloads by ``add_step_payloads``."""
    from drf_spectacular.types import OpenApiTypes

    return {"application/json": OpenApiTypes.OBJECT, "multipart/form-data": OpenApiTypes.OBJECT}
