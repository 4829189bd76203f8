"""Which of the product's languages a language tag names.

The product speaks English (``en``) and Simplified Chinese (``zh-hans``), Django's codes.
Callers send BCP 47 tags as browsers and HTTP clients write them (``zh-CN``, ``zh-Hans``,
``en-US``); ``normalise_language`` maps any of them, case-insensitively, to one of the two codes,
or to ``None`` when the tag names another language or is not a well-formed tag.

Traditional Chinese (``zh-Hant``, ``zh-TW``, ``zh-HK``, ``zh-MO``) maps to ``zh-hans``: it is
the only Chinese there is, a reader of Traditional characters reads Simplified far better than
English, and it is what Django's own language negotiation already does for such a browser
(``zh-hant`` falls back to the only ``zh-`` variant installed), so the API and the UI agree.
"""

from __future__ import annotations

import re

ENGLISH = "en"
SIMPLIFIED_CHINESE = "zh-hans"
CODES = (ENGLISH, SIMPLIFIED_CHINESE)

# BCP 47 (RFC 5646) well-formedness, enough to refuse what is no tag at all: a 2–3 letter
# language (optionally up to three 3-letter extlangs, as in ``zh-cmn-Hans``), then an optional
# 4-letter script, an optional region (2 letters or 3 digits), variants, extensions and a
# private-use part. Underscores (``zh_CN``, POSIX locale style) are read as hyphens.
_TAG = re.compile(
    r"""
    ^(?P<language>[a-z]{2,3})
    (?P<extlang>(?:-[a-z]{3}){0,3})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
    (?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*
    (?:-x(?:-[a-z0-9]{1,8})+)?\Z
    """,
    re.VERBOSE,
)

# Chinese written in Han characters, simplified or traditional; Mandarin (``cmn``) as a
# language or as the extlang of ``zh`` is Chinese too.
_CHINESE = {"zh", "cmn"}
_HAN_SCRIPTS = {None, "hans", "hant"}
_LATIN_SCRIPTS = {None, "latn"}


def normalise_language(tag: str | None) -> str | None:
    """``"en"`` or ``"zh-hans"`` for a BCP 47 tag naming English or Chinese, else ``None``.

    >>> [normalise_language(t) for t in ("zh-CN", "zh-Hans-CN", "en-GB", "ZH-TW", "fr", "")]
    ['zh-hans', 'zh-hans', 'en', 'zh-hans', None, None]
    """
    if not isinstance(tag, str):
        return None
    match = _TAG.match(tag.strip().lower().replace("_", "-"))
    if match is None:
        return None
    language, script = match["language"], match["script"]
    extlang = match["extlang"].lstrip("-").split("-")[0] if match["extlang"] else None
    if language == "zh" and extlang not in (None, "cmn"):
        # zh-yue (Cantonese), zh-nan (Min Nan), …: other languages, not Mandarin text.
        return None
    if language in _CHINESE and script in _HAN_SCRIPTS:
        return SIMPLIFIED_CHINESE
    if language == "en" and extlang is None and script in _LATIN_SCRIPTS:
        return ENGLISH
    return None


def language_error_message(tag: object) -> str:
    """What a 422 says about a language the product does not have."""
    return (
        f"unknown language {tag!r}: send a BCP 47 tag for English (en, en-US, …) or "
        "Chinese (zh, zh-CN, zh-Hans, …)"
    )
