"""The frame around a chart's plot, pure and stdlib only: the title, the legend, the y axis
(grid, ticks, name), the category labels under the plot, a reference line, and the chart drawn
when there is nothing to plot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import svgmarkup as svg
from .svgaxes import Axis, compact_number, label_stride, text_width, truncate

Format = Callable[[float], str]

MIN_WIDTH, MIN_HEIGHT = 200.0, 120.0
_MIN_PLOT_HEIGHT = 60.0
TITLE_SIZE = 14
SMALL_SIZE = 11
_X_LABEL_MAX = 110.0
LEGEND_ROW = 18.0
_SWATCH = 22.0


@dataclass(frozen=True)
class Plot:
    """The plot box (SVG coordinates) and the value axis mapped onto it."""

    left: float
    top: float
    right: float
    bottom: float
    axis: Axis
    count: int  # categories across

    @property
    def band(self) -> float:
        return (self.right - self.left) / self.count

    def x(self, index: int) -> float:
        return self.left + self.band * (index + 0.5)

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * self.axis.fraction(value)


def frame(
    cid: str,
    width: float,
    height: float,
    title: str,
    y_label: str,
    axis: Axis,
    y_format: Format | None,
    names: list[str],
    legend_kind: str,
    count: int,
) -> tuple[Plot, str, float, float]:
    """Title, legend and y axis (grid, ticks, name) around the plot box: the box, their markup,
    and the chart's size (grown when a small size leaves the plot no room)."""
    width = max(float(width), MIN_WIDTH)
    bold = {"font-weight": "bold"}
    parts = [svg.label(title, max_width=width - 16, font_size=TITLE_SIZE, x=8, y=20, **bold)]
    legend_names = names if any(names) else []
    legend_markup, legend_height = legend(
        legend_names, kind=legend_kind, cid=cid, x=8, y=28, max_width=width - 16
    )
    parts.append(legend_markup)
    top = 28 + legend_height + 12
    tick_format = y_format or (lambda tick: compact_number(tick, axis.step))
    ticks = [truncate(str(tick_format(tick)), width * 0.25, SMALL_SIZE) for tick in axis.ticks]
    left = 8 + (20 if y_label else 0) + max(text_width(t, SMALL_SIZE) for t in ticks) + 6
    height = max(float(height), MIN_HEIGHT, top + _MIN_PLOT_HEIGHT + 28)
    plot = Plot(left=left, top=top, right=width - 14, bottom=height - 28, axis=axis, count=count)
    for tick, written in zip(axis.ticks, ticks, strict=True):
        y = plot.y(tick)
        line = {"x1": plot.left, "x2": plot.right, "y1": y, "y2": y}
        colour = svg.MUTED if tick == 0 else svg.GRID
        parts.append(svg.element("line", {**line, "stroke": colour, "stroke-width": 1.0}))
        anchor = {"class": "tick", "text-anchor": "end", "dy": "0.35em", "font-size": SMALL_SIZE}
        parts.append(svg.element("text", {"x": plot.left - 6, "y": y, **anchor}, svg.text(written)))
    if y_label:
        middle = (plot.top + plot.bottom) / 2
        turn = {"transform": f"rotate(-90 14 {svg.num(middle)})", "text-anchor": "middle"}
        room = plot.bottom - plot.top
        parts.append(
            svg.label(y_label, max_width=room, font_size=SMALL_SIZE, x=14, y=middle, **turn)
        )
    return plot, svg.element("g", {"class": "axes"}, *parts), width, height


def x_axis_labels(plot: Plot, labels: list[str], width: float) -> str:
    """Category labels under the plot, every n-th one when they would not fit side by side."""
    shown = [truncate(label, _X_LABEL_MAX, SMALL_SIZE) for label in labels]
    widths = [text_width(label, SMALL_SIZE) for label in shown]
    stride = label_stride(widths, plot.band)
    parts = []
    for index in range(0, len(labels), stride):
        half = widths[index] / 2
        x = min(max(plot.x(index), half + 2), width - half - 2)  # keep edge labels inside
        where = {"x": x, "y": plot.bottom + 16, "text-anchor": "middle"}
        parts.append(
            svg.label(labels[index], max_width=_X_LABEL_MAX, font_size=SMALL_SIZE, **where)
        )
    return svg.element("g", {"class": "x-labels"}, *parts)


def reference_line(plot: Plot, reference: tuple[str, float] | None, value_text: Format) -> str:
    if reference is None:
        return ""
    name, value = reference
    y = plot.y(value)
    line = {"x1": plot.left, "x2": plot.right, "y1": y, "y2": y}
    stroke = {"stroke": svg.INK, "stroke-width": 1.5, "stroke-dasharray": "6 3 1 3"}
    text_y = y - 5 if y - plot.top >= 14 else y + 13  # below the line when it runs along the top
    room = (plot.right - plot.left) * 0.6
    where = {"x": plot.right - 2, "y": text_y, "text-anchor": "end", **svg.HALO}
    return svg.element(
        "g",
        {"class": "reference"},
        svg.element("title", None, svg.text(f"{name}: {value_text(value)}")),
        svg.element("line", {**line, **stroke}),
        svg.label(name, max_width=room, font_size=SMALL_SIZE, **where),
    )


def legend(
    names: list[str], *, kind: str, cid: str, x: float, y: float, max_width: float
) -> tuple[str, float]:
    """The legend's markup, rows from ``y`` down, and its height. ``kind`` is ``"line"`` (a
    stroke in the series' dash with its marker) or ``"bar"`` (a swatch of its fill)."""
    items, cursor_x, row = [], x, 0
    for index, name in enumerate(names):
        style = svg.series_style(index)
        limit = min(160.0, max(24.0, max_width - _SWATCH - 19))
        shown = truncate(name, limit, 11)
        item_width = _SWATCH + 5 + text_width(shown, 11) + 14
        if cursor_x > x and cursor_x + item_width > x + max_width:
            cursor_x, row = x, row + 1
        middle = y + row * LEGEND_ROW + LEGEND_ROW / 2
        if kind == "line":
            stroke = {"stroke": style.color, "stroke-width": 2.0, "stroke-dasharray": style.dash}
            line = {"x1": cursor_x, "y1": middle, "x2": cursor_x + _SWATCH, "y2": middle}
            swatch = svg.element("line", {**line, **stroke})
            swatch += svg.marker(style.marker, cursor_x + _SWATCH / 2, middle, style.color)
        else:
            box = {"x": cursor_x + 4, "y": middle - 6, "width": 14, "height": 12}
            swatch = svg.element("rect", {**box, "fill": svg.bar_fill(cid, index, style)})
        text_x = cursor_x + _SWATCH + 5
        items.append(
            swatch + svg.label(name, max_width=limit, font_size=11, x=text_x, y=middle, dy="0.35em")
        )
        cursor_x += item_width
    height = (row + 1) * LEGEND_ROW if names else 0.0
    return svg.element("g", {"class": "legend"}, *items), height


def path_data(points: Sequence[tuple[float, float] | None]) -> str:
    """``M…L…`` for each run of two or more points; a gap (None) breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return "".join(
        "M" + "L".join(f"{svg.num(x)} {svg.num(y)}" for x, y in run) for run in runs if len(run) > 1
    )


def isolated(points: Sequence[object | None], index: int) -> bool:
    """A point with gaps (or the ends) on both sides: no line reaches it, only its marker."""
    before = index == 0 or points[index - 1] is None
    return before and (index == len(points) - 1 or points[index + 1] is None)


def no_data_chart(
    cid: str, width: float, height: float, title: str, message: str, description: str | None
) -> str:
    width, height = max(float(width), MIN_WIDTH), max(float(height), MIN_HEIGHT)
    bold = {"font-weight": "bold"}
    heading = svg.label(title, max_width=width - 16, font_size=TITLE_SIZE, x=8, y=20, **bold)
    where = {"x": width / 2, "y": height / 2 + 10, "text-anchor": "middle", "fill": svg.MUTED}
    note = svg.label(message, max_width=width - 32, font_size=13, **{"class": "no-data", **where})
    body = heading + note
    return svg.document(
        cid=cid, width=width, height=height, title=title, desc=description or message, body=body
    )
