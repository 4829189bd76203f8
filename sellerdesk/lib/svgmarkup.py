"""The SVG pieces the charts (``svgcharts``) are made of, pure and stdlib only: escaped text and
attributes, the accessible ``<svg>`` root, and the series' styles (colour plus a dash, a marker
or a hatch, so a chart printed in greyscale still tells its series apart).

Every piece of text a caller gives passes through ``text``/``attr``, so a chart is safe to
``mark_safe``: no element or attribute can come from data."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .svgaxes import truncate

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# CJK-capable families first, so Chinese labels render wherever one of them is installed
# (Noto on Linux and in print, PingFang on macOS, YaHei on Windows, WenQuanYi on the Debian
# machines the browser tests run on); each has Latin glyphs too.
FONT_FAMILY = (
    "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei',"
    " 'WenQuanYi Micro Hei', sans-serif"
)
INK = "#333333"
MUTED = "#666666"
GRID = "#dddddd"
# A white outline under a text, so a label over a bar or a grid line stays legible.
HALO = {
    "stroke": "#ffffff",
    "stroke-width": 3.0,
    "paint-order": "stroke",
    "stroke-linejoin": "round",
}

# Okabe & Ito's colour-blind-safe palette, most legible on white first (yellow is last but
# one: on white it needs the dash or hatch beside it).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
DASHES = (None, "7 3", "2 3", "9 3 2 3", "14 4")
MARKERS = ("circle", "square", "triangle", "diamond", "cross")
# Bars: solid, then white stripes at an angle (degrees) or white dots over the series' colour.
HATCHES: tuple[int | str | None, ...] = (None, 45, -45, 0, 90, "dots")

# Characters XML 1.0 forbids even when escaped: a label carrying one would make the whole
# chart ill-formed, so it shows as U+FFFD instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value: object) -> str:
    """``value`` as escaped character data."""
    cleaned = _NOT_XML.sub("\ufffd", str(value))
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: object) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return text(value).replace('"', "&quot;")


def num(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros, never ``-0``."""
    written = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if written in ("-0", "") else written


def element(tag: str, attrs: Mapping[str, object] | None = None, *children: str) -> str:
    """``<tag …>children</tag>``; attributes that are None are left out, floats go via ``num``.
    ``children`` are markup already (escape text with ``text``)."""
    written = "".join(
        f' {name}="{num(value) if isinstance(value, float) else attr(value)}"'
        for name, value in (attrs or {}).items()
        if value is not None
    )
    inner = "".join(children)
    return f"<{tag}{written}>{inner}</{tag}>" if inner else f"<{tag}{written}/>"


def label(full: str, *, max_width: float, font_size: float, **attrs: object) -> str:
    """A ``<text>`` cut to ``max_width`` with an ellipsis; when cut, the full label is its
    ``<title>`` (shown on hover, read by screen readers)."""
    shown = truncate(full, max_width, font_size)
    title = element("title", None, text(full)) if shown != full else ""
    return element("text", {**attrs, "font-size": font_size}, title, text(shown))


def chart_id(given: str | None, *payload: object) -> str:
    """An id prefix for the chart's ``<title>``/``<desc>``/patterns: the caller's (made safe for
    an XML id), else one drawn from the chart's content, so output stays deterministic and two
    different charts on one page do not share ids."""
    if given:
        cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", given)
        return cleaned if cleaned[0].isalpha() else f"c{cleaned}"
    digest = hashlib.sha256(repr(payload).encode("utf-8", "surrogatepass")).hexdigest()
    return f"chart-{digest[:10]}"


def document(
    *,
    cid: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    body: str,
    fixed_size: bool = False,
) -> str:
    """The ``<svg>`` root: ``role="img"`` labelled by its ``<title>`` and ``<desc>``; it fills
    its container's width (``viewBox`` keeps the proportions) unless ``fixed_size``."""
    size = {"width": width, "height": height} if fixed_size else {"width": "100%"}
    attrs = {
        "xmlns": SVG_NAMESPACE,
        "viewBox": f"0 0 {num(width)} {num(height)}",
        **size,
        "role": "img",
        "aria-labelledby": f"{cid}-title {cid}-desc",
        "class": "svgchart",
        "font-family": FONT_FAMILY,
        "font-size": 12,
        "fill": INK,
    }
    return element(
        "svg",
        attrs,
        element("title", {"id": f"{cid}-title"}, text(title)),
        element("desc", {"id": f"{cid}-desc"}, text(desc)),
        body,
    )


@dataclass(frozen=True)
class SeriesStyle:
    color: str
    dash: str | None
    marker: str
    hatch: int | str | None


def series_style(index: int) -> SeriesStyle:
    return SeriesStyle(
        color=PALETTE[index % len(PALETTE)],
        dash=DASHES[index % len(DASHES)],
        marker=MARKERS[index % len(MARKERS)],
        hatch=HATCHES[index % len(HATCHES)],
    )


def marker(shape: str, x: float, y: float, color: str, *children: str, size: float = 3.5) -> str:
    """A point's marker; ``children`` (its ``<title>``) ride along."""
    if shape == "circle":
        return element("circle", {"cx": x, "cy": y, "r": size, "fill": color}, *children)
    if shape == "square":
        side = size * 1.7
        box = {"x": x - side / 2, "y": y - side / 2, "width": side, "height": side}
        return element("rect", {**box, "fill": color}, *children)
    if shape == "cross":
        s = size
        d = f"M{num(x - s)} {num(y - s)}L{num(x + s)} {num(y + s)}"
        d += f"M{num(x - s)} {num(y + s)}L{num(x + s)} {num(y - s)}"
        attrs = {"d": d, "fill": "none", "stroke": color, "stroke-width": 2.0}
        return element("path", attrs, *children)
    s = size * 1.25
    if shape == "triangle":
        corners = [(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)]
    else:  # diamond
        corners = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    d = "M" + "L".join(f"{num(cx)} {num(cy)}" for cx, cy in corners) + "Z"
    return element("path", {"d": d, "fill": color}, *children)


def hatch_pattern(pattern_id: str, style: SeriesStyle) -> str:
    """The ``<pattern>`` a series' bars are filled with: its colour under white stripes or dots."""
    ground = element("rect", {"width": 6, "height": 6, "fill": style.color})
    if style.hatch == "dots":
        overlay = element("circle", {"cx": 3, "cy": 3, "r": 1.3, "fill": "#ffffff"})
        transform = None
    else:
        overlay = element("rect", {"width": 2, "height": 6, "fill": "#ffffff"})
        transform = f"rotate({style.hatch})"
    attrs = {
        "id": pattern_id,
        "patternUnits": "userSpaceOnUse",
        "width": 6,
        "height": 6,
        "patternTransform": transform,
    }
    return element("pattern", attrs, ground, overlay)


def bar_fill(cid: str, index: int, style: SeriesStyle) -> str:
    return style.color if style.hatch is None else f"url(#{cid}-hatch{index})"
