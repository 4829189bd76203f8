"""Geometry of the score trend chart (pure). The template draws it as inline SVG: no chart
library, nothing from a CDN."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    line: str  # "x,y x,y …" for <polyline points=…>
    dots: list[dict]  # {x, y, score, as_of}
    bands: list[dict]  # {name, y, height} rectangles behind the line
    y_ticks: list[dict]  # {y, label}
    x_labels: list[dict]  # {x, label}


def score_chart(
    points: Sequence[tuple[date, int]],
    *,
    healthy_min: int,
    at_risk_min: int,
    max_score: int = 1000,
    width: int = 640,
    height: int = 200,
    pad_left: int = 40,
    pad_bottom: int = 22,
) -> Chart | None:
    """The chart of ``(as_of, score)`` points, oldest first; None with no points."""
    if not points:
        return None
    plot_w, plot_h = width - pad_left - 8, height - pad_bottom - 8
    first, last = points[0][0], points[-1][0]
    span = max(1, (last - first).days)

    def x_of(day: date) -> float:
        if len(points) == 1:
            return pad_left + plot_w / 2
        return pad_left + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        value = max(0, min(max_score, value))
        return 8 + plot_h * (1 - value / max_score)

    dots = [
        {"x": round(x_of(d), 1), "y": round(y_of(s), 1), "score": s, "as_of": d} for d, s in points
    ]
    bands = [
        {"name": "healthy", "y": round(y_of(max_score), 1), "top": max_score, "low": healthy_min},
        {
            "name": "at_risk",
            "y": round(y_of(healthy_min), 1),
            "top": healthy_min,
            "low": at_risk_min,
        },
        {"name": "critical", "y": round(y_of(at_risk_min), 1), "top": at_risk_min, "low": 0},
    ]
    for band in bands:
        band["height"] = round(y_of(band["low"]) - y_of(band["top"]), 1)
    ticks = sorted({0, at_risk_min, healthy_min, max_score})
    x_labels = [{"x": dots[0]["x"], "label": first.isoformat()}]
    if last != first:
        x_labels.append({"x": dots[-1]["x"], "label": last.isoformat()})
    return Chart(
        width=width,
        height=height,
        line=" ".join(f"{d['x']},{d['y']}" for d in dots),
        dots=dots,
        bands=bands,
        y_ticks=[{"y": round(y_of(t), 1), "label": t} for t in ticks],
        x_labels=x_labels,
    )
