"""Input types shared by the API schemas.

``Text`` refuses what no database column can store: NUL characters (PostgreSQL rejects them)
and lone surrogates (not encodable as UTF-8). Without it such input reaches the database and
fails there as a 500 instead of a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(_storable)]
