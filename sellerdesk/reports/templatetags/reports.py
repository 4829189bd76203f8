from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def report_cell(row: dict, column) -> str:
    """A row's value for ``column``, written as its kind reads: shares as percentages."""
    value = row.get(column.key) if isinstance(row, dict) else None
    return format_value(value, column.kind)


@register.filter
def figure_value(value, kind: str) -> str:
    return format_value(value, kind)


def format_value(value, kind: str) -> str:
    if value is None or value == "":
        return "–"
    if kind == "share":
        return f"{number_format(value * 100, 1)} %"
    if kind in ("hours", "days", "score"):
        return number_format(value, 2 if kind == "score" else 1)
    if kind == "count":
        return number_format(value, 0, force_grouping=True)
    return str(value)


@register.filter
def signed(value, kind: str) -> str:
    if value is None:
        return "–"
    text = format_value(abs(value), kind)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text
