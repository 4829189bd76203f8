"""Search text, pure: segmenting Chinese with jieba, stemming English and parsing a query into
lexeme groups (the word lists are in ``lexicon.py``, snippets in ``snippets.py``). No ORM: the
database adapters in ``search.py`` turn a :class:`SearchQuery` into FTS5 or tsquery syntax.

The same functions run at index time and at query time, on SQLite and on PostgreSQL, so both
databases see identical lexemes: Chinese words from jieba (search mode when indexing, so a
compound is findable by its parts), English words stemmed with Porter2 plus a few aliases for
derivations Porter2 keeps apart ("shipment" and "shipping" both become "ship").
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from .lexicon import DOMAIN_WORDS, EN_STOP, STEM_ALIASES, SYNONYMS, ZH_STOP

# Han, kana and hangul: text that jieba segments. Everything else is split on non-alphanumerics.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z\u00c0-\u024f]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_SPACES = re.compile(r"\s+")

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
