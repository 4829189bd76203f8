"""Highlighted snippets of search results, built from an article's plain text (the engines'
snippet functions would show the segmented, stemmed index text). Pure."""

from __future__ import annotations

import html
import re

from .text import SearchQuery, is_cjk, stem

_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")
_SPACES = re.compile(r"\s+")
# Whitespace between two Chinese (CJK) characters: a space that older plain text put where
# inline markup was, or a line break. Chinese is written without spaces, so a space goes; a
# line break goes after a full stop or other punctuation and stays a space between items.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCTUATION}])\s+(?=[{_CJK}{_CJK_PUNCTUATION}])")
_ENDS_IN_PUNCTUATION = re.compile(rf"[{_CJK_PUNCTUATION}]$")


def _close_cjk_gaps(text: str) -> str:
    def gap(match: re.Match) -> str:
        if "\n" not in match.group() or _ENDS_IN_PUNCTUATION.search(text, 0, match.start()):
            return ""
        return " "

    return _SPACE_IN_CJK.sub(gap, text)


def _spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    spans = []
    if query.stems or query.prefixes:
        stems, prefixes = query.stems, query.prefixes
        for match in _LATIN_WORD.finditer(text):
            word = match.group().lower()
            if stem(word) in stems or (prefixes and word.startswith(prefixes)):
                spans.append(match.span())
    for word in query.words:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, _ in spans[i:] if s < start + width)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - width // 5)
    # Do not begin in the middle of a Latin word.
    while 0 < start < best_start and text[start - 1].isalnum() and not is_cjk(text[start - 1]):
        start += 1
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    return start, end


def highlight(text: str, query: SearchQuery, *, width: int | None = None) -> str:
    """HTML: ``text`` escaped, the words that match ``query`` in ``<mark>``; with ``width``,
    the window of that many characters with the most matches, with ellipses where cut. The
    result is safe to mark safe: everything but the ``<mark>`` tags is escaped here."""
    text = _SPACES.sub(" ", _close_cjk_gaps(text or "")).strip()
    spans = _spans(text, query)
    start, end = _window(text, spans, width) if width else (0, len(text))
    out = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(html.escape(text[cursor:span_start]))
        out.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(html.escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)
