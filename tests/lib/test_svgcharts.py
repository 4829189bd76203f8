"""The server-side SVG charts: well-formed, escaped, accessible markup with nothing external;
nice axes that cover the data; bars whose heights are their values; gaps where values are
missing; a "no data" chart instead of an exception, whatever the input (hypothesis)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sellerdesk.lib import svgcharts
from sellerdesk.lib.svgaxes import clean, compact_number, nice_axis, text_width, truncate
from sellerdesk.lib.svgmarkup import PALETTE, SVG_NAMESPACE

NS = f"{{{SVG_NAMESPACE}}}"
NASTY = "<script>alert(\"x\")</script> & 'quotes' 订单退款"


def parse(markup: str) -> ET.Element:
    # The charts' own output, not untrusted input: the standard library's parser is the check.
    root = ET.fromstring(markup)  # noqa: S314
    assert root.tag == f"{NS}svg"
    return root


def by_class(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if name in (e.get("class") or "").split()]


def shown_text(element: ET.Element) -> str:
    """A <text>'s visible words: its own text and tail of a <title> child, not the title."""
    parts = [element.text or ""]
    parts += [child.tail or "" for child in element]
    return "".join(parts)


def tick_labels(root: ET.Element) -> list[str]:
    return [shown_text(t) for t in by_class(root, "text", "tick")]


def sample_line(**overrides) -> str:
    arguments = {
        "x_labels": ["2025-01", "2025-02", "2025-03", "2025-04"],
        "title": "Orders",
        "y_label": "Count",
    }
    return svgcharts.line_chart(
        [("Orders", [10, 40, 25, 30]), ("Refunds", [1, 3, None, 2])], **(arguments | overrides)
    )


def sample_bars(**overrides) -> str:
    arguments = {"title": "Cases", "y_label": "Cases"}
    return svgcharts.bar_chart(
        ["Q1", "Q2", "Q3"],
        [("Open", [4, 8, 2]), ("Closed", [6, 1, 9])],
        **(arguments | overrides),
    )


ALL_CHARTS = [
    sample_line,
    sample_bars,
    lambda: sample_bars(stacked=True, reference=("Target", 12)),
    lambda: svgcharts.rating_distribution_chart([1, 2, 3, 4, 10], title="Ratings"),
    lambda: svgcharts.sparkline([3, 1, None, 4, 1, 5]),
    lambda: svgcharts.line_chart([], x_labels=[], title="Empty", y_label=""),
]


# ---- markup -----------------------------------------------------------------------------------


@pytest.mark.parametrize("draw", ALL_CHARTS)
def test_every_chart_is_well_formed_accessible_svg(draw):
    root = parse(draw())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {e.get("id"): e.tag for e in root.iter() if e.get("id")}
    assert ids[title_id] == f"{NS}title"
    assert ids[desc_id] == f"{NS}desc"
    assert root.find(f"{NS}title").text
    assert root.find(f"{NS}desc").text
    assert root.get("viewBox").startswith("0 0 ")
    assert root.get("font-family").startswith("'Noto Sans CJK SC', 'Noto Sans SC'")


@pytest.mark.parametrize("draw", ALL_CHARTS)
def test_nothing_runs_and_nothing_is_fetched(draw):
    markup = draw()
    assert "<script" not in markup.lower()
    assert re.findall(r"https?:[^\"' ]*", markup) == [SVG_NAMESPACE]
    assert "href" not in markup
    # Hatches are the only references, and they point inside the chart.
    ids = {e.get("id") for e in parse(markup).iter()}
    for target in re.findall(r"url\(([^)]*)\)", markup):
        assert target.startswith("#") and target[1:] in ids


def test_charts_fill_their_container_and_a_sparkline_keeps_its_size():
    assert parse(sample_line()).get("width") == "100%"
    spark = parse(svgcharts.sparkline([1, 2, 3], width=100, height=20))
    size = (spark.get("width"), spark.get("height"), spark.get("viewBox"))
    assert size == ("100", "20", "0 0 100 20")


def test_text_is_escaped_and_chinese_survives():
    markup = svgcharts.line_chart(
        [(NASTY, [1, 2])],
        x_labels=["一月 <a>", '二月 & "b"'],
        title=NASTY,
        y_label="数量 'n'",
        reference=("目标 <t>", 1.5),
        description=NASTY,
    )
    root = parse(markup)
    assert root.find(f"{NS}title").text == NASTY
    assert root.find(f"{NS}desc").text == NASTY
    words = {shown_text(t) for t in root.iter(f"{NS}text")}
    titles = {t.text for t in root.iter(f"{NS}title")}
    assert {"一月 <a>", '二月 & "b"', "数量 'n'", "目标 <t>"} <= words
    assert NASTY in titles  # the series' name, whole, and on the legend (possibly cut)
    assert any(w.startswith("<script>") for w in words)
    assert "<script>" not in markup


def test_characters_xml_forbids_do_not_break_the_chart():
    root = parse(sample_line(title="bell\x07 and null\x00", x_labels=["a\x0bb", "\ufffe"]))
    assert root.find(f"{NS}title").text == "bell\ufffd and null\ufffd"


def test_long_labels_are_cut_with_an_ellipsis_and_kept_whole_in_a_title():
    long_label = "退款申请处理时长（按工作日计算，不含周末与法定节假日）" * 2
    root = parse(sample_line(x_labels=[long_label, "b", "c", "d"]))
    (cut,) = [t for t in by_class(root, "g", "x-labels")[0] if shown_text(t).endswith("…")]
    assert cut.find(f"{NS}title").text == long_label
    assert long_label.startswith(shown_text(cut)[:-1])


def test_crowded_x_labels_are_thinned():
    days = [f"2025-03-{day:02d}" for day in range(1, 91)]
    root = parse(
        svgcharts.line_chart([("Orders", range(90))], x_labels=days, title="t", y_label="")
    )
    shown = [shown_text(t) for t in by_class(root, "g", "x-labels")[0]]
    assert 3 <= len(shown) < 20
    assert shown[0] == days[0]
    stride = days.index(shown[1])
    assert shown == days[::stride]


def test_output_is_deterministic_and_charts_get_distinct_ids():
    assert sample_line() == sample_line()
    assert sample_bars(stacked=True) == sample_bars(stacked=True)
    first, second = parse(sample_line()), parse(sample_bars())
    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    given = parse(sample_line(chart_id="orders chart"))
    assert given.get("aria-labelledby") == "orders-chart-title orders-chart-desc"


def test_series_differ_in_colour_dash_and_marker():
    root = parse(sample_line())
    series = by_class(root, "g", "series")
    paths = [g.find(f"{NS}path") for g in series]
    assert [p.get("stroke") for p in paths] == list(PALETTE[:2])
    assert paths[0].get("stroke-dasharray") is None
    assert paths[1].get("stroke-dasharray")
    shapes = [g[-1].tag for g in series]  # their last markers
    assert shapes[0] != shapes[1]


def test_bar_series_after_the_first_are_hatched():
    root = parse(sample_bars())
    fills = {bar.get("fill") for bar in by_class(root, "rect", "bar")}
    assert PALETTE[0] in fills
    assert any(fill.startswith("url(#") for fill in fills)


# ---- axes ------------------------------------------------------------------------------------


def is_nice_step(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, m) for m in (1, 2, 5, 10))


@pytest.mark.parametrize(
    "values",
    [[0, 7], [3, 97], [0.1, 0.37], [-40, 15], [-3, -1], [1200, 130_000], [5], [0.0003, 0.0009]],
)
def test_ticks_are_nice_include_zero_and_cover_the_data(values):
    axis = nice_axis(values)
    assert axis.low <= min(values + [0]) and axis.high >= max(values + [0])
    assert 0.0 in axis.ticks
    assert 2 <= len(axis.ticks) <= 7
    assert is_nice_step(axis.step)
    gaps = [b - a for a, b in zip(axis.ticks, axis.ticks[1:], strict=False)]
    assert all(math.isclose(gap, axis.step) for gap in gaps)


@given(st.lists(st.floats(min_value=-1e300, max_value=1e300), min_size=1, max_size=30))
def test_any_finite_values_get_a_nice_axis_that_covers_them(values):
    axis = nice_axis(values)
    assert axis.low <= min(values) and axis.high >= max(values)
    assert axis.low <= 0 <= axis.high
    assert len(axis.ticks) <= 7
    assert all(math.isfinite(t) for t in axis.ticks)


def test_all_zero_values_get_a_unit_axis():
    assert nice_axis([0, 0, 0]).ticks == (0.0, 1.0)
    root = parse(svgcharts.bar_chart(["a", "b"], [("n", [0, 0])], title="t", y_label=""))
    assert tick_labels(root) == ["0", "1"]
    assert [bar.get("height") for bar in by_class(root, "rect", "bar")] == ["0", "0"]


def test_tick_labels_are_compact_for_large_numbers():
    root = parse(
        svgcharts.line_chart([("GMV", [0, 1.2e6, 3.4e6])], x_labels="abc", title="t", y_label="")
    )
    assert tick_labels(root) == ["0", "1M", "2M", "3M", "4M"]
    root = parse(svgcharts.line_chart([("n", [2e9, 9.5e9])], x_labels="ab", title="t", y_label=""))
    assert tick_labels(root) == ["0", "2B", "4B", "6B", "8B", "10B"]


def test_negative_values_get_ticks_below_zero():
    root = parse(svgcharts.line_chart([("Δ", [-12, 5])], x_labels="ab", title="t", y_label=""))
    assert tick_labels(root) == ["-15", "-10", "-5", "0", "5"]


@pytest.mark.parametrize(
    ("value", "step", "written"),
    [
        (1234, None, "1.23k"),
        (3_400_000, None, "3.4M"),
        (999_999, None, "1M"),
        (-1500, None, "-1.5k"),
        (12, None, "12"),
        (0.0123, None, "0.0123"),
        (-0.0, None, "0"),
        (2.5e12, None, "2.5T"),
        (4e16, None, "4e+16"),
        (1500, 500, "1.5k"),
        (1000, 500, "1k"),
        (100_020, 20, "100.02k"),  # neighbouring ticks never read the same
        (0.30000000000000004, 0.1, "0.3"),
    ],
)
def test_compact_number(value, step, written):
    assert compact_number(value, step) == written


def test_custom_y_format_writes_ticks_and_tooltips():
    markup = svgcharts.line_chart(
        [("Late rate", [0.02, 0.035])],
        x_labels=["W1", "W2"],
        title="t",
        y_label="",
        y_format=lambda v: f"{v:.1%}",
    )
    root = parse(markup)
    assert tick_labels(root)[-1] == "4.0%"
    assert "Late rate · W2: 3.5%" in {t.text for t in root.iter(f"{NS}title")}


def test_values_are_cleaned_to_finite_floats_or_gaps():
    assert [clean(v) for v in (3, 2.5, Decimal("1.5"), True)] == [3.0, 2.5, 1.5, 1.0]
    gaps = (None, math.nan, math.inf, -math.inf, "12", Decimal("NaN"), Decimal("sNaN"), 1e301)
    assert [clean(v) for v in gaps] == [None] * len(gaps)
    assert clean(10**400) is None


def test_text_width_counts_chinese_characters_as_wide():
    assert text_width("订单", 10) > text_width("ab", 10)
    assert truncate("short", 100, 10) == "short"
    assert truncate("订单退款处理时长", 45, 10) == "订单退…"


# ---- bars ------------------------------------------------------------------------------------


def bar_heights(root: ET.Element) -> list[float]:
    return [float(bar.get("height")) for bar in by_class(root, "rect", "bar")]


def test_bar_heights_are_proportional_to_values():
    root = parse(sample_bars())
    # Bars go category by category, series by series within one.
    values = [4, 6, 8, 1, 2, 9]
    heights = bar_heights(root)
    ratios = [h / v for h, v in zip(heights, values, strict=True)]
    assert all(math.isclose(r, ratios[0], rel_tol=0.01) for r in ratios)


def test_stacked_bars_add_up_to_their_totals():
    root = parse(sample_bars(stacked=True, label_format=lambda v: f"{v:g}"))
    heights = bar_heights(root)
    totals = [4 + 6, 8 + 1, 2 + 9]
    stacks = [heights[0] + heights[1], heights[2] + heights[3], heights[4] + heights[5]]
    ratios = [s / t for s, t in zip(stacks, totals, strict=True)]
    assert all(math.isclose(r, ratios[0], rel_tol=0.01) for r in ratios)
    # Each stack sits on the one below: segment tops and bottoms meet.
    bars = by_class(root, "rect", "bar")
    lower, upper = bars[0], bars[1]
    assert math.isclose(float(upper.get("y")) + float(upper.get("height")), float(lower.get("y")))
    assert [t.text for t in by_class(root, "text", "bar-value")] == ["10", "9", "11"]
    assert tick_labels(root)[-1] == "12"  # the axis covers the tallest stack


def test_stacked_negatives_grow_down_from_zero():
    markup = svgcharts.bar_chart(
        ["a"], [("up", [5]), ("down", [-3])], title="t", y_label="", stacked=True
    )
    up, down = by_class(parse(markup), "rect", "bar")
    assert math.isclose(float(up.get("y")) + float(up.get("height")), float(down.get("y")))


def test_a_reference_line_is_drawn_inside_the_axis():
    root = parse(sample_bars(reference=("Target 目标", 25)))
    (reference,) = by_class(root, "g", "reference")
    assert reference.find(f"{NS}title").text == "Target 目标: 25"
    assert tick_labels(root)[-1] == "25"


def test_a_rating_distribution_shows_counts_and_shares():
    root = parse(
        svgcharts.rating_distribution_chart({5: 6, 4: 2, 1: 2}, title="评分分布", y_label="")
    )
    assert len(by_class(root, "rect", "bar")) == 5
    labels = [t.text for t in by_class(root, "text", "bar-value")]
    assert labels == ["2 (20%)", "0 (0%)", "0 (0%)", "2 (20%)", "6 (60%)"]
    x_labels = [shown_text(t) for t in by_class(root, "g", "x-labels")[0]]
    assert x_labels == ["1★", "2★", "3★", "4★", "5★"]


# ---- gaps and empty data -----------------------------------------------------------------------


def test_none_breaks_the_line_and_an_isolated_point_keeps_its_marker():
    markup = svgcharts.line_chart(
        [("n", [1, 2, None, 4, None, 6, 7])], x_labels="abcdefg", title="t", y_label=""
    )
    (series,) = by_class(parse(markup), "g", "series")
    path = series.find(f"{NS}path").get("d")
    assert path.count("M") == 2  # a-b and f-g; d is alone
    markers = [m for m in series if m.tag != f"{NS}path" and m.tag != f"{NS}title"]
    assert len(markers) == 5
    tips = [m.find(f"{NS}title").text for m in markers]
    assert "n · d: 4" in tips


def test_nan_and_inf_are_gaps_like_none():
    with_nan = svgcharts.line_chart(
        [("n", [1, math.nan, 3, math.inf, 5])], x_labels="abcde", title="t", y_label=""
    )
    with_none = svgcharts.line_chart(
        [("n", [1, None, 3, None, 5])], x_labels="abcde", title="t", y_label=""
    )
    assert with_nan == with_none


def test_a_single_point_draws_a_marker():
    root = parse(svgcharts.line_chart([("n", [42])], x_labels=["Q1"], title="t", y_label=""))
    (series,) = by_class(root, "g", "series")
    assert series.find(f"{NS}path") is None
    assert series.find(f"{NS}circle") is not None


@pytest.mark.parametrize(
    "draw",
    [
        lambda m: svgcharts.line_chart([], x_labels=[], title="t", y_label="", no_data=m),
        lambda m: svgcharts.line_chart(
            [("a", [None, math.nan])], x_labels="xy", title="t", y_label="", no_data=m
        ),
        lambda m: svgcharts.bar_chart([], [], title="t", y_label="", no_data=m),
        lambda m: svgcharts.bar_chart(["x"], [("a", [None])], title="t", y_label="", no_data=m),
        lambda m: svgcharts.rating_distribution_chart([0, 0, 0, 0, 0], title="t", no_data=m),
    ],
)
def test_empty_data_draws_the_callers_no_data_message(draw):
    root = parse(draw("暂无数据 <none>"))
    (note,) = by_class(root, "text", "no-data")
    assert note.text == "暂无数据 <none>"
    assert root.find(f"{NS}desc").text == "暂无数据 <none>"


def test_an_empty_sparkline_says_so_in_its_title():
    root = parse(svgcharts.sparkline([None, math.nan], no_data="无数据"))
    assert root.find(f"{NS}title").text == "无数据"


def test_a_sparkline_breaks_at_gaps_and_dots_its_last_point():
    root = parse(svgcharts.sparkline([1, 2, None, 3, 4, 5], label="Orders"))
    assert root.find(f"{NS}title").text == "Orders"
    assert root.find(f".//{NS}path").get("d").count("M") == 2
    assert len(list(root.iter(f"{NS}circle"))) == 1
    flat = parse(svgcharts.sparkline([3, 3, 3]))
    assert set(re.findall(r" ([\d.]+)", flat.find(f".//{NS}path").get("d"))) == {"12"}


def test_uneven_input_is_drawn_not_refused():
    root = parse(
        svgcharts.line_chart(
            {"long": [1, 2, 3, 4], "short": [5]}, x_labels=["a"], title="t", y_label="", width=-5
        )
    )
    assert root.get("viewBox").startswith("0 0 200 ")


# ---- property: whatever the values, a well-formed chart -----------------------------------------

values = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
)
words = st.text(max_size=40)
series_lists = st.lists(st.tuples(words, st.lists(values, max_size=25)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    series=series_lists,
    labels=st.lists(words, max_size=30),
    reference=st.one_of(st.none(), st.tuples(words, st.floats())),
    stacked=st.booleans(),
    size=st.tuples(st.integers(-10, 2000), st.integers(-10, 1000)),
)
def test_any_series_draw_well_formed_charts(series, labels, reference, stacked, size):
    width, height = size
    size = {"width": width, "height": height}
    line = svgcharts.line_chart(
        series, x_labels=labels, title="t", y_label="y", reference=reference, **size
    )
    bars = svgcharts.bar_chart(
        labels,
        series,
        title="t",
        y_label="y",
        stacked=stacked,
        reference=reference,
        label_format=str,
        **size,
    )
    for markup in (line, bars):
        root = parse(markup)
        for element in root.iter():
            for name in ("x", "y", "width", "height", "cx", "cy", "x1", "y1", "x2", "y2"):
                if element.get(name) not in (None, "100%"):
                    assert math.isfinite(float(element.get(name)))
            assert not re.search(r"nan|inf", element.get("d") or "")


@settings(max_examples=100, deadline=None)
@given(st.lists(values, max_size=40), words)
def test_any_values_draw_a_well_formed_sparkline(values, label):
    parse(svgcharts.sparkline(values, label=label))
