"""The languages Seller University is written in, and which one the viewer reads."""

from django.utils.translation import get_language

LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]


def is_chinese() -> bool:
    """The active language is Chinese (the ``_zh`` columns are shown, English as fallback)."""
    return (get_language() or "").startswith("zh")
