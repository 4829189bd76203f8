"""The plan-of-action (POA) quality check, pure: the concrete fixes an appeal needs before it
is submitted, each naming the sentence, file or requirement it is about. Only a missing section
or missing required evidence blocks; the rest are the warnings a reviewer would raise.

Sellers write English, Chinese or both in one text, so every rule reads both: English by whole
word, case-insensitively (bounded by non-letters, so "我们improve" matches too), Chinese by
substring, both after NFKC (full-width forms folded) and casefold. The word lists are short on
purpose: a rule a seller can't understand from its message is a rule they can't satisfy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import phrases
from . import text as reading

SECTIONS = ("root_cause", "corrective_actions", "preventive_measures")
# The splitter, public here for the pages and the tests.
sentences = reading.sentences
EVIDENCE = "evidence"


@dataclass(frozen=True)
class Draft:
    root_cause: str
    corrective_actions: str
    preventive_measures: str


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    required: bool = True
    max_age_days: int | None = None
    needs_supplier: bool = False


@dataclass(frozen=True)
class Evidence:
    requirement: str
    filename: str
    document_date: date | None = None
    supplier_name: str = ""
    supplier_address: str = ""


@dataclass(frozen=True)
class Finding:
    section: str
    code: str
    blocking: bool
    sentence: str
    message: Promise | str
    requirement: str = ""


class _Interpolated(Promise):
    """A catalogue message with its values, put together when shown (``str``): read in the
    language active then, as a ``gettext_lazy`` string is."""

    def __init__(self, message: Promise, **values: object):
        self.message, self.values = message, values

    def __str__(self) -> str:
        return str(self.message) % self.values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Interpolated) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


MESSAGES = {
    ("root_cause", "missing_section"): _(
        "Describe the root cause: what went wrong, when, and on which orders or listings."
    ),
    ("corrective_actions", "missing_section"): _(
        "List the actions you have already taken to fix the affected orders and listings."
    ),
    ("preventive_measures", "missing_section"): _(
        "List the measures that will stop this happening again, each with who carries it out "
        "and how often."
    ),
    "root_cause_not_specific": _("Name the metric, order ID, ASIN or date this cause is about."),
    "vague_action": _(
        "Replace this intention with the action you have completed: what you did, when, and "
        "for which orders or listings."
    ),
    "no_completed_action": _(
        "Describe at least one action you have already completed (for example, refunds issued "
        "or listings removed), not only plans."
    ),
    "no_owner": _("Say who is responsible for this measure: a role or a person."),
    "no_frequency": _(
        "Say how often this measure is carried out, for example daily or for every shipment."
    ),
    "blames_others": _(
        "Take responsibility for what you control instead of blaming the buyer, the carrier "
        "or the marketplace."
    ),
    "copied_template": _(
        "This sentence is copied from a template: describe what happened on your account in "
        "your own words."
    ),
    "copied_rejected": _(
        "This section is the same as in an appeal that was already rejected: rewrite it with "
        "what you have changed since."
    ),
    "evidence_missing": _("Attach this document: the appeal cannot be submitted without it."),
    "evidence_no_date": _(
        "Enter the date printed on this document: it must be dated within %(days)s days "
        "before today."
    ),
    "evidence_too_old": _(
        "This document is dated %(date)s, more than %(days)s days ago: attach one dated "
        "%(earliest)s or later."
    ),
    "evidence_future": _(
        "This document is dated %(date)s, which is in the future: enter the date printed on it."
    ),
    "supplier_name": _("Enter the supplier's name as printed on this document."),
    "supplier_address": _("Enter the supplier's address as printed on this document."),
}


# --- copies of a rejected draft ---------------------------------------------------------------

# How many words in a row must be the same for them to count as copied: long enough that two
# plans about the same problem written separately rarely share a run ("the late shipment rate
# rose" is five), short enough that changing one figure leaves the rest of its sentence copied.
COPY_RUN = 5


def copied_share(mine: Sequence[str], theirs: Sequence[str]) -> float:
    """The share of ``mine`` (words, ``reading.tokens``) that appears unchanged in ``theirs``:
    each word that is part of a run of ``COPY_RUN`` words found word for word in ``theirs``
    (of all of ``mine`` when it is shorter), weighted by ``reading.weight`` so a long word counts
    more than "a". Linear in both lengths: ``theirs``'s runs go into a set, ``mine``'s are
    looked up in it. Replacing 6.2% by 6.3% in a sentence leaves all but the word 3 copied;
    reordering sentences leaves them copied; rewriting them does not."""
    total = sum(reading.weight(word) for word in mine)
    run = min(COPY_RUN, len(mine))
    if not total or len(theirs) < run:
        return 0.0
    runs = {tuple(theirs[i : i + run]) for i in range(len(theirs) - run + 1)}
    covered, end = 0, 0  # end: where the words counted so far end
    for i in range(len(mine) - run + 1):
        if tuple(mine[i : i + run]) in runs:
            covered += sum(reading.weight(word) for word in mine[max(i, end) : i + run])
            end = i + run
    return covered / total


# --- the check --------------------------------------------------------------------------------


def _finding(
    section: str, code: str, sentence: str, message: Promise, *, requirement: str = ""
) -> Finding:
    blocking = code in ("missing_section", "evidence_missing")
    return Finding(section, code, blocking, sentence, message, requirement)


def _section_findings(
    section: str,
    text: str,
    *,
    templates: frozenset[str],
    rejected: Sequence[Sequence[str]],
    min_section_chars: int,
    copy_ratio: float,
) -> list[tuple[int, Finding]]:
    """Each finding with the offset of what it is about, in the order the rules run."""
    if reading.weight(text) < min_section_chars:
        message = MESSAGES[section, "missing_section"]
        return [(0, _finding(section, "missing_section", text.strip(), message))]
    units = reading.positioned_sentences(text)
    first_pos, first = units[0]
    found: list[tuple[int, Finding]] = []

    def section_level(code: str) -> None:
        found.append((first_pos, _finding(section, code, first, MESSAGES[code])))

    def at(pos: int, sentence: str, code: str) -> None:
        found.append((pos, _finding(section, code, sentence, MESSAGES[code])))

    if section == "root_cause" and not phrases.SPECIFIC.search(reading.norm(text)):
        section_level("root_cause_not_specific")
    if section == "corrective_actions" and not any(
        phrases.completed(reading.norm(s)) for _, s in units
    ):
        section_level("no_completed_action")
    mine = reading.tokens(text)
    if any(copied_share(mine, theirs) >= copy_ratio for theirs in rejected):
        section_level("copied_rejected")
    if section == "corrective_actions":
        for pos, sentence in units:
            norm = reading.norm(sentence)
            if phrases.VAGUE.search(norm) or (
                phrases.VAGUE_UNLESS_DONE.search(norm) and not phrases.completed(norm)
            ):
                at(pos, sentence, "vague_action")
    if section == "preventive_measures":
        for pos, measure in reading.measures(text):
            norm = reading.norm(measure)
            if not phrases.OWNER.search(norm):
                at(pos, measure, "no_owner")
            if not phrases.FREQUENCY.search(norm):
                at(pos, measure, "no_frequency")
    for pos, sentence in units:
        if phrases.blames(sentence):
            at(pos, sentence, "blames_others")
        if reading.fingerprint(sentence) in templates:
            at(pos, sentence, "copied_template")
    return found


def _evidence_findings(
    requirements: Sequence[Requirement], evidence: Sequence[Evidence], today: date
) -> list[Finding]:
    found: list[Finding] = []
    for req in requirements:

        def add(code: str, sentence: str, message: Promise, req: Requirement = req) -> None:
            found.append(_finding(EVIDENCE, code, sentence, message, requirement=req.code))

        attached = [e for e in evidence if e.requirement == req.code]
        if req.required and not attached:
            add("evidence_missing", req.label, MESSAGES["evidence_missing"])
        for item in attached:
            if (message := _window_problem(req, item, today)) is not None:
                add("evidence_out_of_window", item.filename, message)
            for field in ("supplier_name", "supplier_address") if req.needs_supplier else ():
                if not getattr(item, field).strip():
                    add("evidence_supplier_missing", item.filename, MESSAGES[field])
    return found


def _window_problem(req: Requirement, item: Evidence, today: date) -> Promise | None:
    """Why the document's date is outside the requirement's window, or None. A document exactly
    ``max_age_days`` old is still inside it."""
    if req.max_age_days is None:
        return None
    days, dated = req.max_age_days, item.document_date
    if dated is None:
        return _Interpolated(MESSAGES["evidence_no_date"], days=days)
    if dated > today:
        return _Interpolated(MESSAGES["evidence_future"], date=dated.isoformat())
    earliest = today - timedelta(days=days)
    if dated < earliest:
        return _Interpolated(
            MESSAGES["evidence_too_old"],
            date=dated.isoformat(),
            days=days,
            earliest=earliest.isoformat(),
        )
    return None


def check(
    draft: Draft,
    *,
    requirements: Sequence[Requirement] = (),
    evidence: Sequence[Evidence] = (),
    template_texts: Sequence[str] = (),
    rejected_drafts: Sequence[Draft] = (),
    today: date,
    min_section_chars: int = 20,
    copy_ratio: float = 0.9,
) -> list[Finding]:
    """Every fix the draft needs, by section (``SECTIONS`` order, then evidence) and by
    position in the text. ``min_section_chars`` counts letters and digits, a Chinese character
    as two; template sentences shorter than that are not counted as copied ("Thank you.")."""
    templates = frozenset(
        fp
        for text in template_texts
        for s in reading.sentences(text)
        if reading.weight(fp := reading.fingerprint(s)) >= min_section_chars
    )
    found: list[Finding] = []
    for section in SECTIONS:
        rejected = [reading.tokens(getattr(r, section) or "") for r in rejected_drafts]
        in_section = _section_findings(
            section,
            getattr(draft, section) or "",
            templates=templates,
            rejected=rejected,
            min_section_chars=min_section_chars,
            copy_ratio=copy_ratio,
        )
        # By position; at one position in the order the rules ran (section-level first).
        found += [f for _pos, f in sorted(in_section, key=lambda item: item[0])]
    return found + _evidence_findings(requirements, evidence, today)


def blocks(findings: Iterable[Finding]) -> bool:
    """Whether the appeal may not be submitted as it is."""
    return any(f.blocking for f in findings)
