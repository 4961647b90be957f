"""Build the Vietnamese catalogue that Django loads: our strings plus the third-party strings nobody translates.

Why this script exists
    Django loads one ``django.mo`` per locale directory. Viewflow, django-filter, django-simple-history and
    django-guardian ship no Vietnamese catalogue, so their strings (Inbox, Queue, Log in, Today, History…)
    would show in English in a Vietnamese UI; Django's own Vietnamese catalogue lacks its newer strings
    ("3 days" in Viewflow's task lists, some form errors, the CSRF page, parts of the admin). Our catalogue
    (``LOCALE_PATHS``, which has priority over every app's and Django's) translates them too. But ``makemessages --no-obsolete`` keeps only the msgids it finds in *our*
    code, so anything we append by hand to ``django.po`` is dropped on its next run. Hence two files:

    ``locale/vi/third_party.po``
        The msgids of those packages, extracted from the installed packages, and the msgids Django's vi
        catalogues leave untranslated, with their Vietnamese translations. **Edit third-party translations here.** (Outside ``LC_MESSAGES``: compilemessages
        ignores it.)
    ``locale/vi/LC_MESSAGES/django.po``
        The catalogue Django loads (compiled to ``django.mo``, never committed): our msgids, maintained by
        makemessages and translated in place, followed by the third-party entries this script appends (each
        marked ``#. third-party: <package>``). A msgid that our code also uses keeps our translation.

Usage (from the project root, with the project's virtualenv)
    ``python locale/build_catalogue.py``
        Merge ``third_party.po`` into ``django.po``: drop the previously appended third-party entries and
        append them again (only where our code does not use the same msgid). Idempotent; writes only on
        change. ``make messages`` runs it before ``compilemessages``.
    ``python locale/build_catalogue.py --update``
        What a translator runs after others added strings: ``makemessages`` over our code (flags below),
        refresh ``third_party.po`` from the installed packages (new msgids come in untranslated, gone ones
        leave, translations are kept), then merge. Then translate the empty or fuzzy entries and run
        ``manage.py check_translations`` (also part of ``make lint``).

    Running plain ``manage.py makemessages -l vi --no-obsolete`` is fine too: it drops the third-party
    entries from ``django.po`` and the next merge (``make messages``) puts them back.

No JavaScript of ours calls gettext, so there is no ``djangojs.po``; English needs no catalogue (the msgids
are English).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGE = "vi"
PLURAL_FORMS = "nplurals=1; plural=0;"
CATALOGUE = BASE_DIR / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
THIRD_PARTY_CATALOGUE = BASE_DIR / "locale" / LANGUAGE / "third_party.po"
# Installed packages without a Vietnamese catalogue whose strings reach our pages (viewflow: the whole shell;
# django_filters: list filters; simple_history, guardian: the admin's history and permission pages).
THIRD_PARTY_PACKAGES = ("viewflow", "django_filters", "simple_history", "guardian")
# Django's own Vietnamese catalogues lag behind: the msgids of these catalogues (Django ships their English source,
# locale/en/) that its vi catalogue leaves untranslated are ours to fill — timesince in Viewflow's task lists,
# form and CSRF errors, the admin's newer strings.
DJANGO_CATALOGUES = ("conf", "contrib/admin", "contrib/auth", "contrib/contenttypes", "contrib/sessions")
THIRD_PARTY_MARK = "third-party: "
# Directories makemessages must not scan (virtualenv, collected static, uploads, test output).
IGNORE = (".venv", "staticfiles", "node_modules", "media", "private-media", "test-artifacts", "bench/out")
EXTENSIONS = (".py", ".html", ".txt")  # what makemessages reads for the "django" domain


# --- The PO format ----------------------------------------------------------------------------------------------
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    """The value of one quoted PO string segment (C escapes)."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def _quote(value):
    return (
        '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'
    )


@dataclass
class Entry:
    """One message. ``msgstr`` holds one string, or one per plural form when ``msgid_plural`` is set."""

    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])
    msgctxt: str | None = None
    msgid_plural: str | None = None
    comments: list[str] = field(default_factory=list)  # "# …", "#. …", "#: …", "#| …" lines, as written
    flags: list[str] = field(default_factory=list)
    obsolete: bool = False
    line: int = 0  # where the entry starts in its file (for reports)

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    @property
    def translated(self):
        return all(self.msgstr) and len(self.msgstr) > 0

    @property
    def references(self):
        return [ref for line in self.comments if line.startswith("#:") for ref in line[2:].split()]

    @property
    def third_party_package(self):
        """The package this entry was appended for by the merge, else None."""
        for line in self.comments:
            if line.startswith("#. " + THIRD_PARTY_MARK):
                return line[len("#. " + THIRD_PARTY_MARK) :].split()[0]
        return None

    def label(self):
        text = self.msgid if self.msgctxt is None else f"[{self.msgctxt}] {self.msgid}"
        return text.strip().replace("\n", " ")


@dataclass
class Catalogue:
    entries: list[Entry]
    path: Path | None = None

    @property
    def header(self):
        return next((entry for entry in self.entries if entry.is_header and not entry.obsolete), None)

    def header_fields(self):
        header = self.header
        fields = {}
        for line in (header.msgstr[0] if header else "").splitlines():
            name, _, value = line.partition(":")
            fields[name.strip()] = value.strip()
        return fields

    def messages(self):
        """The live (not obsolete) entries other than the header."""
        return [entry for entry in self.entries if not entry.obsolete and not entry.is_header]

    def keys(self):
        return {entry.key for entry in self.messages()}

    def by_key(self):
        return {entry.key: entry for entry in self.messages()}


def parse_po(text, path=None):
    """Parse PO text into a Catalogue. Raises ValueError (with the line number) on malformed input."""
    entries, current, last = [], None, None

    def flush():
        if current is not None and "msgid" in current:
            strings = current["msgstr"]
            entries.append(
                Entry(
                    msgid=current["msgid"],
                    msgstr=[strings[index] for index in sorted(strings)] or [""],
                    msgctxt=current.get("msgctxt"),
                    msgid_plural=current.get("msgid_plural"),
                    comments=current["comments"],
                    flags=current["flags"],
                    obsolete=current["obsolete"],
                    line=current["line"],
                )
            )

    for number, raw in enumerate(text.splitlines(), start=1):
        line, obsolete = raw, raw.startswith("#~")
        if obsolete:
            line = raw[2:].lstrip()
            if line.startswith("|"):  # "#~| msgid …": the previous msgid of an obsolete entry
                continue
        if not line.strip():
            flush()
            current, last = None, None
            continue
        # A comment, msgctxt or msgid after a msgstr starts the next entry, blank line or not.
        if current is None or (current["msgstr"] and line.startswith(("#", "msgctxt", "msgid "))):
            flush()
            current = {"comments": [], "flags": [], "msgstr": {}, "obsolete": obsolete, "line": number}
            last = None
        try:
            last = _parse_line(current, line, obsolete, last)
        except ValueError as exc:
            raise ValueError(f"{path or '<po>'}:{number}: {exc}") from None
    flush()
    return Catalogue(entries, Path(path) if path else None)


def _parse_line(current, line, obsolete, last):
    """Add one line to the entry being read; returns the field a continuation line would extend."""
    if line.startswith("#"):
        if line.startswith("#,") and not obsolete:
            current["flags"].extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif not obsolete:
            current["comments"].append(line)
        return last
    if line.startswith('"'):
        if last is None:
            raise ValueError("continuation line without a keyword")
        kind, index = last
        if kind == "msgstr":
            current["msgstr"][index] += _unquote(line)
        else:
            current[kind] += _unquote(line)
        return last
    current["obsolete"] = current["obsolete"] or obsolete
    keyword, _, rest = line.partition(" ")
    match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
    if match or keyword == "msgstr":
        index = int(match.group(1)) if match else 0
        current["msgstr"][index] = _unquote(rest)
        return ("msgstr", index)
    if keyword in ("msgid", "msgid_plural", "msgctxt"):
        current[keyword] = _unquote(rest)
        return (keyword, None)
    raise ValueError(f"unknown keyword {keyword!r}")


def read_po(path):
    return parse_po(Path(path).read_text(encoding="utf-8"), path)


def _string_lines(keyword, value):
    if "\n" in value.rstrip("\n"):
        parts = [part for part in re.split(r"(?<=\n)", value) if part]
        return [f'{keyword} ""'] + [_quote(part) for part in parts]
    return [f"{keyword} {_quote(value)}"]


def serialize_po(catalogue):
    """PO text; wrapped the way gettext's own tools wrap it when msgcat is installed (so that the next
    makemessages run does not re-wrap every line)."""
    blocks = []
    for entry in catalogue.entries:
        # gettext's order: comments, extracted comments, references, flags, then the previous msgid ("#|")
        lines = [line for line in entry.comments if not line.startswith("#|")]
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        lines += [line for line in entry.comments if line.startswith("#|")]
        body = []
        if entry.msgctxt is not None:
            body += _string_lines("msgctxt", entry.msgctxt)
        body += _string_lines("msgid", entry.msgid)
        if entry.msgid_plural is not None:
            body += _string_lines("msgid_plural", entry.msgid_plural)
            for index, value in enumerate(entry.msgstr):
                body += _string_lines(f"msgstr[{index}]", value)
        else:
            body += _string_lines("msgstr", entry.msgstr[0])
        if entry.obsolete:
            body = ["#~ " + line for line in body]
        blocks.append("\n".join(lines + body))
    text = "\n\n".join(blocks) + "\n"
    msgcat = shutil.which("msgcat")
    if msgcat:
        done = subprocess.run([msgcat, "-"], input=text, capture_output=True, text=True, encoding="utf-8")
        if done.returncode == 0:
            return done.stdout
        raise ValueError(f"msgcat refused the catalogue: {done.stderr.strip()}")
    return text


def write_if_changed(path, text):
    """Write atomically, only when the content changes (others may be compiling at the same time)."""
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True


# --- Extraction -----------------------------------------------------------------------------------------------
def _ignored(relative):
    parts = relative.parts
    if any(part.startswith(".") or part == "locale" or part == "__pycache__" for part in parts):
        return True
    text = relative.as_posix()
    return any(text == pattern or text.startswith(pattern + "/") for pattern in IGNORE)


def copy_sources(root, target):
    """Copy the files makemessages would read under `root` (minus IGNORE) to `target`."""
    root, target = Path(root), Path(target)
    for dirpath, dirnames, filenames in os.walk(root):
        relative_dir = Path(dirpath).relative_to(root)
        dirnames[:] = [name for name in dirnames if not _ignored(relative_dir / name)]
        for name in filenames:
            if name.endswith(EXTENSIONS) and not _ignored(relative_dir / name):
                destination = target / relative_dir / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(dirpath) / name, destination)


def extract(source_root):
    """The msgids Django's makemessages finds under `source_root` (run on a copy, so nothing there changes).

    Runs without settings, like ``django-admin makemessages`` in a plain directory: the msgids are the same
    as the project's own run (settings only add MEDIA_ROOT/STATIC_ROOT to the ignored paths, in IGNORE here).
    """
    with tempfile.TemporaryDirectory(prefix="cadreflow-messages-") as tmp:
        work = Path(tmp) / "src"
        copy_sources(source_root, work)
        (work / "locale").mkdir(parents=True, exist_ok=True)
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        done = subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", LANGUAGE, "--no-obsolete", "-v", "0"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"makemessages failed in a copy of {source_root}: {done.stderr.strip()}")
        po = work / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        return read_po(po) if po.exists() else Catalogue([])


def extract_package(name):
    """The msgids of an installed package, references made relative to site-packages (``viewflow/…``)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {name} is not installed")
    package_dir = Path(list(spec.submodule_search_locations)[0])
    with tempfile.TemporaryDirectory(prefix="cadreflow-package-") as tmp:
        shutil.copytree(
            package_dir, Path(tmp) / name, ignore=shutil.ignore_patterns("locale", "static", "tests")
        )
        return extract(tmp)


# --- Commands ---------------------------------------------------------------------------------------------------
def django_gaps(catalogue):
    """Msgids of one of Django's catalogues (``conf``, ``contrib/admin``…) that its vi catalogue lacks."""
    import django

    locale = Path(django.__file__).parent / catalogue / "locale"
    vietnamese = locale / LANGUAGE / "LC_MESSAGES" / "django.po"
    done = set()
    if vietnamese.exists():
        done = {entry.key for entry in read_po(vietnamese).messages() if entry.translated and not entry.fuzzy}
    source = read_po(locale / "en" / "LC_MESSAGES" / "django.po")
    return [entry for entry in source.messages() if entry.key not in done]


def third_party_sources():
    """[(label, entries)]: every msgid our catalogue translates for others, in merge order."""
    sources = [(package, extract_package(package).messages()) for package in THIRD_PARTY_PACKAGES]
    sources += [(f"django/{catalogue}", django_gaps(catalogue)) for catalogue in DJANGO_CATALOGUES]
    return sources


def refresh_third_party(existing):
    """third_party.po from the installed packages: their msgids, the translations `existing` already has."""
    known = existing.by_key() if existing else {}
    header = existing.header if existing else None
    entries = [header] if header else [_header_entry()]
    seen = set()
    for label, found in third_party_sources():
        for entry in found:
            if entry.key in seen:
                continue
            seen.add(entry.key)
            old = known.get(entry.key)
            if old is not None and (old.msgid_plural is None) == (entry.msgid_plural is None):
                entry.msgstr = old.msgstr
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"] + (
                    ["fuzzy"] if old.fuzzy else []
                )
            else:
                entry.msgstr = [""]  # untranslated; Vietnamese has one plural form
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.comments = [f"#. {THIRD_PARTY_MARK}{label}"] + [
                line for line in entry.comments if not line.startswith("#. " + THIRD_PARTY_MARK)
            ]
            entries.append(entry)
    return Catalogue(entries)


def _header_entry():
    fields = [
        "Project-Id-Version: CadreFlow",
        "Report-Msgid-Bugs-To: ",
        f"PO-Revision-Date: {datetime.now().astimezone():%Y-%m-%d %H:%M%z}",
        "Last-Translator: CadreFlow <no-reply@cadreflow.local>",
        "Language-Team: Vietnamese",
        f"Language: {LANGUAGE}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        f"Plural-Forms: {PLURAL_FORMS}",
    ]
    comments = [
        "# Vietnamese translations of the strings of packages that ship no Vietnamese catalogue.",
        "# Msgids refreshed by `python locale/build_catalogue.py --update`; merged into LC_MESSAGES/django.po.",
        "#",
    ]
    return Entry(msgid="", msgstr=["".join(line + "\n" for line in fields)], comments=comments)


def merge(ours, third_party):
    """`ours` without previously appended third-party entries, then every third-party entry whose msgid our
    code does not use. Obsolete copies of third-party msgids (makemessages without --no-obsolete) go too."""
    third_keys = third_party.keys()
    kept = [
        entry
        for entry in ours.entries
        if entry.third_party_package is None and not (entry.obsolete and entry.key in third_keys)
    ]
    live = {entry.key for entry in kept if not entry.obsolete}
    appended = [entry for entry in third_party.messages() if entry.key not in live]
    return Catalogue(kept + appended, ours.path)


def build(catalogue_path=CATALOGUE, third_party_path=THIRD_PARTY_CATALOGUE):
    """Merge third_party.po into django.po; True when django.po changed."""
    ours = read_po(catalogue_path)
    third_party = read_po(third_party_path) if Path(third_party_path).exists() else Catalogue([])
    return write_if_changed(catalogue_path, serialize_po(merge(ours, third_party)))


def makemessages():
    ignores = [f"--ignore={pattern}" for pattern in IGNORE]
    command = [sys.executable, "manage.py", "makemessages", "-l", LANGUAGE, "--no-obsolete", *ignores]
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"))
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--update",
        action="store_true",
        help="run makemessages and refresh third_party.po from the installed packages before merging",
    )
    options = parser.parse_args(argv)
    if options.update:
        makemessages()
        existing = read_po(THIRD_PARTY_CATALOGUE) if THIRD_PARTY_CATALOGUE.exists() else None
        if write_if_changed(THIRD_PARTY_CATALOGUE, serialize_po(refresh_third_party(existing))):
            print(f"updated {THIRD_PARTY_CATALOGUE.relative_to(BASE_DIR)}")
    if not CATALOGUE.exists():
        print(f"{CATALOGUE.relative_to(BASE_DIR)} does not exist: run with --update first", file=sys.stderr)
        return 1
    changed = build()
    catalogue = read_po(CATALOGUE)
    messages = catalogue.messages()
    open_entries = sum(1 for entry in messages if entry.fuzzy or not entry.translated)
    print(
        f"{CATALOGUE.relative_to(BASE_DIR)}: {len(messages)} entries"
        f" ({sum(1 for entry in messages if entry.third_party_package)} third-party),"
        f" {open_entries} untranslated or fuzzy{'; written' if changed else '; unchanged'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
