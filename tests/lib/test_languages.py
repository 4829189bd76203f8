"""Language tags (BCP 47) read as the product's two languages: a pure function, tested through
every spelling the issue names and, with hypothesis, through any letter case."""

from __future__ import annotations

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.lib.languages import CODES, language_error_message, normalise_language

CHINESE = [
    "zh",
    "zh-CN",
    "zh-Hans",
    "zh-Hans-CN",
    "zh-SG",
    "zh-hans",  # Django's own code
    "zh-cmn-Hans-CN",  # Mandarin as zh's extlang
    "cmn-Hans",
    "zh_CN",  # POSIX locale spelling
    " zh-CN ",
    # Traditional Chinese: read as Simplified, the only Chinese the product has.
    "zh-TW",
    "zh-Hant",
    "zh-Hant-TW",
    "zh-HK",
    "zh-MO",
]
ENGLISH = ["en", "en-US", "en-GB", "en-Latn-US", "en-US-x-twain", "EN", "en-001"]
NEITHER = [
    "",
    "   ",
    None,
    42,
    "fr",
    "fr-FR",
    "ja",
    "de-CH",
    "english",
    "chinese",
    "zh-",
    "-zh",
    "zh--CN",
    "zh-Latn",  # pinyin is not Chinese text
    "zh-yue",  # Cantonese
    "en-Cyrl",
    "en-cmn",
    "zh-CN-",
    "zh*",
    "x-klingon",
    "zh-CN\x00",
]


@pytest.mark.parametrize("tag", CHINESE)
def test_chinese_tags_are_simplified_chinese(tag):
    assert normalise_language(tag) == "zh-hans"


@pytest.mark.parametrize("tag", ENGLISH)
def test_english_tags_are_english(tag):
    assert normalise_language(tag) == "en"


@pytest.mark.parametrize("tag", NEITHER)
def test_other_languages_and_non_tags_are_none(tag):
    assert normalise_language(tag) is None


@given(st.sampled_from(CHINESE + ENGLISH + [t for t in NEITHER if isinstance(t, str)]), st.data())
def test_letter_case_never_matters(tag, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(tag), max_size=len(tag)))
    recased = "".join(c.swapcase() if flip else c for c, flip in zip(tag, flips, strict=True))
    assert normalise_language(recased) == normalise_language(tag)


@given(st.text(max_size=20))
def test_any_text_reads_as_one_of_the_codes_or_none(text):
    assert normalise_language(text) in (*CODES, None)


def test_the_codes_are_the_sites_languages():
    assert set(CODES) == {code for code, _ in settings.LANGUAGES}


def test_the_refusal_says_what_is_accepted():
    message = language_error_message("fr")
    assert "'fr'" in message and "zh-CN" in message and "en-US" in message
