"""Evidence a case type can require, and its formats (pure).

A case type lists checklist codes in ``CaseType.required_fields``. A code is either one field
(``order_id``, ``iban``, …: ``FIELD_SPECS``) or a group the seller can satisfy in more than one
way (``bank_details``, ``screenshot``, ``id_documents``: ``GROUPS``). ``check_fields`` returns
one error per missing or malformed item, so the seller sees everything at once.

Identifier checksums come from python-stdnum (IBAN mod-97, US ABA routing number, Luhn for
Chinese bank cards, Chinese resident ID and unified social credit code); the regular
expressions only describe the shape for people and for the OpenAPI.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc
from stdnum.us import rtn as _rtn

from sellerdesk.attachments.slots import ID_DOCUMENT_SLOTS
from sellerdesk.lib.errors import FieldError
from sellerdesk.lib.labels import in_language


@dataclass(frozen=True)
class FieldSpec:
    code: str
    label: Promise  # translated where shown (the catalogues); str(label) in English here
    pattern: re.Pattern[str]
    format_hint: str
    check: Callable[[str], bool] | None = None  # a checksum on top of the shape
    sensitive: bool = False  # encrypted at rest, masked when shown
    max_length: int = 200


FIELD_SPECS: dict[str, FieldSpec] = {
    spec.code: spec
    for spec in (
        FieldSpec(
            "order_id",
            _("Order ID"),
            re.compile(r"^\d{3}-\d{7}-\d{7}$"),
            "123-1234567-1234567",
        ),
        FieldSpec(
            "asin",
            _("ASIN"),
            re.compile(r"^(B0[0-9A-Z]{8}|\d{9}[\dX])$"),
            "10 characters, B0… (or an ISBN-10)",
        ),
        FieldSpec(
            "shipment_id",
            _("FBA shipment ID"),
            re.compile(r"^FBA[0-9A-Z]{6,12}$"),
            "FBA followed by 6–12 letters or digits",
        ),
        FieldSpec(
            "campaign_id",
            _("Campaign ID"),
            re.compile(r"^[0-9A-Za-z-]{6,40}$"),
            "6–40 letters, digits or dashes",
        ),
        FieldSpec(
            "iban",
            _("IBAN"),
            re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$"),
            "country code, 2 check digits, account (e.g. DE89 3704 0044 0532 0130 00)",
            check=_iban.is_valid,
            sensitive=True,
        ),
        FieldSpec(
            "routing_number",
            _("US routing number (ABA)"),
            re.compile(r"^\d{9}$"),
            "9 digits with a valid ABA checksum",
            check=_rtn.is_valid,
            sensitive=True,
        ),
        FieldSpec(
            "account_number",
            _("Bank account number"),
            re.compile(r"^\d{4,17}$"),
            "4–17 digits",
            sensitive=True,
        ),
        FieldSpec(
            "cn_bank_card",
            _("Chinese bank card number"),
            re.compile(r"^\d{16,19}$"),
            "16–19 digits with a valid Luhn check digit",
            check=_luhn.is_valid,
            sensitive=True,
        ),
        FieldSpec(
            "cn_resident_id",
            _("Legal representative's resident ID number"),
            re.compile(r"^\d{17}[\dX]$"),
            "18 characters (17 digits and a check digit or X)",
            check=_ric.is_valid,
            sensitive=True,
        ),
        FieldSpec(
            "uscc",
            _("Unified social credit code"),
            re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
            "18 characters from the business licence",
            check=_uscc.is_valid,
        ),
        FieldSpec(
            "english_explanation",
            _("Explanation in English"),
            re.compile(r"^[\s\S]+$"),
            "in English, at least the required number of words",
            max_length=10_000,
        ),
    )
}

# Values kept upper case without spaces (people paste IBANs and cards in groups of four).
_COMPACT = {"iban", "routing_number", "account_number", "cn_bank_card", "cn_resident_id", "uscc"}
_UPPER = {"asin", "shipment_id", *_COMPACT}

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
SLOT_LABELS = {
    "id_front": _("Legal representative ID (front)"),
    "id_back": _("Legal representative ID (back)"),
    "business_licence": _("Business licence"),
}


@dataclass(frozen=True)
class GroupSpec:
    code: str
    label: Promise
    format_hint: str


GROUPS: dict[str, GroupSpec] = {
    g.code: g
    for g in (
        GroupSpec(
            "bank_details",
            _("Bank account details"),
            "an IBAN, or a US routing number and account number, or a Chinese bank card",
        ),
        GroupSpec(
            "screenshot",
            _("Screenshot"),
            "at least one image attachment (PNG, JPEG or WebP)",
        ),
        GroupSpec(
            "id_documents",
            _("Identity documents"),
            "legal representative ID (front and back) and business licence, as attachments",
        ),
    )
}

CHECKLIST_CODES = frozenset(FIELD_SPECS) | frozenset(GROUPS)
SENSITIVE_FIELDS = frozenset(code for code, spec in FIELD_SPECS.items() if spec.sensitive)


@dataclass(frozen=True)
class AttachmentInfo:
    """What the checklist needs to know about an attachment: its type and its slot."""

    content_type: str
    slot: str = ""


# --- English detection ------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def english_ratio(text: str) -> float:
    """Share of ASCII letters among all letters. A deliberately simple heuristic: text in
    Chinese, Japanese, Cyrillic… has few ASCII letters; English has only those. Accented Latin
    (French, German) also scores high; the requirement is "written in Latin-script English",
    checked by people afterwards, not a language identifier."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if ch.isascii()) / len(letters)


ENGLISH_MIN_RATIO = 0.9


def english_words(text: str) -> int:
    return len(_WORD.findall(text))


def is_english(text: str, min_words: int = 1) -> bool:
    return english_ratio(text) >= ENGLISH_MIN_RATIO and english_words(text) >= min_words


# --- normalising and checking -----------------------------------------------------------------


# Dashes a Chinese (or Japanese) input method or a word processor types where a hyphen is
# meant: hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar, minus sign,
# the katakana prolonged sound mark and small/full-width hyphen-minus. NFKC folds the last two
# (and full-width digits, letters and the ideographic space); the others it keeps as they are.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\ufe63\uff0d"), "-"
)
# Characters that take no room: pasted from web pages and chat apps, never meant.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Full-width ASCII (U+FF01-FF5E) and the ideographic space, for free text: only these, so the
# seller's other characters (Chinese punctuation in a quote, say) stay as written.
_FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: " "}


def normalise_identifier(value: str) -> str:
    """An identifier as typed with any input method, as the checks read it: full-width
    digits, letters and separators folded to ASCII (NFKC), dashes to "-", no spaces at all."""
    text = unicodedata.normalize("NFKC", value).translate(_DASHES).translate(_INVISIBLE)
    # Again once the spaces are gone: a spacing accent leaves a combining one behind.
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))


def normalise_text(value: str) -> str:
    """Free text (the English explanation): full-width ASCII folded, the ends trimmed."""
    return value.translate(_FULL_WIDTH).translate(_INVISIBLE).strip()


def normalise_fields(fields: dict[str, object] | None) -> dict[str, str]:
    """Checklist values as the checks read them (pure). Sellers type with a Chinese input
    method: ``１１２－１２３４５６７－１２３４５６７`` is the order 112-1234567-1234567."""
    out = {}
    for key, value in (fields or {}).items():
        if value is None:
            continue
        spec = FIELD_SPECS.get(str(key))
        if spec is None or spec.code == "english_explanation":
            text = normalise_text(str(value))
        else:
            text = normalise_identifier(str(value))
        if key in _COMPACT:
            text = text.replace("-", "")
        if key in _UPPER:
            text = unicodedata.normalize("NFKC", text.upper())
        if text:
            out[str(key)] = text
    return out


def _required(code: str) -> FieldError:
    spec = FIELD_SPECS[code]
    return FieldError(
        f"fields.{code}",
        "required",
        f"{in_language(spec.label, 'en')} is required ({spec.format_hint})",
    )


def field_error(code: str, value: str, english_min_words: int = 30) -> FieldError | None:
    """The error for one given value, or None when it is valid."""
    spec = FIELD_SPECS.get(code)
    if spec is None:
        return FieldError(f"fields.{code}", "unknown", f"unknown field {code!r}")
    if code == "english_explanation":
        if len(value) > spec.max_length:
            return FieldError(f"fields.{code}", "too_long", f"at most {spec.max_length} characters")
        if english_ratio(value) < ENGLISH_MIN_RATIO:
            return FieldError(f"fields.{code}", "not_english", "write the explanation in English")
        if english_words(value) < english_min_words:
            return FieldError(
                f"fields.{code}",
                "too_short",
                f"write at least {english_min_words} words in English",
            )
        return None
    if (
        len(value) > spec.max_length
        or not spec.pattern.match(value)
        or (spec.check is not None and not spec.check(value))
    ):
        return FieldError(
            f"fields.{code}",
            "invalid",
            f"{in_language(spec.label, 'en')} must look like {spec.format_hint}",
        )
    return None


def _group_errors(
    code: str, fields: dict[str, str], attachments: list[AttachmentInfo]
) -> list[FieldError]:
    group = GROUPS[code]
    if code == "bank_details":
        if fields.get("iban") or fields.get("cn_bank_card"):
            return []
        if fields.get("routing_number") or fields.get("account_number"):
            return [_required(c) for c in ("routing_number", "account_number") if not fields.get(c)]
        return [
            FieldError(
                "fields.bank_details",
                "required",
                f"{in_language(group.label, 'en')} required: {group.format_hint}",
            )
        ]
    if code == "screenshot":
        if any(a.content_type in IMAGE_TYPES for a in attachments):
            return []
        return [FieldError("attachments.screenshot", "required", group.format_hint)]
    # id_documents: one attachment per slot
    slots = {a.slot for a in attachments}
    return [
        FieldError(
            f"attachments.{slot}", "required", f"{in_language(SLOT_LABELS[slot], 'en')} is required"
        )
        for slot in ID_DOCUMENT_SLOTS
        if slot not in slots
    ]


def check_fields(
    required: Iterable[str],
    fields: dict[str, str],
    attachments: Iterable[AttachmentInfo] = (),
    *,
    english_min_words: int = 30,
) -> list[FieldError]:
    """Every problem with ``fields`` (normalised) and ``attachments`` for a case type that
    requires the checklist codes ``required``: each missing item once, each invalid value once.
    ``english_explanation`` is also satisfied by an English ``description``: callers pass it in
    ``fields`` under that code when the seller wrote the case itself in English."""
    attachments = list(attachments)
    errors: list[FieldError] = []
    for code in required:
        if code in GROUPS:
            errors += _group_errors(code, fields, attachments)
        elif code in FIELD_SPECS and not fields.get(code):
            errors.append(_required(code))
    for code, value in fields.items():
        error = field_error(code, value, english_min_words)
        if error is not None:
            errors.append(error)
    return errors


def mask(value: str) -> str:
    """Only the last four characters show."""
    return "•" * max(len(value) - 4, 4) + value[-4:] if len(value) > 4 else "•" * 4
