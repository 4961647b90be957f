"""The design lives in the repository: every rule code and section the code cites exists in docs/, every link of
the README, CONTRIBUTING and docs/ resolves, and no file of the product points outside the repository."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CODE_DIRS = ("apps", "workflows", "config", "templates", "bench", "deploy", "tests", ".ci")
SKIP_PARTS = {".venv", "node_modules", "__pycache__", "staticfiles", "test-artifacts", "migrations"}
RULE_CODE = re.compile(r"\b([RH])(\d{1,2})\b")
# "docs/procedures.md §3", "procedures §1.2", "design.md §2.6", "viewflow-notes.md §7.1"
CITATION = re.compile(
    r"\b(?:docs/)?(procedures|design|viewflow-notes)(?:\.md)?\s+§\s?(\d+[a-z]?(?:\.\d+)*)",
)
HEADING = re.compile(r"^#{2,4}\s+(\d+[a-z]?(?:\.\d+)*)[.\s]", re.MULTILINE)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _files(suffixes=(".py", ".html", ".md", ".txt", ".sh", ".yml", ".conf", ".toml", "")):
    for top in CODE_DIRS:
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and not SKIP_PARTS & set(path.parts) and path.suffix in suffixes:
                yield path
    for name in ("README.md", "CONTRIBUTING.md", "Makefile", "pyproject.toml", "manage.py", ".env.example"):
        if (ROOT / name).exists():
            yield ROOT / name


def _text(path):
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def _doc(name):
    return (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")


def defined_rule_codes():
    design, procedures = _doc("design"), _doc("procedures")
    product = {("R", n) for n in re.findall(r"\*\*R(\d+) ", design)}
    hard = {("H", n) for n in re.findall(r"^\| H(\d+) \|", procedures, re.MULTILINE)}
    return product | hard


def test_the_docs_define_the_product_and_hard_rules():
    codes = defined_rule_codes()
    assert {("R", str(n)) for n in range(1, 13)} <= codes
    assert {("H", str(n)) for n in range(1, 27)} <= codes


def test_every_rule_code_cited_in_the_code_is_defined_in_docs():
    defined = defined_rule_codes()
    missing = {}
    for path in _files((".py", ".html")):
        for letter, number in RULE_CODE.findall(_text(path)):
            if (letter, number) not in defined:
                missing.setdefault(f"{letter}{number}", set()).add(str(path.relative_to(ROOT)))
    assert not missing, f"rule codes cited but not defined in docs/: {missing}"


def test_every_cited_section_exists():
    sections = {name: set(HEADING.findall(_doc(name))) for name in ("procedures", "design", "viewflow-notes")}
    missing = set()
    for path in _files():
        for name, number in CITATION.findall(_text(path)):
            if number not in sections[name]:
                missing.add(f"{path.relative_to(ROOT)}: {name} §{number}")
    assert not missing, sorted(missing)


@pytest.mark.parametrize(
    "document",
    [
        "README.md",
        "CONTRIBUTING.md",
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")),
    ],
)
def test_every_relative_link_resolves(document):
    path = ROOT / document
    broken = [
        target
        for target in LINK.findall(_text(path))
        if "://" not in target and not target.startswith("mailto:") and not (path.parent / target).exists()
    ]
    assert not broken, f"{document} links to missing files: {broken}"


def test_no_file_points_outside_the_repository():
    outside = re.compile(r"(?<![\w.])(?:\.\./shared|/work/|shared/(?:DESIGN|STYLE|domain|viewflow-guide))")
    offenders = sorted(
        str(p.relative_to(ROOT)) for p in _files() if outside.search(_text(p)) and p.name != "test_docs.py"
    )
    assert not offenders, offenders
