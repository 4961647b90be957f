"""Every action code the services can write has a label, and entries render without codes, ids, JSON or ISO
dates, in Vietnamese and in English (issue 11 §4; issue 10 "labels for every action code of every flow")."""

import ast
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.utils import translation

from apps.audit.labels import action_label
from apps.audit.rendering import render_entries
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory

ROOT = Path(__file__).resolve().parents[2]
WRITERS = {"record", "audit", "_audit"}  # apps.audit.services.record and the flows' thin wrappers around it
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")
#: f-string codes the services build, and what they expand to
TEMPLATES = {
    "{process._meta.app_label}.withdrawn": lambda: [
        f"{config.label}.withdrawn"
        for config in apps.get_app_configs()
        if config.name.startswith("workflows.")
    ],
    "reappointment.{process.outcome}": lambda: [
        f"reappointment.{value}"
        for value, _label in apps.get_model("reappointment", "ReappointmentProcess")
        ._meta.get_field("outcome")
        .flatchoices
        if value not in ("in_progress", "withdrawn")
    ],
    "admin.{obj._meta.model_name}.{verb}": lambda: [
        f"admin.{model._meta.model_name}.{verb}"
        for label in ("organisation", "rulesets", "targets", "decisions")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.model_name.startswith("historical")
        for verb in ("added", "changed")
    ],
}


def _sources():
    for folder in ("apps", "workflows"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"))


def written_codes():
    """Every action code a service can pass to the audit log: literal first arguments of the writers; for a writer
    called with a variable, every code-shaped literal of that module with a prefix the literals use; f-strings
    expanded by ``TEMPLATES`` (an unknown one fails)."""
    literal, dynamic_modules, templates = set(), [], set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in WRITERS:
                continue
            arg = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg == "action"), None)
            )
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            elif isinstance(arg, ast.JoinedStr):
                templates.add(ast.unparse(arg)[2:-1])
            elif arg is not None:
                dynamic_modules.append(tree)
    prefixes = {code.split(".")[0] for code in literal}
    app_labels = {config.label for config in apps.get_app_configs()}
    found = set(literal)
    for tree in dynamic_modules:
        arguments = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                arguments.update(id(arg) for arg in [*node.args, *(k.value for k in node.keywords)])
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                prefix = node.value.split(".")[0]
                if prefix in prefixes or (id(node) in arguments and prefix not in app_labels):
                    found.add(node.value)
    unknown = templates - set(TEMPLATES)
    assert not unknown, f"an action code built by an f-string the test does not expand: {unknown}"
    for template in templates:
        found.update(TEMPLATES[template]())
    return found


@pytest.mark.django_db
def test_every_action_code_the_services_can_write_has_a_label():
    codes = written_codes()
    # the collector finds what the flows and the registry write, including codes passed through a variable
    for expected in (
        "reappointment.opened",
        "tenure.ended",
        "registry.write_refused",
        "conference.collective_size_overridden",
        "verification.awaits_political_protection",
        "timeline.exported",
        "report.triaged",
        "evaluation.added",
        "appointment.policy_returned",
        "revocation.kept",
        "appointment.withdrawn",
        "reappointment.reappointed",
    ):
        assert expected in codes, expected
    missing = sorted(code for code in codes if action_label(code) is None)
    assert missing == []
    assert len(codes) > 90
    for language in ("vi", "en"):
        with translation.override(language):
            for code in codes:
                assert str(action_label(code)) != code


def test_an_unknown_code_has_no_label():
    assert action_label("nothing.written_anywhere") is None


ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
HASH_ID = re.compile(r"#\d")


def assert_readable(text, codes=()):
    assert not ISO.search(text), text
    assert "{" not in text and "}" not in text, text
    assert not HASH_ID.search(text), text
    for code in codes:
        assert code not in text, (code, text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_entries_render_names_dates_and_labels_not_ids_json_or_codes(language, django_assert_max_num_queries):
    unit = OrgUnitFactory(name="Sở Tài chính")
    position = PositionFactory(unit=unit, title="Phó Giám đốc Sở Tài chính")
    a = CadreFactory(full_name="Nguyễn Văn A")
    b = CadreFactory(full_name="Lê Thị B")
    entries = [
        SimpleNamespace(
            action="conference.recorded",
            object_repr="Bổ nhiệm #12: hội nghị",
            data={
                "held_on": "2026-12-07",
                "results": {str(a.pk): "selected", str(b.pk): "surplus"},
                "tallies": {str(a.pk): [20, 7], str(b.pk): [9, None]},
                "denominator": {"kind": "convened", "value": 30},
                "convened_members": [a.pk, b.pk],
                "step": "internal_2_expanded",
                "pdf_sha256": "ab" * 32,
            },
        ),
        SimpleNamespace(
            action="tenure.ended",
            object_repr="",
            data={
                "cadre": a.pk,
                "position": position.pk,
                "ended_on": date(2026, 1, 2).isoformat(),
                "unit": unit.pk,
            },
        ),
        SimpleNamespace(
            action="appointment.proposed",
            object_repr="",
            data={"unit": unit.code, "cadres": [a.pk, b.pk], "extra": {"nested_key": "2025-03-04", "n": 3}},
        ),
        SimpleNamespace(
            action="reappointment.opened", object_repr="", data={"rule_snapshot": {"achievement_years": 3}}
        ),
        SimpleNamespace(  # records nested in the data (a nomination's decisions, each naming its cadre)
            action="nomination.nominated",
            object_repr="",
            data={"decisions": [{"cadre": b.pk, "issued_on": "2026-02-03", "sha256": "cd" * 32}]},
        ),
    ]
    codes = [e.action for e in entries] + [
        "internal_2_expanded",
        "pdf_sha256",
        "achievement_years",
        "nested_key",
    ]
    if language == "vi":  # the English labels of the results contain the words of their codes
        codes += ["selected", "surplus", "convened"]
    with translation.override(language), django_assert_max_num_queries(3):  # cadres, positions, units
        rendered = render_entries(entries)
    for entry in rendered:
        assert entry.label and entry.details
        assert_readable(entry.label + " " + entry.subject + " " + entry.detail_text, codes)
    text = " ".join(e.detail_text for e in rendered)
    for name in (
        "Nguyễn Văn A",
        "Lê Thị B",
        "Sở Tài chính",
        "Phó Giám đốc Sở Tài chính",
        "07/12/2026",
        "02/01/2026",
    ):
        assert name in text, name
    assert "04/03/2025" in text and "03/02/2026" in text
    assert "3" in rendered[3].detail_text and "achievement_years" not in rendered[3].detail_text


@pytest.mark.django_db
def test_the_labels_follow_the_readers_language():
    entry = SimpleNamespace(action="decision.signed", object_repr="", data={"passed": True})
    with translation.override("en"):
        english = render_entries([entry])[0]
        english = (english.label, english.detail_text)
    with translation.override("vi"):
        vietnamese = render_entries([entry])[0]
        vietnamese = (vietnamese.label, vietnamese.detail_text)
    assert english[0] != vietnamese[0] and english[1] != vietnamese[1]


@pytest.mark.django_db
def test_an_administration_edit_names_the_fields_it_changed_not_their_codes():
    entry = SimpleNamespace(
        action="admin.position.changed",
        object_type="organisation.position",
        object_repr="Phó Giám đốc",
        data={"fields": ["title", "term_years"]},
    )
    with translation.override("en"):
        rendered = render_entries([entry])[0]
    assert rendered.label != entry.action and "term_years" not in rendered.detail_text
    field = apps.get_model("organisation", "Position")._meta.get_field("term_years")
    with translation.override("en"):
        assert str(field.verbose_name) in rendered.detail_text
