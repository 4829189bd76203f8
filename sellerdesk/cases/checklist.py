"""Evidence fields a case type can require, and their formats (pure).

A case type lists the field codes it needs in ``CaseType.required_fields``; ``check_fields``
returns one error per missing or malformed item, so the seller sees everything at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sellerdesk.lib.errors import FieldError


@dataclass(frozen=True)
class FieldSpec:
    code: str
    label_en: str
    label_zh: str
    pattern: re.Pattern[str]
    format_hint: str


FIELD_SPECS: dict[str, FieldSpec] = {
    spec.code: spec
    for spec in (
        FieldSpec(
            "order_id",
            "Order ID",
            "订单编号",
            re.compile(r"^\d{3}-\d{7}-\d{7}$"),
            "123-1234567-1234567",
        ),
        FieldSpec(
            "asin",
            "ASIN",
            "ASIN",
            re.compile(r"^(B0[0-9A-Z]{8}|\d{9}[\dX])$"),
            "10 characters, B0… (or an ISBN-10)",
        ),
        FieldSpec(
            "shipment_id",
            "FBA shipment ID",
            "FBA 货件编号",
            re.compile(r"^FBA[0-9A-Z]{6,12}$"),
            "FBA followed by 6–12 letters or digits",
        ),
        FieldSpec(
            "campaign_id",
            "Campaign ID",
            "广告活动编号",
            re.compile(r"^[0-9A-Za-z-]{6,40}$"),
            "6–40 letters, digits or dashes",
        ),
    )
}

MAX_FIELD_LENGTH = 200


def normalise_fields(fields: dict[str, object] | None) -> dict[str, str]:
    out = {}
    for key, value in (fields or {}).items():
        if value is None:
            continue
        text = str(value).strip()
        if text:
            out[str(key)] = text.upper() if key in ("asin", "shipment_id") else text
    return out


def check_fields(required: list[str], fields: dict[str, str]) -> list[FieldError]:
    errors: list[FieldError] = []
    for code in required:
        if code in FIELD_SPECS and not fields.get(code):
            spec = FIELD_SPECS[code]
            errors.append(
                FieldError(
                    f"fields.{code}",
                    "required",
                    f"{spec.label_en} is required ({spec.format_hint})",
                )
            )
    for code, value in fields.items():
        spec = FIELD_SPECS.get(code)
        if spec is None:
            errors.append(FieldError(f"fields.{code}", "unknown", f"unknown field {code!r}"))
        elif len(value) > MAX_FIELD_LENGTH or not spec.pattern.match(value):
            errors.append(
                FieldError(
                    f"fields.{code}",
                    "invalid",
                    f"{spec.label_en} must look like {spec.format_hint}",
                )
            )
    return errors
