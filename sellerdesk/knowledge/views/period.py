"""The reporting period of a staff report, from ``?from=YYYY-MM-DD&to=YYYY-MM-DD``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_date

DEFAULT_REPORT_DAYS = 90


def report_period(request) -> tuple[datetime, datetime]:
    """``[start, end)`` in the viewer's time zone: whole days, the last 90 by default."""
    today = timezone.localdate()
    start = parse_date(request.GET.get("from", "") or "") or today - timedelta(
        days=DEFAULT_REPORT_DAYS
    )
    end = parse_date(request.GET.get("to", "") or "") or today
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, datetime.min.time(), zone),
        datetime.combine(end + timedelta(days=1), datetime.min.time(), zone),
    )
