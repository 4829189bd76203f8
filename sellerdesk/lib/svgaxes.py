"""The numbers and text measures behind the SVG charts (``svgcharts``), pure and stdlib only:
which values count, nice 1-2-5 axis ticks, compact tick labels, and how wide a label will be
when there is no font to ask (the chart is drawn on the server, measured by rule of thumb)."""

from __future__ import annotations

import math
import numbers
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

# Past this a value is read as a gap, like inf: tick arithmetic near float's limit (1.8e308)
# overflows, and no count or amount the product charts comes anywhere near it.
LARGEST = 1e300
# Below this a whole axis' span is read as flat: 10 ** exponent underflows to 0 near 5e-324.
SMALLEST_SPAN = 1e-200

ELLIPSIS = "…"


def clean(value: object) -> float | None:
    """A value as a finite float, or None for a gap: None, NaN, ±inf, what is not a number
    (a string is a caller's slip, not a value) and magnitudes past ``LARGEST``."""
    if not isinstance(value, numbers.Real | Decimal):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):  # Decimal("sNaN"), an int past float's range
        return None
    if not math.isfinite(number) or abs(number) > LARGEST:
        return None
    return number


def clean_all(values: Iterable[object]) -> list[float | None]:
    return [clean(value) for value in values]


@dataclass(frozen=True)
class Axis:
    """A value axis: its ticks (ascending, ``step`` apart) span every value it was made for."""

    ticks: tuple[float, ...]
    step: float

    @property
    def low(self) -> float:
        return self.ticks[0]

    @property
    def high(self) -> float:
        return self.ticks[-1]

    def fraction(self, value: float) -> float:
        """Where ``value`` sits between the lowest tick (0.0) and the highest (1.0)."""
        return (value - self.low) / (self.high - self.low)


def nice_axis(values: Iterable[float], *, max_intervals: int = 6) -> Axis:
    """The axis with the fewest-digit 1-2-5 step whose ticks cover ``values`` and zero in at
    most ``max_intervals`` intervals. Zero is always on it: bars grow from it, and a line of
    values all ≥ 0 drawn without it exaggerates small changes."""
    low, high = 0.0, 0.0
    for value in values:
        low, high = min(low, value), max(high, value)
    if high - low < SMALLEST_SPAN:  # all zero (or nearly): a unit axis, not 0.2 steps of nothing
        below = (-1.0,) if low < 0 else ()
        above = (1.0,) if high > 0 or low == 0 else ()
        return Axis(ticks=(*below, 0.0, *above), step=1.0)
    max_intervals = max(1, max_intervals)
    exponent = math.floor(math.log10((high - low) / max_intervals))
    for power in (exponent, exponent + 1, exponent + 2):
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0**power
            # The tolerance keeps 0.30000000000000004 / 0.1 from asking for a 4th tick; the
            # loops then make sure the ticks really do reach past the data.
            first = math.floor(low / step + 1e-9)
            last = math.ceil(high / step - 1e-9)
            while first * step > low:
                first -= 1
            while last * step < high:
                last += 1
            if last - first <= max_intervals:
                return Axis(ticks=tuple(k * step for k in range(first, last + 1)), step=step)
    raise AssertionError("unreachable: a step of 10 ** (exponent + 2) spans in one interval")


# Compact units: k, M, B, T are read the same in English and in Chinese business reports.
_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def compact_number(value: float, step: float | None = None) -> str:
    """``1234`` → ``"1.23k"``, ``3_400_000`` → ``"3.4M"``. With an axis' ``step`` a tick gets
    as many decimals as the step needs, so neighbouring ticks never read the same."""
    magnitude = abs(float(f"{value:.3g}"))  # 999_999 is "1M", not "1000k"
    if magnitude >= 1e15:
        text = f"{value:.3g}"
        return "0" if text == "-0" else text
    unit, suffix = next(((u, s) for u, s in _UNITS if magnitude >= u), (1.0, ""))
    scaled = value / unit
    if step is not None:
        decimals = max(0, -math.floor(math.log10(step / unit) + 1e-9))
    elif suffix == "" and magnitude < 1:
        decimals = max(0, 2 - math.floor(math.log10(magnitude))) if magnitude else 0
    else:
        decimals = 0 if abs(scaled) >= 100 else 1 if abs(scaled) >= 10 else 2
    text = f"{scaled:.{min(decimals, 12)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text + suffix


# Without a font to measure with: a wide (CJK) character is about one em, a Latin letter or a
# digit about 0.6 em (a little generous, so estimates err towards not overlapping).
_WIDE = {"W", "F"}


def text_width(text: str, font_size: float) -> float:
    em = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        em += 1.0 if unicodedata.east_asian_width(char) in _WIDE else 0.6
    return em * font_size


def truncate(text: str, max_width: float, font_size: float) -> str:
    """``text`` if it fits in ``max_width``, else its longest head that fits with an ellipsis."""
    if text_width(text, font_size) <= max_width:
        return text
    budget = max_width - text_width(ELLIPSIS, font_size)
    head, used = "", 0.0
    for char in text:
        used += text_width(char, font_size)
        if used > budget:
            break
        head += char
    return head.rstrip() + ELLIPSIS


def label_stride(widths: Sequence[float], slot: float, gap: float = 8.0) -> int:
    """Show every n-th category label: the smallest n at which the widest label (and a gap)
    fits in the n slots it may use."""
    if not widths or slot <= 0:
        return 1
    return max(1, math.ceil((max(widths) + gap) / slot))
