"""Is a new case the same problem as an open one? (pure)

Two signals, either enough:

* **Identifiers.** The order IDs and ASINs of the new case (its fields and any written in the
  subject or description) overlap those of the open case. Sets, so the order in which the
  seller lists them does not matter.
* **Text.** The subject and description are very similar: Jaccard similarity of a feature set
  made of character bigrams of Chinese (CJK) runs and two-word shingles of everything else
  (single words when a text has fewer than two). Chinese has no spaces, so bigrams stand in
  for words; English word pairs keep "order not received" apart from "received not order".
  Mixed-language texts get both kinds of features in one set.

``extract_identifiers`` is also the form's helper that offers to fill the fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

ORDER_ID = re.compile(r"(?<![\d-])(\d{3}-\d{7}-\d{7})(?![\d-])")
ASIN = re.compile(r"(?<![0-9A-Za-z])(B0[0-9A-Za-z]{8})(?![0-9A-Za-z])", re.IGNORECASE)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+(?:['-][0-9a-z]+)*")


def extract_identifiers(*texts: str) -> dict[str, list[str]]:
    """Order IDs and ASINs written in ``texts``, each once, in the order first seen."""
    orders: dict[str, None] = {}
    asins: dict[str, None] = {}
    for text in texts:
        text = unicodedata.normalize("NFKC", text or "")
        for match in ORDER_ID.finditer(text):
            orders.setdefault(match.group(1), None)
        for match in ASIN.finditer(text):
            value = match.group(1).upper()
            # B0 + 8 must contain a letter or be all digits after B0; "B0" words in prose
            # ("B0OKING") are rare enough; an ASIN has at least one digit.
            if any(ch.isdigit() for ch in value[2:]):
                asins.setdefault(value, None)
    return {"order_id": list(orders), "asin": list(asins)}


def features(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            out.add(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    words = _WORD.findall(_CJK_RUN.sub(" ", text))
    if len(words) == 1:
        out.add(words[0])
    out.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(text_a: str, text_b: str) -> float:
    return jaccard(features(text_a), features(text_b))


@dataclass(frozen=True)
class CaseText:
    """What duplicate detection compares. ``number`` is None for the case being created."""

    number: int | None
    subject: str
    description: str
    fields: dict[str, str] = field(default_factory=dict)

    def identifiers(self) -> set[str]:
        found = extract_identifiers(self.subject, self.description)
        ids = {f"order:{v}" for v in found["order_id"]} | {f"asin:{v}" for v in found["asin"]}
        for code, prefix in (("order_id", "order"), ("asin", "asin")):
            for value in re.split(r"[\s,;]+", self.fields.get(code, "")):
                if value:
                    ids.add(f"{prefix}:{value.upper()}")
        return ids

    def text(self) -> str:
        return f"{self.subject}\n{self.description}"


@dataclass(frozen=True)
class Match:
    number: int
    reason: str  # "identifiers" or "text"
    score: float


def find_duplicate(new: CaseText, open_cases: Iterable[CaseText], threshold: float) -> Match | None:
    """The open case ``new`` duplicates, if any: an identifier overlap first (the strongest
    signal; the most recent such case), else the most similar text at or above
    ``threshold``."""
    new_ids = new.identifiers()
    new_features = features(new.text())
    best: Match | None = None
    for other in open_cases:
        assert other.number is not None
        shared = new_ids & other.identifiers()
        if shared:
            return Match(other.number, "identifiers", 1.0)
        score = jaccard(new_features, features(other.text()))
        if score >= threshold and (best is None or score > best.score):
            best = Match(other.number, "text", score)
    return best
