"""Input types shared by the API schemas.

``InputSchema`` is the base of every request body: a member the operation does not know is
refused (422, code ``unknown_field``, naming it) instead of ignored, so a client that sends
``"kind": "internal_note"`` where the field is ``internal`` learns it at once rather than
posting a public reply. The OpenAPI says so with ``additionalProperties: false``.

Query strings are not held to this (their schemas stay plain ``Schema``): proxies, caches and
browsers add parameters of their own (cache busters, ``utm_*``), an ignored query parameter
changes nothing stored, and a filter the server does not know shows itself in the answer.

``Text`` refuses what no database column can store: NUL characters (PostgreSQL rejects them)
and lone surrogates (not encodable as UTF-8). Without it such input reaches the database and
fails there as a 500 instead of a 422 naming the field. Its OpenAPI schema says so for NUL with a
``pattern`` (a lone surrogate cannot be written in JSON text that a client produces from valid
Unicode, so it needs no word there), so a client generating input from the document does not
meet a 422 the document did not announce.

``IsoDate`` is a date given as JSON gives one, the string ``YYYY-MM-DD`` the schema announces
(``format: date``): pydantic on its own also takes a number (read as a Unix time) and a
date-time string, which no client means as a date.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from .languages import language_error_message, normalise_language


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


NO_NUL_PATTERN = "^[^\\u0000]*$"
"""ECMA-262 and Python ``re`` read the same: any text without a NUL character."""


class _AnnouncedInSchema:
    """Adds ``pattern`` to a string's JSON schema unless the field sets a stricter one."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema.setdefault("pattern", self.pattern)
        return schema


Text = Annotated[str, AfterValidator(_storable), _AnnouncedInSchema(NO_NUL_PATTERN)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_date_string(value: Any) -> Any:
    if isinstance(value, date):  # from Python callers, not from JSON
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_string)]


class InputSchema(Schema):
    """A request body: unknown members are refused, never ignored."""

    model_config = ConfigDict(extra="forbid")


def _product_language(value: str) -> str:
    code = normalise_language(value)
    if code is None:
        raise ValueError(language_error_message(value))
    return code


LanguageTag = Annotated[str, AfterValidator(_product_language)]
"""A BCP 47 tag (``zh-CN``, ``en-US``, …) read as the product's ``en`` or ``zh-hans``; any
other language is a 422 naming the field."""
