"""The plan-of-action (POA) quality check, pure: the concrete fixes an appeal needs before it
is submitted, each naming the sentence, file or requirement it is about. Only a missing section
or missing required evidence blocks; the rest are the warnings a reviewer would raise.

Sellers write English, Chinese or both in one text, so every rule reads both: English by whole
word, case-insensitively (bounded by non-letters, so "我们improve" matches too), Chinese by
substring, both after NFKC (full-width forms folded) and casefold. The word lists are short on
purpose: a rule a seller can't understand from its message is a rule they can't satisfy.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SECTIONS = ("root_cause", "corrective_actions", "preventive_measures")
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


# --- reading text -----------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _norm(text: str) -> str:
    """As the rules read text: full-width folded (NFKC), curly apostrophes straight, casefold."""
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()


def _weight(text: str) -> int:
    """Letters and digits, a Chinese character counting two: a Chinese character carries about
    as much as two Latin letters, so one minimum serves both languages."""
    return sum(2 if _is_cjk(ch) else 1 for ch in text if ch.isalnum())


# A bullet or number a line starts with: -, *, •, 1. 1) 1、 (1) （1） ①. "4.5%" is no bullet.
_BULLET = re.compile(
    r"(?:\s*(?:[-*•·●▪◦]|\d{1,2}\s*[.．)）、](?!\d)|[(（]\s*\d{1,2}\s*[)）]|[①-⑳]))+\s*"
)
_LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")
# Where a sentence may end; a closing quote or bracket stays with its sentence.
_END = re.compile(r"(?:[。！？；!?;]+|[.．…]+)[\"'”’)）」』]*")
# Words a dot follows without ending the sentence.
_ABBREVIATIONS = frozenset(
    ("mr", "mrs", "ms", "dr", "st", "jr", "vs", "etc", "approx", "incl", "dept", "inc", "ltd")
    + ("co", "corp", "fig", "no", "nos")
)


def _dot_ends_sentence(line: str, start: int, end: int) -> bool:
    after, before = line[end : end + 1], line[start - 1 : start]
    # "4.5", "amazon.com" go on; "done.Next" (no space typed after the dot) ends.
    glued = after and not (after.isspace() or _is_cjk(after))
    if glued and not (before.islower() and after.isupper()):
        return False
    word = re.search(r"[A-Za-z.]*$", line[:start]).group().strip(".").lower()
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # e.g. i.e. U.S.
        return False
    if word == "no":  # "No. 5", but "The answer is no."
        return not re.match(r"\s*\d", line[end:])
    return word not in _ABBREVIATIONS or word == "etc" and bool(re.match(r"\s+[A-Z]", line[end:]))


def _lines(text: str) -> list[tuple[int, str, bool]]:
    """Each non-empty line: its offset, its text without a bullet, whether it had one."""
    out = []
    for match in _LINE.finditer(text):
        line = match.group()
        bullet = _BULLET.match(line)
        start = bullet.end() if bullet and bullet.group().strip() else 0
        if line[start:].strip():
            out.append((match.start() + start, line[start:], start > 0))
    return out


def _sentences(text: str) -> list[tuple[int, str]]:
    """Each sentence (stripped) with its offset in ``text``."""
    out = []
    for offset, line, _bullet in _lines(text):
        start = 0
        for match in _END.finditer(line):
            if match.group()[0] in ".．…" and not _dot_ends_sentence(
                line, match.start(), match.end()
            ):
                continue
            out.append((offset + start, line[start : match.end()]))
            start = match.end()
        out.append((offset + start, line[start:]))
    kept = [(pos, s) for pos, s in out if any(ch.isalnum() for ch in s)]
    return [(pos + len(s) - len(s.lstrip()), s.strip()) for pos, s in kept]


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as written: split at . ! ? ; (not in 4.5, e.g. or an order
    ID), at 。！？； and at line ends; bullets and numbers before a line dropped."""
    return [s for _pos, s in _sentences(text)]


def _measures(text: str) -> list[tuple[int, str]]:
    """The measures of a preventive section: its bullet lines when it has any (an introduction
    such as "We have put in place:" is no measure), otherwise its sentences."""
    bullets = [(pos, line.strip()) for pos, line, is_bullet in _lines(text) if is_bullet]
    return bullets or _sentences(text)


def _fingerprint(text: str) -> str:
    """A sentence with case, spacing, punctuation and full-width forms folded away."""
    return "".join(ch for ch in _norm(text) if ch.isalnum())


# --- the word lists ---------------------------------------------------------------------------


def _words(english: Iterable[str], chinese: Iterable[str] = ()) -> re.Pattern[str]:
    """One pattern: English fragments as whole words (a space matching any spacing), Chinese
    fragments anywhere. Matched against ``_norm`` text, so English is lower case here."""
    english = "|".join(part.replace(" ", r"\s+") for part in english)
    parts = [rf"(?<![a-z0-9])(?:{english})(?![a-z0-9])"] if english else []
    return re.compile("|".join([*parts, *chinese]))


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# What makes a root cause checkable by a reviewer: an order ID, an ASIN (or ISBN-10), a date,
# a percentage or a metric by name. "Our shipping was slow" is not; "the late shipment rate
# reached 6.2% in the week of 2026-11-02" is.
_SPECIFIC = _words(
    (
        r"\d{3}-\d{7}-\d{7}|b0[0-9a-z]{8}|\d{9}[0-9x]",  # order ID, ASIN, ISBN-10
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?",  # 2026-11-02, 11/02
        rf"{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?|{_MONTH} \d{{4}}",  # Nov 2, November 2026
        rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}",  # 2 November
        r"\d+(?:\.\d+)?\s*%",  # a percentage (NFKC folded ％)
        r"(?:late shipment|valid tracking|order defect|(?:pre-fulfil?ment )?cancell?ation"
        r"|on-time delivery|negative feedback) rate|odr",
    ),
    (
        r"\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}[日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]",
        "迟发率|有效追踪率|订单缺陷率|取消率|准时交货率|负面反馈率|百分之",
    ),
)

# Intentions that are never an action taken: a reviewer reads them as "nothing done yet".
_VAGUE = _words(
    (
        "will try|tr(?:y|ies|ying) to|(?:try|do) our best|do(?:ing)? better|intend to|hope to",
        "pay(?:ing)? more attention|plan(?:ning)? (?:to|on)|(?:be |being )?more careful",
        "strengthen management",
    ),
    ("尽量|尽力|尽可能|加强管理|努力|争取|打算|多加注意|更加注意|更加小心",),
)
# Words vague only where no completed action is named in the same sentence: "improve" in "we
# replaced the boxes to improve packaging" is the purpose of a real action.
_VAGUE_UNLESS_DONE = _words(
    ("improve", "improving", "improvements?", "enhance", "will", "shall", "going to"),
    ("提高|提升|改进|改善|加强|计划|注意(?!到)|将会|我们将|我司将|我们会|我司会",),
)
# An action completed: "we have …", a past tense of what sellers do to fix an account, 已.
_DONE = _words(
    (
        r"(?:have|has|had|ve) (?:already |now |also |just |since )*(?:been )?"
        r"(?:[a-z]+ed|done|made|taken|sent|built|set|put|paid|bought|found|held|begun|run|shut"
        r"|cut|given|written|rewritten|brought|got|kept|met|rebuilt|taught|chosen|withdrawn)",
        r"(?:re)?(?:moved|funded|placed|trained|shipped|labell?ed|wrote|built)",
        r"deleted|delisted|cancell?ed|contacted|updated|added|switched|changed|fixed|corrected",
        r"closed|stopped|suspended|hired|installed|audited|inspected|reviewed|recalled|issued",
        r"sent|created|implemented|introduced|set up|signed|terminated|disposed|destroyed",
        r"upgraded|purchased|bought|obtained|completed|finished|launched|adopted|assigned",
        r"appointed|established|configured|enabled|disabled|verified|investigated|revised",
        r"edited|took|made|began|started|discarded|quarantined|compensated|apologi[sz]ed|done",
    ),
    (
        r"(?<!而)(?<!不得)已|完成|下架|撤下|停售",
        # 了 after a verb (检查了, 更换了), not in 为了 "in order to", 除了, 了解.
        r"(?<![为除])(?<=[\u4e00-\u9fff])了(?!解)",
    ),
)
# Who carries a measure out: a role, a named team, or "X is responsible".
_OWNER = _words(
    (
        r"(?:team |store |warehouse |operations |account |compliance )?"
        r"(?:manager|lead|leader|supervisor|director|officer|specialist|coordinator)s?",
        "staff|employees?|inspectors?|clerks?|operators?|ceo|founder|owner|person in charge",
        "responsible|accountable|in charge",
        r"(?!our |the |a |my |whole |entire |this )[a-z]+ (?:team|department)",
        r"qa|qc|(?:mr|ms|mrs)\.? [a-z]+",
    ),
    (
        r"负责|主管|专员|经理|组长|员工|人员|质检员|仓管员|总监|老板|店长",
        r"(?:质检|品控|物流|运营|仓库|客服|采购|合规|售后|财务)(?:团队|部门|小组)",
    ),
)
_UNIT = (
    r"(?:day|week|month|quarter|year|hour|morning|evening|shift|monday|friday|order|shipment"
    r"|package|parcel|batch|listing|sku|asin|product|delivery|inbound|time|purchase|invoice"
    r"|return|label|carton|box|restock|supplier)s?"
)
# How often a measure runs. "Regularly" / 定期 say nothing until a period is named, so they
# are not here: "定期（每周）检查" counts through 每周.
_FREQUENCY = _words(
    (
        "hourly|daily|weekly|biweekly|fortnightly|monthly|quarterly|yearly|annually|whenever",
        rf"(?:every|each|per) (?:\d+ |other |single |new |incoming |outgoing )?{_UNIT}",
        r"(?:once|twice|\d+ times) (?:a|per|every) \w+",
        r"before (?:each|every|any) \w+",
    ),
    (
        r"每(?:隔)?(?:[一两二三四五六七八九十\d]+)?个?新?"
        r"(?:天|日|周|星期|月|季度|年|小时|批|单|次|笔|件|票|订单|listing|sku)",
        r"[一两二三\d]+(?:天|日|周|月)[一两二三\d]+次",
    ),
)
_PARTY = (
    r"(?:the |our |a )?(?:buyer|customer|purchaser|carrier|courier|shipping company"
    r"|logistics (?:company|provider|partner)|post office|ups|usps|fedex|dhl|amazon"
    r"|marketplace|platform)(?:'s|s'|s)?"
)
# Blaming someone else for what the seller controls: buyers lying or abusing, carriers losing
# or delaying, the marketplace erring. Each pattern pairs a party with a fault, so "we refunded
# the buyer", "we switched to a carrier with better on-time rates", 我们已更换物流商 pass.
_BLAME = _words(
    (
        r"(?:buyer|customer|purchaser)s? (?:\w+ )?(?:lied|lies|lying|abused|abuses|abusing"
        r"|scammed|cheated|falsely|fraudulently|deliberately|intentionally|maliciously)",
        r"(?:buyer|customer)s? (?:filed|made|left|opened|submitted) (?:an? )?"
        r"(?:false|fake|fraudulent|malicious|unreasonable)",
        rf"(?:due to|because of|caused by|result of|blame) {_PARTY} (?:\w+ )?(?:delays?|mistakes?"
        r"|errors?|fault|problems?|negligence|failures?|lateness|abuse|fraud|misjudg\w*)",
        r"(?:ups|usps|fedex|dhl|the carrier|the courier|the post office|the logistics company)"
        r" (?:lost|damaged|delayed|mishandled|failed|was late|were late|did not|didn't)",
        r"(?:amazon|the marketplace|marketplace|the platform|platform)(?:'s)? (?:mistake|error"
        r"|fault|misjudg\w*|wrongly|incorrectly|mistakenly|unfairly)",
        r"not our fault|no fault of ours|(?:is|was|are|were) not (?:our|my) "
        r"(?:fault|responsibility)|beyond our control|out of our control",
    ),
    (
        r"(?:买家|顾客|客户|消费者)的?(?:恶意|故意|撒谎|说谎|欺诈|诈骗|滥用|的错|过错)",
        r"恶意(?:差评|退货|投诉|索赔|下单)",
        r"(?:物流商|物流公司|快递公司|承运商|货代|快递|物流)的?"
        r"(?:原因|延误|问题|错误|失误|丢件|丢失|责任|弄丢|损坏)",
        r"(?:平台|亚马逊|amazon)的?(?:误判|错误|的错|失误|责任)",
        r"(?:不是|并非|非)(?:我们|我方|我司|本店)的?(?:责任|错|过错|问题)|与我(?:们|方|司)无关",
    ),
)
# "If the carrier loses a parcel, we reship": a contingency in a plan, not blame.
_CONDITION = re.compile(
    r"(?:(?<![a-z])(?:if|when|whenever|in case|should|unless)\s+(?:the\s+|a\s+|our\s+)?"
    r"|(?:如果|若|一旦|万一|假如)\s*)$"
)


def _blames(text: str) -> bool:
    norm = _norm(text)
    return any(not _CONDITION.search(norm[: m.start()]) for m in _BLAME.finditer(norm))


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
    rejected: Sequence[str],
    min_section_chars: int,
    copy_ratio: float,
) -> list[tuple[int, Finding]]:
    """Each finding with the offset of what it is about, in the order the rules run."""
    if _weight(text) < min_section_chars:
        message = MESSAGES[section, "missing_section"]
        return [(0, _finding(section, "missing_section", text.strip(), message))]
    units = _sentences(text)
    first_pos, first = units[0]
    found: list[tuple[int, Finding]] = []

    def section_level(code: str) -> None:
        found.append((first_pos, _finding(section, code, first, MESSAGES[code])))

    def at(pos: int, sentence: str, code: str) -> None:
        found.append((pos, _finding(section, code, sentence, MESSAGES[code])))

    if section == "root_cause" and not _SPECIFIC.search(_norm(text)):
        section_level("root_cause_not_specific")
    if section == "corrective_actions" and not any(_DONE.search(_norm(s)) for _, s in units):
        section_level("no_completed_action")
    mine = _fingerprint(text)
    if any(
        difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= copy_ratio
        for theirs in rejected
        if theirs
    ):
        section_level("copied_rejected")
    if section == "corrective_actions":
        for pos, sentence in units:
            norm = _norm(sentence)
            if _VAGUE.search(norm) or (_VAGUE_UNLESS_DONE.search(norm) and not _DONE.search(norm)):
                at(pos, sentence, "vague_action")
    if section == "preventive_measures":
        for pos, measure in _measures(text):
            norm = _norm(measure)
            if not _OWNER.search(norm):
                at(pos, measure, "no_owner")
            if not _FREQUENCY.search(norm):
                at(pos, measure, "no_frequency")
    for pos, sentence in units:
        if _blames(sentence):
            at(pos, sentence, "blames_others")
        if _fingerprint(sentence) in templates:
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
        for s in sentences(text)
        if _weight(fp := _fingerprint(s)) >= min_section_chars
    )
    found: list[Finding] = []
    for section in SECTIONS:
        rejected = [_fingerprint(getattr(r, section)) for r in rejected_drafts]
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
