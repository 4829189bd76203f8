"""Errors over HTTP as RFC 9457 problem details (``application/problem+json``).

Every failure the API can produce - a domain error from a service, a request that does not
match its schema, a body that is not JSON, a missing token - leaves through ``problem()`` so
integrators parse one shape: ``{type, title, status, detail, errors: [{field, code, message}]}``.

The words follow the request's ``Accept-Language``: English by default (the services' own
sentences), Chinese when the client prefers it (``title``, ``detail`` and each ``message`` as
the web pages word them). ``type``, ``status``, ``code``, ``field`` and the extra members never
change with the language: clients branch on those.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from pydantic import Field

from . import labels
from .errors import DomainError, FieldError

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:sellerdesk:problem:"


class ProblemError(Schema):
    field: str = Field(description="Dotted path of the offending input, e.g. `fields.order_id`.")
    code: str = Field(description="Machine-readable reason, e.g. `required`, `invalid`.")
    message: str


class Problem(Schema):
    """RFC 9457 problem details. Extra members (e.g. `duplicate_of`) may be present."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str
    errors: list[ProblemError] = Field(default_factory=list)


# --- language -------------------------------------------------------------------------------

# The titles the API uses, as catalogue strings (the English one also names the ``type``).
_TITLES = {
    "Bad Request": _("Bad request"),
    "Bad request": _("Bad request"),
    "Unauthorized": _("Unauthorized"),
    "Forbidden": _("Forbidden"),
    "Not found": _("Not found"),
    "Not Found": _("Not found"),
    "Method Not Allowed": _("Method not allowed"),
    "Conflict": _("Conflict"),
    "Payload too large": _("Payload too large"),
    "Unsupported media type": _("Unsupported media type"),
    "Validation failed": _("Validation failed"),
    "Malformed request body": _("Malformed request body"),
    "Too many requests": _("Too many requests"),
    "Internal Server Error": _("Internal server error"),
}

# A service's ``detail`` is an English sentence made for the case at hand; a client that asks
# for Chinese gets the general sentence for the status (the specifics are in ``errors``).
_DETAILS = {
    400: _("The request could not be processed."),
    401: _("Send a valid token as 'Authorization: Bearer <token>', or sign in."),
    403: _("You may not do this."),
    404: _("Not found."),
    405: _("This method is not allowed on this path."),
    409: _("The request conflicts with the current state; see the errors for what."),
    413: _("The request body is too large."),
    415: _("This content type is not accepted here."),
    422: _("The request is not valid; each error names the field and what is wrong."),
    429: _("Too many requests; try again later."),
    500: _("Something went wrong on our side; it has been logged."),
}


def _accepted(header: str) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most wanted first (q=0 left out)."""
    ranked = []
    for position, item in enumerate(header.split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _q, _p, tag in sorted(ranked)]


def request_language(request: HttpRequest | None) -> str:
    """The language the API answers in: the first of the client's ``Accept-Language`` that the
    site speaks (``zh``, ``zh-CN``, ``zh-Hans`` … are Chinese), else English. Only the header
    counts: an API answer does not change with a session's saved preference."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "") if request is not None else ""
    for tag in _accepted(header):
        if tag.lower().startswith("zh"):
            return "zh-hans"
        try:
            return translation.get_supported_language_variant(tag)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _in_language(language: str, title: str, detail: str, status: int, errors: list[FieldError]):
    if not labels.is_chinese(language):
        return title, detail, [e.as_dict() for e in errors]
    with translation.override(language):
        localized_title = str(_TITLES.get(title, title))
        translated = gettext(detail)
        if translated != detail:
            localized_detail = translated
        elif status in _DETAILS:
            localized_detail = str(_DETAILS[status])
        else:
            localized_detail = detail
    words = [{**e.as_dict(), "message": labels.api_error_message(e, language)} for e in errors]
    return localized_title, localized_detail, words


def _slug(title: str) -> str:
    return title.lower().replace(" ", "-").replace("'", "")


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    errors: list[FieldError] | None = None,
    extra: dict[str, Any] | None = None,
    language: str = "en",
) -> HttpResponse:
    title = title or HTTPStatus(status).phrase
    shown_title, shown_detail, shown_errors = _in_language(
        language, title, detail, status, list(errors or [])
    )
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + _slug(title),  # from the English title, whatever the language
        "title": shown_title,
        "status": status,
        "detail": shown_detail,
        "errors": shown_errors,
    }
    # Members the domain adds (duplicate_of, code, …) never override the standard ones.
    for key, value in (extra or {}).items():
        body.setdefault(key, value)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    response["Content-Language"] = "zh-Hans" if labels.is_chinese(language) else "en"
    patch_vary_headers(response, ["Accept-Language"])
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="sellerdesk"'
    return response


# --- pydantic errors -> field errors ------------------------------------------------------

# Where the value came from is said by the field name itself; "body" would only be noise.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}

_CODES = {
    "missing": "required",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "too_long": "too_long",
    "too_short": "too_short",
    "extra_forbidden": "unknown_field",
}


def _field_path(loc: tuple | list) -> str:
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # ninja nests a whole-body schema under the view's argument name ("payload").
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


def _code(pydantic_type: str) -> str:
    if pydantic_type in _CODES:
        return _CODES[pydantic_type]
    if pydantic_type.endswith("_type") or pydantic_type.endswith("_parsing"):
        return "wrong_type"
    return "invalid"


def field_errors_from_ninja(exc: ValidationError) -> list[FieldError]:
    errors = []
    for item in exc.errors:
        field = _field_path(item.get("loc", ()))
        code = _code(item.get("type", ""))
        msg = str(item.get("msg", "invalid value"))
        if code == "unknown_field":
            # pydantic says "Extra inputs are not permitted"; say which, and that nothing of
            # the request was done (an ignored member would have been worse than a refusal).
            msg = f"unknown field {field!r}: not accepted here, so nothing was done"
        errors.append(FieldError(field, code, msg))
    return errors


# --- handlers -------------------------------------------------------------------------------


def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = problem(
        exc.status,
        exc.detail,
        title=exc.title,
        errors=exc.errors,
        extra=exc.extra,
        language=request_language(request),
    )
    if exc.extra.get("retry_after") is not None:
        response["Retry-After"] = str(int(exc.extra["retry_after"]))
    return response


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(
        422,
        "The request does not match the schema.",
        title="Validation failed",
        errors=field_errors_from_ninja(exc),
        language=request_language(request),
    )


def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        401,
        "Send a valid token as 'Authorization: Bearer <token>', or sign in.",
        title="Unauthorized",
        language=request_language(request),
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja wraps a body it cannot decode (not JSON, not UTF-8) in HttpError(400).
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        return problem(
            400,
            "The request body is not valid JSON.",
            title="Malformed request body",
            errors=[FieldError("body", "malformed_json", str(exc.__cause__)[:200])],
            language=request_language(request),
        )
    if isinstance(exc, AuthorizationError) or exc.status_code == 403:
        return problem(403, str(exc), title="Forbidden", language=request_language(request))
    return problem(exc.status_code, str(exc), language=request_language(request))


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, "Not found.", title="Not found", language=request_language(request))


def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(
        413,
        "The request body is too large.",
        title="Payload too large",
        errors=[FieldError("body", "too_large", "the request body exceeds the size limit")],
        language=request_language(request),
    )


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Integrators get the same shape for a bug as for anything else; the traceback goes to the
    # log (the "django.request" logger, like Django's own 500s), never into the answer.
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500}
    )
    return problem(
        500,
        "Something went wrong on our side; it has been logged.",
        language=request_language(request),
    )


def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        403,
        str(exc) or "You may not do this.",
        title="Forbidden",
        language=request_language(request),
    )


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return problem(
        400, "The request was refused.", title="Bad request", language=request_language(request)
    )


def _unparsable_body(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A multipart body without its boundary (or otherwise malformed) is the caller's mistake.
    return problem(
        400,
        "The request body is not valid multipart/form-data.",
        title="Bad request",
        language=request_language(request),
    )


def install_problem_handlers(api) -> None:
    api.add_exception_handler(Exception, _unexpected)
    api.add_exception_handler(PermissionDenied, _permission_denied)
    api.add_exception_handler(SuspiciousOperation, _suspicious)
    api.add_exception_handler(MultiPartParserError, _unparsable_body)
    api.add_exception_handler(DomainError, _domain_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(AuthenticationError, _authentication_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(RequestDataTooBig, _too_large)


def error_responses(*statuses: int) -> dict[int, type[Problem]]:
    """``response=`` entries for the problems an operation can answer with (documented in the
    OpenAPI as ``application/problem+json``)."""
    return {status: Problem for status in (401, *statuses)}
