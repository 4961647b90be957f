"""``manage.py check_translations``: fail (exit 1) unless the Vietnamese catalogue is complete and well formed.

Vietnamese is the default language, so an English string left in the catalogue is a visible defect. The command
lists, and fails on:

- entries of ``locale/vi/LC_MESSAGES/django.po`` (and ``djangojs.po`` if there is one) that are untranslated or
  fuzzy, or whose translation does not keep the placeholders of the msgid (``%(name)s``, ``%s``, ``{name}``);
- a header that is fuzzy or without Vietnamese plural forms (``nplurals=1; plural=0;``), and whatever
  ``msgfmt --check`` refuses;
- msgids used in the code but missing from the catalogue (makemessages is run on a copy of the sources in a
  temporary directory, with the flags of ``locale/build_catalogue.py``): somebody added strings since the
  catalogue was updated;
- third-party msgids (``locale/vi/third_party.po``) that are not merged into ``django.po`` (run ``make
  messages``), and msgids of the installed third-party packages (or gaps of Django's own vi catalogues) that
  ``third_party.po`` lacks (a package was upgraded: run ``python locale/build_catalogue.py --update``).

Entries in the catalogue that nothing uses any more are listed as a warning only (the next makemessages
``--no-obsolete`` drops them). ``make lint`` runs this command.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# %-directives (python-format) and str.format fields (python-brace-format); "%%", "{{" and "}}" are literals.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def load_catalogue_tool():
    """``locale/build_catalogue.py`` (a script, not a package module): the PO reader, extraction and merge."""
    path = Path(settings.BASE_DIR) / "locale" / "build_catalogue.py"
    spec = importlib.util.spec_from_file_location("cadreflow_build_catalogue", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def placeholders(text, flags):
    """The placeholders of `text` as a Counter (literal %% and {{ }} left out)."""
    found = Counter()
    if "python-format" in flags:
        found.update(token for token in _PERCENT.findall(text) if token != "%%")
    found.update(token for token in _BRACE.findall(text) if token not in ("{{", "}}"))
    return found


def entry_problems(entry, nplurals):
    """What is wrong with one entry: [(kind, detail)]."""
    if entry.fuzzy:
        return [("fuzzy", "marked fuzzy: check the translation and remove the flag")]
    if not entry.translated:
        return [("untranslated", "no translation")]
    problems = []
    if entry.msgid_plural is not None and len(entry.msgstr) != nplurals:
        problems.append(("plural forms", f"{len(entry.msgstr)} plural form(s), Vietnamese has {nplurals}"))
    # With one plural form the translation serves every count: it follows msgid_plural.
    source = entry.msgid if entry.msgid_plural is None or nplurals > 1 else entry.msgid_plural
    expected = placeholders(source, entry.flags)
    for value in entry.msgstr:
        got = placeholders(value, entry.flags)
        if got != expected:
            missing = ", ".join(sorted((expected - got).elements())) or "none"
            extra = ", ".join(sorted((got - expected).elements())) or "none"
            problems.append(("placeholders", f"missing: {missing}; unexpected: {extra}"))
            break
    return problems


def header_problems(catalogue):
    header = catalogue.header
    if header is None:
        return ["the catalogue has no header"]
    fields = catalogue.header_fields()
    problems = []
    if header.fuzzy:
        problems.append("the header is marked fuzzy (msgfmt would ignore it, plural forms included)")
    if fields.get("Language") != "vi":
        problems.append(f"header Language is {fields.get('Language')!r}, not 'vi'")
    if fields.get("Plural-Forms", "").replace(" ", "") != "nplurals=1;plural=0;":
        problems.append(f"header Plural-Forms is {fields.get('Plural-Forms')!r}, not 'nplurals=1; plural=0;'")
    if "charset=UTF-8" not in fields.get("Content-Type", ""):
        problems.append("header Content-Type is not charset=UTF-8")
    return problems


def msgfmt_problems(path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return ["msgfmt is missing: install gettext (apt-get install gettext)"]
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    if done.returncode == 0:
        return []
    return [line for line in done.stderr.splitlines() if line.strip()] or ["msgfmt --check failed"]


class Command(BaseCommand):
    help = "Fail unless the Vietnamese catalogue translates every msgid of the code and of Viewflow & co."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", help="the django.po to check (default: locale/vi/LC_MESSAGES/)")
        parser.add_argument(
            "--third-party", help="the third-party catalogue (default: locale/vi/third_party.po)"
        )
        parser.add_argument("--source-root", help="where makemessages looks for msgids (default: BASE_DIR)")
        parser.add_argument(
            "--skip-packages",
            action="store_true",
            help="do not compare third_party.po with the installed packages (and Django's vi catalogue gaps)",
        )

    def handle(self, *args, **options):
        tool = load_catalogue_tool()
        path = Path(options["catalogue"] or tool.CATALOGUE)
        third_party_path = Path(options["third_party"] or tool.THIRD_PARTY_CATALOGUE)
        source_root = Path(options["source_root"] or settings.BASE_DIR)
        if not path.exists():
            raise CommandError(f"{path} does not exist: run `python locale/build_catalogue.py --update`")

        catalogue = tool.read_po(path)
        third_party = tool.read_po(third_party_path) if third_party_path.exists() else tool.Catalogue([])
        problems = [("header", str(path), message) for message in header_problems(catalogue)]
        problems += [("msgfmt", str(path), message) for message in msgfmt_problems(path)]
        catalogues = [catalogue]
        javascript = path.with_name("djangojs.po")
        if javascript.exists():
            catalogues.append(tool.read_po(javascript))
            problems += [("msgfmt", str(javascript), message) for message in msgfmt_problems(javascript)]
        for checked in catalogues:
            for entry in checked.messages():
                for kind, detail in entry_problems(entry, nplurals=1):
                    problems.append(
                        (kind, f"{checked.path.name}:{entry.line}", f"{entry.label()!r}: {detail}")
                    )

        code = tool.extract(source_root)
        known = catalogue.keys()
        for entry in code.messages():
            if entry.key not in known:
                where = " ".join(entry.references[:2])
                problems.append(("missing", where, f"{entry.label()!r}: in the code, not in the catalogue"))
        for entry in third_party.messages():
            if entry.key not in known:
                problems.append(
                    ("not merged", entry.third_party_package or "", f"{entry.label()!r}: run `make messages`")
                )
        if not options["skip_packages"]:
            problems += self._new_package_msgids(tool, third_party)

        stale = known - code.keys() - third_party.keys()
        for _ctxt, msgid in sorted(stale, key=lambda key: (key[0] or "", key[1])):
            self.stderr.write(f"warning: unused entry (makemessages drops it): {msgid!r}")
        return self._report(path, catalogue, problems)

    def _new_package_msgids(self, tool, third_party):
        known, problems = third_party.keys(), []
        for label, entries in tool.third_party_sources():
            for entry in entries:
                if entry.key not in known:
                    detail = (
                        "not in third_party.po (run `python locale/build_catalogue.py --update`, translate)"
                    )
                    problems.append(("package", label, f"{entry.label()!r}: {detail}"))
        return problems

    def _report(self, path, catalogue, problems):
        shown = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
        summary = f"{shown}: {len(catalogue.messages())} entries"
        if not problems:
            self.stdout.write(f"{summary}, all translated.")
            return
        self.stdout.write(f"{summary}; {len(problems)} problem(s):")
        for kind, where, detail in problems:
            self.stdout.write(f"  {kind:<13} {where:<40} {detail}")
        counts = Counter(kind for kind, _where, _detail in problems)
        raise CommandError(
            "the Vietnamese catalogue is incomplete: "
            + ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
        )
