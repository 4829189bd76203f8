"""The Chinese catalogue is complete, valid and compiled: a string added anywhere in the code
without a Chinese translation, or left fuzzy, fails the build (``make test`` runs this)."""

from __future__ import annotations

import gettext

from .catalogue import MO, PO, extract_afresh, msgfmt_check, need_gettext, parse_po


def _problems(entries) -> list[str]:
    lines = []
    for entry in entries:
        if entry.fuzzy:
            lines.append("fuzzy: " + entry.label())
        elif not entry.translated:
            lines.append("untranslated: " + entry.label())
    return lines


def test_every_string_in_the_tree_has_a_chinese_translation(tmp_path):
    need_gettext("xgettext", "msgmerge", "msguniq")
    fresh = extract_afresh(tmp_path)
    problems = _problems(parse_po(fresh))
    assert not problems, (
        "strings without a (non-fuzzy) Chinese translation; run makemessages as docs/style.md "
        "says and fill them:\n" + "\n".join(problems)
    )


def test_a_new_untranslated_string_is_found(tmp_path):
    need_gettext("xgettext", "msgmerge", "msguniq")
    fresh = extract_afresh(
        tmp_path,
        extra={
            "web/templates/web/_probe.html": '{% load i18n %}{% translate "Probe string" %}',
            "web/_probe.py": "from django.utils.translation import pgettext\n"
            'pgettext("probe", "Resolution")\n',
        },
    )
    problems = _problems(parse_po(fresh))
    assert any("'Probe string'" in line for line in problems), problems
    assert any("[probe] 'Resolution'" in line for line in problems), problems


def test_the_committed_catalogue_has_no_empty_or_fuzzy_entry():
    problems = _problems(parse_po(PO))
    assert not problems, "\n".join(problems)


def test_the_committed_catalogue_matches_the_tree(tmp_path):
    """No string the code no longer uses lingers, and none the code uses is missing."""
    need_gettext("xgettext", "msgmerge", "msguniq")
    fresh = {(e.msgctxt, e.msgid) for e in parse_po(extract_afresh(tmp_path))}
    committed = {(e.msgctxt, e.msgid) for e in parse_po(PO)}
    assert not committed - fresh, f"obsolete entries: {sorted(committed - fresh, key=str)}"
    assert not fresh - committed, f"missing entries: {sorted(fresh - committed, key=str)}"


def test_the_catalogue_passes_msgfmt_check(tmp_path):
    need_gettext("msgfmt")
    result = msgfmt_check(PO, tmp_path / "django.mo")
    assert result.returncode == 0, result.stderr


def _catalog(path) -> dict:
    with open(path, "rb") as handle:
        translations = gettext.GNUTranslations(handle)
    catalog = dict(translations._catalog)
    catalog.pop("", None)  # the header carries dates that differ from compile to compile
    return catalog


def test_the_committed_mo_is_compiled_from_the_committed_po(tmp_path):
    """The app serves the committed .mo (no gettext needed to run it); compare what it holds,
    not its bytes, which differ between msgfmt versions."""
    need_gettext("msgfmt")
    fresh = tmp_path / "django.mo"
    assert msgfmt_check(PO, fresh).returncode == 0
    committed, compiled = _catalog(MO), _catalog(fresh)
    stale = sorted((str(k) for k in compiled.keys() ^ committed.keys()), key=str) + sorted(
        str(k) for k in compiled.keys() & committed.keys() if compiled[k] != committed[k]
    )
    assert not stale, (
        "django.mo is out of date; run msgfmt --check -o django.mo django.po:\n" + "\n".join(stale)
    )
