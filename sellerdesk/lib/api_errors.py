"""Errors the API router never sees, turned into problem+json like every other API error.

django-ninja answers a known path with a method it does not serve with Django's plain-text
``HttpResponseNotAllowed`` before any of the API's exception handlers run; clients of the
contract (docs/api.md: every error is ``application/problem+json``) should not have to parse
that. The ``Allow`` header is kept."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .problems import PROBLEM_CONTENT_TYPE, problem, request_language

API_PREFIX = "/api/"


class ApiMethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        ):
            return response
        allowed = response.get("Allow", "")
        converted = problem(
            405,
            f"{request.method} is not allowed on {request.path}"
            + (f"; allowed: {allowed}." if allowed else "."),
            language=request_language(request),
        )
        if allowed:
            converted["Allow"] = allowed
        return converted
