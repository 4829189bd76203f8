"""Search text, pure: segmenting Chinese with jieba, stemming English, parsing a query into
lexeme groups, and highlighting matches in a snippet. No ORM; the database adapters in
``search.py`` turn a :class:`SearchQuery` into FTS5 or tsquery syntax.

The same functions run at index time and at query time, on SQLite and on PostgreSQL, so both
databases see identical lexemes: Chinese words from jieba (search mode when indexing, so a
compound is findable by its parts), English words stemmed with Porter2 plus a few aliases for
derivations Porter2 keeps apart ("shipment" and "shipping" both become "ship").
"""

from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

# Han, kana and hangul: text that jieba segments. Everything else is split on non-alphanumerics.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z\u00c0-\u024f]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")
_SPACES = re.compile(r"\s+")

# Domain words, so jieba keeps them whole (its search mode still emits their parts).
DOMAIN_WORDS = [
    "账户健康",
    "账户状况",
    "绩效指标",
    "订单缺陷率",
    "缺陷率",
    "迟发率",
    "迟发",
    "配送前取消率",
    "取消率",
    "有效追踪率",
    "追踪率",
    "准时交货率",
    "准时送达率",
    "行动计划",
    "品牌备案",
    "品牌保护",
    "知识产权",
    "卖家大学",
    "高级支持",
    "客户经理",
    "可售库存",
    "入库",
    "货件",
    "申诉",
    "封号",
    "停用",
    "跨境",
    "结算",
    "身份验证",
    "营业执照",
    "订单号",
    "工单",
    "违规",
    "侵权",
    "移除订单",
    "赔偿",
    "库存",
    "广告活动",
    "商品详情页",
    "二次验证",
    "审核",
    "绩效通知",
]

ZH_STOP = frozenset(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "我",
        "我们",
        "你",
        "您",
        "他",
        "她",
        "它",
        "这",
        "那",
        "这个",
        "那个",
        "如何",
        "怎么",
        "怎样",
        "怎么办",
        "什么",
        "为什么",
        "哪些",
        "哪里",
        "请问",
        "一个",
        "可以",
        "能",
        "会",
        "要",
        "就",
        "都",
        "也",
        "还",
        "被",
        "把",
        "让",
        "给",
        "对",
        "从",
        "到",
        "并",
        "而",
        "但",
        "如果",
        "因为",
        "所以",
        "以及",
        "等",
    ]
)
EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "ours",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
    ]
)

# Porter2 keeps some derivations apart that sellers use interchangeably; fold them together.
STEM_ALIASES = {
    "shipment": "ship",
    "payment": "pay",
    "paid": "pay",
    "deliveri": "deliv",
    "verifi": "verif",
    "regist": "registr",
    "suspens": "suspend",
    "reimburs": "reimburs",
    "sold": "sell",
    "sale": "sell",
    "bought": "buy",
    "fulfill": "fulfil",
}

# Query-time alternatives: what sellers type for what articles say (both languages).
SYNONYMS = {
    "case": ("案例", "工单"),
    "案例": ("case", "工单"),
    "工单": ("case", "案例"),
    "poa": ("行动计划",),
    "行动计划": ("poa",),
    "封号": ("停用",),
    "停用": ("封号",),
    "deactiv": ("suspend",),
    "suspend": ("deactiv",),
    "fba": ("亚马逊物流",),
}

log = logging.getLogger(__name__)
_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()
_jieba_lock = threading.Lock()
_tokenizer = None
_warming = False


def jieba_tokenizer():
    """jieba's tokenizer, loaded once per process on first use (the dictionary takes ~1.5 s)
    and shared by every thread: after loading it is only read."""
    global _tokenizer
    if _tokenizer is None:
        with _jieba_lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word)
                _tokenizer = tokenizer
    return _tokenizer


def jieba_ready() -> bool:
    return _tokenizer is not None


def jieba_warm_in_background() -> None:
    """Start loading jieba in a daemon thread (once), for callers that must answer now: the
    live suggestions show the case type's articles until it is ready."""
    global _warming
    with _jieba_lock:
        if _tokenizer is not None or _warming:
            return
        _warming = True
    threading.Thread(target=jieba_tokenizer, name="jieba-warm", daemon=True).start()


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and case folding."""
    return unicodedata.normalize("NFKC", text or "").casefold()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The lexeme of one lower-case Latin word: Porter2 plus the aliases above. Numbers and
    identifiers with digits (ASINs, order-ID parts) are kept as they are."""
    if not word.isalpha():
        return word
    with _stem_lock:  # the Snowball stemmer object keeps state while it works
        stemmed = _stemmer.stemWord(word)
    return STEM_ALIASES.get(stemmed, stemmed)


def is_cjk(word: str) -> bool:
    return bool(_IS_CJK.match(word))


def is_cjk_text(text: str) -> bool:
    """Whether any Chinese (or other CJK) character occurs in ``text``."""
    return bool(_IS_CJK.search(text or ""))


def index_lexemes(text: str) -> list[str]:
    """Lexemes of a text for the index: jieba's search mode on Chinese (whole words and their
    dictionary parts), stems for Latin words; stop words dropped."""
    out: list[str] = []
    for run in _RUNS.findall(normalize(text)):
        if is_cjk(run):
            for word in jieba_tokenizer().cut_for_search(run):
                if word not in ZH_STOP:
                    out.append(word)
        elif run not in EN_STOP:
            out.append(stem(run))
    return out


def index_text(text: str) -> str:
    """``index_lexemes`` joined by spaces: what the full-text engine tokenises."""
    return " ".join(index_lexemes(text))


def fold_title(title: str) -> str:
    """A title as compared for an exact-title match: case, width, spacing and trailing
    punctuation do not matter."""
    folded = _SPACES.sub(" ", normalize(title)).strip()
    return folded.strip(" .。!！?？:：;；,，")


# --- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One word of the query: any of its alternatives must match. An alternative is a tuple
    of lexemes that must all match (a Chinese compound and its parts); a lexeme ending in
    ``*`` is a prefix."""

    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SearchQuery:
    text: str
    groups: tuple[Group, ...]
    # What to highlight: Latin stems (and prefixes) and Chinese surface words.
    stems: frozenset[str] = field(default_factory=frozenset)
    prefixes: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.groups


def _cjk_groups(run: str) -> list[tuple[Group, set[str]]]:
    tokenizer = jieba_tokenizer()
    groups = []
    for word in tokenizer.cut(run):
        if word in ZH_STOP or not word.strip():
            continue
        alternatives: list[tuple[str, ...]] = [(word,)]
        surfaces = {word}
        parts = [p for p in tokenizer.cut_for_search(word) if p != word and len(p) > 1]
        # The parts as an alternative only when together they cover the word: "账户健康" is
        # also found as "账户 … 健康", but "迟发率" is not widened to any "迟发".
        if parts and set("".join(parts)) >= set(word):
            alternatives.append(tuple(dict.fromkeys(parts)))
            surfaces.update(parts)
        for synonym in SYNONYMS.get(word, ()):
            alternatives.append((synonym,))
            surfaces.add(synonym)
        groups.append((Group(tuple(alternatives)), surfaces))
    return groups


def parse_query(text: str, *, prefix: bool = False) -> SearchQuery:
    """Parse what a person typed. Every word (group) must match. Single Chinese characters
    that jieba leaves over ("开" in "如何开case") only count when nothing else is left.
    ``prefix``: the last Latin word may be unfinished (search as you type)."""
    normalized = normalize(text)[:500]
    runs = _RUNS.findall(normalized)
    groups: list[Group] = []
    singles: list[Group] = []
    stems: set[str] = set()
    prefixes: list[str] = []
    words: set[str] = set()
    for index, run in enumerate(runs):
        if is_cjk(run):
            for group, surfaces in _cjk_groups(run):
                if len(group.alternatives[0][0]) == 1:
                    singles.append(group)
                    continue
                groups.append(group)
                words.update(s for s in surfaces if is_cjk(s))
                stems.update(s for s in surfaces if not is_cjk(s))
            continue
        if run in EN_STOP:
            continue
        lexeme = stem(run)
        alternatives = [(lexeme,)]
        last = index == len(runs) - 1 and not normalized[-1:].isspace()
        if prefix and last and len(run) >= 3 and run.isalpha():
            # The index holds stems ("shipment" is "ship"), so an unfinished word is matched
            # by its first four letters: "shipm" finds "ship…", "accou" finds "account".
            start = run[:4]
            alternatives.append((start + "*",))
            prefixes.append(start)
        for synonym in SYNONYMS.get(lexeme, ()):
            alternatives.append((synonym,))
            (words if is_cjk(synonym) else stems).add(synonym)
        stems.add(lexeme)
        groups.append(Group(tuple(dict.fromkeys(alternatives))))
    if not groups:
        groups = singles
        words.update(g.alternatives[0][0] for g in singles)
    # The same word twice (or two synonyms of each other) adds nothing but cost.
    unique = tuple({frozenset(g.alternatives): g for g in groups}.values())
    return SearchQuery(
        text=normalized.strip(),
        groups=unique,
        stems=frozenset(stems),
        prefixes=tuple(prefixes),
        words=tuple(sorted(words, key=len, reverse=True)),
    )


# --- snippets ------------------------------------------------------------------------------


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
    text = _SPACES.sub(" ", text or "").strip()
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
