"""Charts for the operator reports as SVG markup, drawn on the server: no outside service, no
script, nothing fetched, so they show offline, print, and scale with their container.

Pure and stdlib only (no Django): a view passes translated words in (titles, axis names, the
"no data" message) and marks the returned string safe; every text in it is XML-escaped.

- ``line_chart``: named series over category labels (days, weeks, quarters); None, NaN and inf
  are gaps in the line.
- ``bar_chart``: bars per category, one per series side by side, or stacked.
- ``rating_distribution_chart``: how many ratings of 1 to 5 stars, each bar with its share.
- ``sparkline``: a small trend line for a table cell.

Each chart is an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; series are
told apart by colour (Okabe–Ito) and by dash and marker (lines) or hatch (bars), so a greyscale
print still reads. Empty data draws the chart with the caller's "no data" message instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from . import svgframe
from . import svgmarkup as svg
from .svgaxes import (
    clean,
    clean_all,
    compact_number,
    nice_axis,
)

Series = Sequence[tuple[str, Sequence[object]]] | Mapping[str, Sequence[object]]
Format = Callable[[float], str]
Reference = tuple[str, float]

# Past this many points a line's markers crowd it; isolated points keep theirs (else unseen).
_MAX_MARKED_POINTS = 40
_BAR_SHARE = 0.72  # of a category's band the bars fill; the rest separates categories


def line_chart(
    series: Series,
    *,
    x_labels: Sequence[object],
    title: str,
    y_label: str,
    width: int = 720,
    height: int = 300,
    y_format: Format | None = None,
    reference: Reference | None = None,
    description: str | None = None,
    no_data: str = "No data",
    chart_id: str | None = None,
) -> str:
    """Lines for ``series`` — ``[(name, values), …]``, a value per x label — on a y axis of
    1-2-5 ticks from zero; ``reference=(label, value)`` draws a horizontal line (a target)."""
    names, rows, labels = _prepare(series, x_labels)
    ref = _clean_reference(reference)
    cid = svg.chart_id(chart_id, "line", title, y_label, names, rows, labels, ref, width, height)
    present = [value for row in rows for value in row if value is not None]
    if not present:
        return svgframe.no_data_chart(cid, width, height, title, no_data, description)
    axis = nice_axis(present + ([ref[1]] if ref else []))
    value_text = _value_format(y_format)
    plot, axes, width_, height_ = svgframe.frame(
        cid, width, height, title, y_label, axis, y_format, names, "line", len(labels)
    )
    marked = len(labels) <= _MAX_MARKED_POINTS
    groups = []
    for index, (name, row) in enumerate(zip(names, rows, strict=True)):
        style = svg.series_style(index)
        points = [None if v is None else (plot.x(i), plot.y(v)) for i, v in enumerate(row)]
        children = [svg.element("title", None, svg.text(name))]
        path = svgframe.path_data(points)
        if path:
            stroke = {"stroke": style.color, "stroke-width": 2.0, "stroke-dasharray": style.dash}
            round_joins = {"stroke-linejoin": "round", "stroke-linecap": "round"}
            children.append(
                svg.element("path", {"d": path, "fill": "none", **stroke, **round_joins})
            )
        for i, (point, value) in enumerate(zip(points, row, strict=True)):
            if point is None or value is None:
                continue
            if marked or svgframe.isolated(points, i):
                tip = _tip(name, labels[i], value_text(value))
                children.append(svg.marker(style.marker, *point, style.color, tip))
        groups.append(svg.element("g", {"class": "series"}, *children))
    body = (
        axes
        + svgframe.x_axis_labels(plot, labels, width_)
        + "".join(groups)
        + svgframe.reference_line(plot, ref, value_text)
    )
    desc = description or _summary(labels, names, rows, value_text)
    return svg.document(cid=cid, width=width_, height=height_, title=title, desc=desc, body=body)


def bar_chart(
    categories: Sequence[object],
    series: Series,
    *,
    title: str,
    y_label: str,
    stacked: bool = False,
    reference: Reference | None = None,
    width: int = 720,
    height: int = 300,
    y_format: Format | None = None,
    label_format: Format | None = None,
    description: str | None = None,
    no_data: str = "No data",
    chart_id: str | None = None,
) -> str:
    """Bars per category for ``series`` (``[(name, values), …]``, a value per category), side
    by side or ``stacked`` (negatives stack down from zero); ``label_format`` writes each bar's
    value (a stack's total) above it."""
    names, rows, labels = _prepare(series, categories)
    ref = _clean_reference(reference)
    cid = svg.chart_id(
        chart_id, "bar", title, y_label, names, rows, labels, ref, stacked, width, height
    )
    columns = [[row[i] for row in rows if row[i] is not None] for i in range(len(labels))]
    if not any(columns):
        return svgframe.no_data_chart(cid, width, height, title, no_data, description)
    if stacked:
        domain = [sum(v for v in column if v > 0) for column in columns]
        domain += [sum(v for v in column if v < 0) for column in columns]
    else:
        domain = [v for column in columns for v in column]
    axis = nice_axis(domain + ([ref[1]] if ref else []))
    value_text = _value_format(y_format)
    plot, axes, width_, height_ = svgframe.frame(
        cid, width, height, title, y_label, axis, y_format, names, "bar", len(labels)
    )
    styles = [svg.series_style(index) for index in range(len(rows))]
    fills = [svg.bar_fill(cid, index, style) for index, style in enumerate(styles)]
    inner = plot.band * _BAR_SHARE
    bar_width = inner if stacked else inner / len(rows)
    bars, values_shown = [], []
    for i, label in enumerate(labels):
        start = plot.left + plot.band * i + (plot.band - inner) / 2
        up = down = 0.0  # a stack's top above zero and its bottom below
        for j, row in enumerate(rows):
            value = row[i]
            if value is None:
                continue
            if stacked:
                base = up if value >= 0 else down
                up, down = (base + value, down) if value >= 0 else (up, base + value)
                x = start
            else:
                base, x = 0.0, start + j * bar_width
            y_base, y_end = plot.y(base), plot.y(base + value)
            box = {"x": x, "y": min(y_base, y_end), "width": bar_width}
            box["height"] = abs(y_end - y_base)
            tip = _tip(names[j], label, value_text(value))
            paint = {"fill": fills[j], "stroke": "#ffffff", "stroke-width": 0.5}
            bars.append(svg.element("rect", {"class": "bar", **box, **paint}, tip))
            if label_format and not stacked:
                values_shown.append(
                    _bar_value(label_format(value), x + bar_width / 2, y_end, value)
                )
        if label_format and stacked and columns[i]:
            total = up + down
            edge = plot.y(up) if up > 0 or down == 0 else plot.y(down)
            values_shown.append(_bar_value(label_format(total), start + inner / 2, edge, total))
    patterns = [
        svg.hatch_pattern(f"{cid}-hatch{index}", style)
        for index, style in enumerate(styles)
        if style.hatch is not None
    ]
    body = (
        (svg.element("defs", None, *patterns) if patterns else "")
        + axes
        + svgframe.x_axis_labels(plot, labels, width_)
        + svg.element("g", {"class": "bars"}, *bars)
        + "".join(values_shown)
        + svgframe.reference_line(plot, ref, value_text)
    )
    desc = description or _summary(labels, names, rows, value_text)
    return svg.document(cid=cid, width=width_, height=height_, title=title, desc=desc, body=body)


def rating_distribution_chart(
    counts: Sequence[object] | Mapping[int, object],
    *,
    title: str,
    y_label: str = "",
    series_name: str = "",
    labels: Sequence[str] | None = None,
    width: int = 480,
    height: int = 260,
    description: str | None = None,
    no_data: str = "No data",
    chart_id: str | None = None,
) -> str:
    """A bar per rating level with its count and share: ``counts`` lists the counts of 1, 2, …
    stars in order, or maps each rating (1–5) to its count. No ratings at all is "no data"."""
    if isinstance(counts, Mapping):
        values: list[object] = [counts.get(rating, 0) for rating in range(1, 6)]
    else:
        values = list(counts)
    # A level with no count (or a nonsense one: negative, NaN) had no ratings.
    numbers = [max(0.0, clean(value) or 0.0) for value in values]
    total = sum(numbers)
    categories = (
        list(labels) if labels is not None else [f"{r}★" for r in range(1, len(values) + 1)]
    )

    def count_and_share(count: float) -> str:
        return f"{compact_number(count)} ({count / total:.0%})"

    return bar_chart(
        categories,
        [(series_name, numbers)] if total > 0 else [],
        title=title,
        y_label=y_label,
        width=width,
        height=height,
        label_format=count_and_share,
        description=description,
        no_data=no_data,
        chart_id=chart_id,
    )


def sparkline(
    values: Sequence[object],
    width: int = 120,
    height: int = 24,
    *,
    label: str = "",
    no_data: str = "No data",
    color: str = svg.PALETTE[0],
    chart_id: str | None = None,
) -> str:
    """A word-sized trend line of ``values`` (gaps for None, NaN, inf), its last point dotted,
    scaled between its own low and high. Fixed ``width``×``height`` pixels, unlike the charts:
    it sits in a line of text or a table cell."""
    width_, height_ = max(8.0, float(width)), max(8.0, float(height))
    row = clean_all(values)
    cid = svg.chart_id(chart_id, "spark", label, row, width_, height_, color)
    present = [value for value in row if value is not None]
    if not present:
        return svg.document(
            cid=cid,
            width=width_,
            height=height_,
            title=label or no_data,
            desc=no_data,
            body="",
            fixed_size=True,
        )
    low, high, pad = min(present), max(present), 2.5
    span = high - low

    def y(value: float) -> float:
        if span <= 0:  # flat: a line through the middle
            return height_ / 2
        return pad + (height_ - 2 * pad) * (1 - (value - low) / span)

    def x(index: int) -> float:
        return width_ / 2 if len(row) == 1 else pad + (width_ - 2 * pad) * index / (len(row) - 1)

    points = [None if v is None else (x(i), y(v)) for i, v in enumerate(row)]
    parts = []
    path = svgframe.path_data(points)
    if path:
        line = {"stroke": color, "stroke-width": 1.5, "stroke-linejoin": "round"}
        parts.append(svg.element("path", {"d": path, "fill": "none", **line}))
    last = max(i for i, point in enumerate(points) if point is not None)
    for i, point in enumerate(points):
        if point is not None and (i == last or svgframe.isolated(points, i)):
            parts.append(svg.element("circle", {"cx": point[0], "cy": point[1], "r": 2.0}))
    first_value, last_value = present[0], present[-1]
    fmt = compact_number
    desc = f"{fmt(first_value)} → {fmt(last_value)} ({fmt(low)} – {fmt(high)})"
    body = svg.element("g", {"fill": color}, *parts)
    return svg.document(
        cid=cid,
        width=width_,
        height=height_,
        title=label or desc,
        desc=desc,
        body=body,
        fixed_size=True,
    )


# ---- shared pieces -------------------------------------------------------------------------


def _prepare(
    series: Series, labels: Sequence[object]
) -> tuple[list[str], list[list[float | None]], list[str]]:
    """Names, cleaned rows and labels, all rows as long as the longest of them or the labels
    (a missing value is a gap, a missing label blank): uneven input draws, never raises."""
    pairs = list(series.items()) if isinstance(series, Mapping) else list(series)
    names = [str(name) for name, _ in pairs]
    rows = [clean_all(values) for _, values in pairs]
    words = [str(label) for label in labels]
    count = max([len(words), *(len(row) for row in rows)])
    words += [""] * (count - len(words))
    return names, [row + [None] * (count - len(row)) for row in rows], words


def _clean_reference(reference: Reference | None) -> tuple[str, float] | None:
    if reference is None:
        return None
    value = clean(reference[1])
    return None if value is None else (str(reference[0]), value)


def _value_format(y_format: Format | None) -> Format:
    return (lambda value: str(y_format(value))) if y_format else compact_number


def _bar_value(written: str, x: float, y_end: float, value: float) -> str:
    y = y_end - 4 if value >= 0 else y_end + 12  # above a bar going up, under one going down
    where = {"x": x, "y": y, "text-anchor": "middle", "font-size": 10, **svg.HALO}
    return svg.element("text", {"class": "bar-value", **where}, svg.text(written))


def _tip(name: str, label: str, written: str) -> str:
    head = " · ".join(part for part in (name, label) if part)
    return svg.element("title", None, svg.text(f"{head}: {written}" if head else written))


def _summary(
    labels: list[str], names: list[str], rows: list[list[float | None]], value_text: Format
) -> str:
    """A language-neutral ``<desc>`` (labels and numbers only) when the caller gives none."""
    parts = [f"{labels[0]} – {labels[-1]}"] if labels[0] or labels[-1] else []
    for name, row in zip(names, rows, strict=True):
        values = [value for value in row if value is not None]
        if values:
            low, high = value_text(min(values)), value_text(max(values))
            parts.append(f"{name}: {low} – {high}" if name else f"{low} – {high}")
    return "; ".join(parts)
