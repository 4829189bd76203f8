"""Reading a plan of action's text (pure): the normal form every rule matches against (NFKC,
full-width folded, case-folded), sentences and measures (bullets) with their positions, and a
fingerprint for comparing copied text."""

from __future__ import annotations

import re
import unicodedata


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def norm(text: str) -> str:
    """As the rules read text: full-width folded (NFKC), curly apostrophes straight, casefold."""
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold()


def weight(text: str) -> int:
    """Letters and digits, a Chinese character counting two: a Chinese character carries about
    as much as two Latin letters, so one minimum serves both languages."""
    return sum(2 if is_cjk(ch) else 1 for ch in text if ch.isalnum())


# A bullet or number a line starts with: -, *, •, 1. 1) 1、 (1) （1） ①. "4.5%" is no bullet.
BULLET = re.compile(
    r"(?:\s*(?:[-*•·●▪◦]|\d{1,2}\s*[.．)）、](?!\d)|[(（]\s*\d{1,2}\s*[)）]|[①-⑳]))+\s*"
)
LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x85]+")
# Where a sentence may end; a closing quote or bracket stays with its sentence.
END = re.compile(r"(?:[。！？；!?;]+|[.．…]+)[\"'”’)）」』]*")
# Words a dot follows without ending the sentence.
ABBREVIATIONS = frozenset(
    ("mr", "mrs", "ms", "dr", "st", "jr", "vs", "etc", "approx", "incl", "dept", "inc", "ltd")
    + ("co", "corp", "fig", "no", "nos")
)


def dot_ends_sentence(line: str, start: int, end: int) -> bool:
    after, before = line[end : end + 1], line[start - 1 : start]
    # "4.5", "amazon.com" go on; "done.Next" (no space typed after the dot) ends.
    glued = after and not (after.isspace() or is_cjk(after))
    if glued and not (before.islower() and after.isupper()):
        return False
    # The word before the dot, from a bounded look back: scanning the whole line before each
    # dot would make a long line quadratic. No abbreviation is anywhere near 32 characters.
    word = re.search(r"[A-Za-z.]*$", line[max(0, start - 32) : start]).group().strip(".").lower()
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):  # e.g. i.e. U.S.
        return False
    if word == "no":  # "No. 5", but "The answer is no."
        return not re.match(r"\s*\d", line[end:])
    return word not in ABBREVIATIONS or word == "etc" and bool(re.match(r"\s+[A-Z]", line[end:]))


def lines(text: str) -> list[tuple[int, str, bool]]:
    """Each non-empty line: its offset, its text without a bullet, whether it had one."""
    out = []
    for match in LINE.finditer(text):
        line = match.group()
        bullet = BULLET.match(line)
        start = bullet.end() if bullet and bullet.group().strip() else 0
        if line[start:].strip():
            out.append((match.start() + start, line[start:], start > 0))
    return out


def positioned_sentences(text: str) -> list[tuple[int, str]]:
    """Each sentence (stripped) with its offset in ``text``."""
    out = []
    for offset, line, _bullet in lines(text):
        start = 0
        for match in END.finditer(line):
            if match.group()[0] in ".．…" and not dot_ends_sentence(
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
    return [s for _pos, s in positioned_sentences(text)]


def measures(text: str) -> list[tuple[int, str]]:
    """The measures of a preventive section: its bullet lines when it has any (an introduction
    such as "We have put in place:" is no measure), otherwise its sentences."""
    bullets = [(pos, line.strip()) for pos, line, is_bullet in lines(text) if is_bullet]
    return bullets or positioned_sentences(text)


def fingerprint(text: str) -> str:
    """A sentence with case, spacing, punctuation and full-width forms folded away."""
    return "".join(ch for ch in norm(text) if ch.isalnum())


# A word of letters or digits, or one Chinese character (Chinese has no spaces between words).
_CJK = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0010ffff"
TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W_])+")


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the rules read it (``norm``), each Chinese character one word;
    spacing and punctuation dropped, so "4.5%" is the words 4 and 5."""
    return TOKEN.findall(norm(text))
