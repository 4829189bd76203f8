"""Icons render without an emoji font: a standard Linux install has none, and 🔔 📅 👍 show as
empty boxes there. Icons are inline SVG, hidden from screen readers, with a text label."""

from __future__ import annotations

import re
from pathlib import Path

import sellerdesk

PACKAGE = Path(sellerdesk.__file__).resolve().parent
# Pictographs outside the Basic Multilingual Plane, the BMP's emoji-presentation symbols and
# the variation selector that asks for an emoji glyph.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u26ff\u2b00-\u2bff\ufe0f]")


def test_no_template_uses_an_emoji():
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:80]}"
        for path in PACKAGE.glob("**/templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMOJI.search(line)
    ]
    assert not found, "use web/partials/icon.html instead:\n" + "\n".join(found)


def test_the_bell_is_an_svg_with_a_label(as_user, seller_owner):
    html = as_user(seller_owner).get("/").content.decode()
    bell = re.search(r'<a class="bell"[^>]*>(.*?)</a>', html, re.S)
    assert bell is not None
    assert '<svg class="icon icon-bell" aria-hidden="true"' in bell.group(1)
    assert re.search(r'<span class="visually-hidden">通知</span>', bell.group(1))
