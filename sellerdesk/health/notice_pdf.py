"""The account-health notice of one cause as a PDF the seller keeps with their appeal: the same
words as ``health/notice.txt``, once in the seller's language and once in English (what the
marketplace's teams read), set in a CJK font so Chinese renders.

The font is the system's (Debian's fonts-wqy-microhei, installed by
``scripts/system-packages.sh``; Noto CJK also does), found once per process."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from fpdf import FPDF

FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
# fontTools reports every step of subsetting the font at INFO: not news for our logs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
FONT_PATTERNS = ("wqy-microhei.tt?", "NotoSansCJK*-Regular.tt?", "NotoSansSC-Regular.*tf")
FONT_FAMILY = "notice-cjk"
TITLE_SIZE = 15
BODY_SIZE = 10.5
LINE_HEIGHT = 6


@functools.cache
def cjk_font_file() -> str:
    """A font file with Chinese glyphs: a known path, else one of those fonts wherever the
    system keeps its fonts."""
    for path in FONT_FILES:
        if Path(path).is_file():
            return path
    for root in FONT_DIRS:
        for pattern in FONT_PATTERNS:
            found = sorted(Path(root).rglob(pattern)) if Path(root).is_dir() else []
            if found:
                return str(found[0])
    raise ImproperlyConfigured(
        "No font with Chinese glyphs for the account-health notice: install fonts-wqy-microhei "
        "(scripts/system-packages.sh)."
    )


def notice_languages(seller_language: str) -> list[str]:
    """The seller's language first, then English; English once for an English seller."""
    known = {code for code, _ in settings.LANGUAGES}
    first = seller_language if seller_language in known else "en"
    return [first] if first == "en" else [first, "en"]


def notice_text(context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string("health/notice.txt", context).strip()


def notice_pdf(context: dict, *, languages: list[str]) -> bytes:
    """The notice rendered in each of ``languages``, one after the other, as PDF bytes.
    ``context`` is what ``health/notice.txt`` reads: ``seller`` and the cause's ``row``."""
    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FONT_FAMILY, fname=cjk_font_file())
    seller = context["seller"]
    pdf.set_title(f"{seller.code} notice")
    pdf.set_creator("sellerdesk")
    pdf.set_lang(languages[0])
    pdf.add_page()
    for i, language in enumerate(languages):
        if i:
            pdf.ln(LINE_HEIGHT)
            y = pdf.get_y()
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.ln(LINE_HEIGHT)
        title, _, body = notice_text(context, language).partition("\n")
        pdf.set_font(FONT_FAMILY, size=TITLE_SIZE)
        pdf.multi_cell(0, LINE_HEIGHT + 2, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(FONT_FAMILY, size=BODY_SIZE)
        for line in body.strip("\n").split("\n"):
            if line.strip():
                pdf.multi_cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(LINE_HEIGHT / 2)
    return bytes(pdf.output())
