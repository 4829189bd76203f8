"""Reading the Chinese catalogue and extracting it afresh, for the translation tests.

The tests never keep a hand-made list of strings: they read ``django.po`` (and a catalogue
extracted from the tree by Django's ``makemessages`` into a temporary copy), so a string added
anywhere in the code is checked the day it is added."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "sellerdesk"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# The files makemessages reads for the "django" domain (its default extensions).
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(s.strip() for s in self.msgstr)

    def label(self) -> str:
        where = f" ({', '.join(self.references[:3])})" if self.references else ""
        ctxt = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{ctxt}{self.msgid!r}{where}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text else ""


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (the header and obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    key: str | None = None
    flags: set[str] = set()
    refs: list[str] = []
    values: dict[str, str] = {}

    def flush() -> None:
        nonlocal flags, refs, values, key
        if "msgid" in values:
            plural_keys = sorted(k for k in values if k.startswith("msgstr["))
            msgstr = [values[k] for k in plural_keys] if plural_keys else [values.get("msgstr", "")]
            entry = Entry(
                msgid=values["msgid"],
                msgctxt=values.get("msgctxt"),
                msgid_plural=values.get("msgid_plural"),
                msgstr=msgstr,
                flags=flags,
                references=refs,
            )
            if entry.msgid:
                entries.append(entry)
        flags, refs, values, key = set(), [], {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if values:
                flush()
            flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#:"):
            if values:
                flush()
            refs.extend(line[2:].split())
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if key is not None:
                values[key] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgid" in values:
            flush()
        key = keyword
        values[key] = _unquote(rest.strip())
    flush()
    return entries


def need_gettext(*programs: str) -> None:
    """Skip without GNU gettext (``make install`` installs it as root); under CI it is a
    failure, so the build cannot pass by not checking."""
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    reason = f"GNU gettext is not installed ({', '.join(missing)} missing): apt-get install gettext"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def copy_sources(destination: Path) -> Path:
    """A copy of the package with only what makemessages reads, and the committed catalogue."""
    target = destination / "sellerdesk"
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "locale" or path.suffix in SOURCE_SUFFIXES:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)
    return target


def extract_afresh(destination: Path, extra: dict[str, str] | None = None) -> Path:
    """Run ``makemessages -l zh_Hans --no-obsolete`` (as docs/style.md says) on a copy of the
    tree; the committed translations are merged in, so what is left empty or fuzzy is what
    the committed catalogue lacks. Returns the fresh .po."""
    from django.core.management import call_command
    from django.test import override_settings

    package = copy_sources(destination)
    for name, text in (extra or {}).items():  # files the tests add to prove the check bites
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(package)
    try:
        with override_settings(LOCALE_PATHS=[str(package / "locale")]):
            call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    return package / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def msgfmt_check(po: Path, mo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["msgfmt", "--check", "-o", str(mo), str(po)], capture_output=True, text=True
    )
