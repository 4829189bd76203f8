"""The rate limits of case intake, from settings (docs/intake.md). Sign-in's are in
web/views/auth.py."""

from __future__ import annotations

from django.conf import settings

from sellerdesk.lib import ratelimit


def _conf(name: str) -> int:
    return settings.SELLERDESK[name]


def case_create_check(request, user) -> None:
    window = _conf("RATE_CASES_WINDOW_SECONDS")
    ratelimit.check(
        [
            ratelimit.Limit("cases:user", str(user.pk), _conf("RATE_CASES_PER_USER"), window),
            ratelimit.Limit(
                "cases:address",
                ratelimit.client_address(request),
                _conf("RATE_CASES_PER_ADDRESS"),
                window,
            ),
        ],
        "new cases",
    )
