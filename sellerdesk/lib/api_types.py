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
fails there as a 500 instead of a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, ConfigDict

from .languages import language_error_message, normalise_language


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(_storable)]


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
