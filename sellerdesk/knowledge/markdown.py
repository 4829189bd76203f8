"""Article Markdown to safe HTML, and to plain text for search. Pure.

Two layers, so one mistake is not enough for script to reach a reader: markdown-it runs with
raw HTML disabled (``<script>`` in the source comes out as text) and refuses ``javascript:``
and ``data:`` links; nh3 then allow-lists the tags, attributes and URL schemes that remain.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_TAG = re.compile(r"<[^>]+>")
# Inline markup sits inside a run of text: dropping it must not split the words around it
# ("**账户**健康" is 账户健康, not "账户 健康"). Any other tag separates what is on each side.
_INLINE_TAG = re.compile(r"</?(a|strong|em|b|i|code|del|s|span|sub|sup|mark|kbd)(\s[^>]*)?>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|blockquote|pre)>|<br\s*/?>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n+")


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render(markdown: str) -> str:
    """Safe HTML for an article body."""
    return sanitize(_md.render(markdown or ""))


def plain_text(markdown: str) -> str:
    """The words of an article body without markup, paragraphs on their own lines."""
    rendered = _BLOCK_END.sub("\n", _md.render(markdown or ""))
    text = html.unescape(_TAG.sub(" ", _INLINE_TAG.sub("", rendered)))
    text = _SPACES.sub(" ", text)
    return _LINES.sub("\n", "\n".join(line.strip() for line in text.splitlines())).strip()


def is_safe_url(url: str) -> bool:
    """Video links and the like: only http(s)."""
    return bool(re.match(r"^https?://[^\s<>\"']+$", url or "", re.IGNORECASE))
