"""Every checklist validator with valid and invalid values, the groups, English detection,
masking, and every default checklist."""

import pytest

from sellerdesk.cases.checklist import (
    AttachmentInfo,
    check_fields,
    english_ratio,
    field_error,
    is_english,
    mask,
    normalise_fields,
)
from sellerdesk.cases.models import CaseType

ENGLISH = (
    "Our account was deactivated after a spike in late shipments during October. We changed "
    "carriers, added a second warehouse shift, and now confirm every order within one "
    "business day so that this cannot happen again in the coming peak season at all."
)


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("order_id", "113-1234567-1234567"),
        ("asin", "B07XJ8C8F5"),
        ("asin", "0306406152"),
        ("shipment_id", "FBA15DJ8K2LM"),
        ("campaign_id", "cmp-123456"),
        ("iban", "DE89370400440532013000"),
        ("iban", "GB82 WEST 1234 5698 7654 32"),  # spaces as printed
        ("iban", "de89 3704 0044 0532 0130 00"),  # lower case
        ("routing_number", "111000025"),
        ("routing_number", "021000021"),
        ("account_number", "123456789012"),
        ("cn_bank_card", "6222 0202 0000 0000 006"),  # Luhn-valid 19 digits
        ("cn_bank_card", "4111111111111111"),
        ("cn_resident_id", "11010519491231002X"),
        ("uscc", "91110000600037341L"),
        ("english_explanation", ENGLISH),
    ],
)
def test_valid_values(code, value):
    fields = normalise_fields({code: value})
    assert field_error(code, fields[code]) is None
    assert check_fields([code], fields) == []


@pytest.mark.parametrize(
    ("code", "value", "error"),
    [
        ("order_id", "113-123456-1234567", "invalid"),
        ("asin", "A07XJ8C8F5", "invalid"),
        ("shipment_id", "XYZ123", "invalid"),
        ("campaign_id", "abc", "invalid"),
        ("iban", "DE89370400440532013001", "invalid"),  # mod-97 fails
        ("iban", "DE8937040044", "invalid"),  # too short
        ("iban", "XX89370400440532013000", "invalid"),  # no such country
        ("routing_number", "111000026", "invalid"),  # ABA checksum fails
        ("routing_number", "11100002", "invalid"),  # 8 digits
        ("account_number", "12ab", "invalid"),
        ("account_number", "123", "invalid"),
        ("cn_bank_card", "6222020200000000007", "invalid"),  # Luhn fails
        ("cn_bank_card", "12345678", "invalid"),
        ("cn_resident_id", "110105194912310021", "invalid"),  # wrong check digit
        ("cn_resident_id", "11010519491331002X", "invalid"),  # month 13
        ("uscc", "91110000600037341M", "invalid"),  # wrong check character
        ("english_explanation", "我们的账户被停用了，" * 20, "not_english"),
        ("english_explanation", "We fixed it.", "too_short"),
    ],
)
def test_invalid_values(code, value, error):
    fields = normalise_fields({code: value})
    errors = check_fields([], fields)
    assert [(e.field, e.code) for e in errors] == [(f"fields.{code}", error)]


def test_unknown_field():
    assert [(e.field, e.code) for e in check_fields([], {"pin": "1234"})] == [
        ("fields.pin", "unknown")
    ]


def test_english_heuristic():
    assert english_ratio("Hello world") == 1.0
    assert english_ratio("你好 world") == pytest.approx(5 / 7)
    assert english_ratio("") == 0.0
    assert is_english(ENGLISH, 30)
    assert not is_english(ENGLISH, 100)
    assert not is_english("订单 order 没有 received 发货 问题 已经 很久", 1)


def test_english_minimum_is_a_parameter():
    assert (
        check_fields(
            ["english_explanation"],
            {"english_explanation": "Five words are here now"},
            english_min_words=5,
        )
        == []
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"iban": "DE89370400440532013000"}, []),
        ({"cn_bank_card": "4111111111111111"}, []),
        ({"routing_number": "111000025", "account_number": "12345678"}, []),
        ({"routing_number": "111000025"}, [("fields.account_number", "required")]),
        ({"account_number": "12345678"}, [("fields.routing_number", "required")]),
        ({}, [("fields.bank_details", "required")]),
        ({"iban": "DE89370400440532013001"}, [("fields.iban", "invalid")]),
    ],
)
def test_bank_details_group(fields, expected):
    errors = check_fields(["bank_details"], normalise_fields(fields))
    assert [(e.field, e.code) for e in errors] == expected


def test_screenshot_needs_an_image():
    assert check_fields(["screenshot"], {}, [AttachmentInfo("image/png")]) == []
    assert check_fields(["screenshot"], {}, [AttachmentInfo("image/webp")]) == []
    errors = check_fields(["screenshot"], {}, [AttachmentInfo("application/pdf")])
    assert [(e.field, e.code) for e in errors] == [("attachments.screenshot", "required")]


def test_identity_documents_need_each_slot():
    all_three = [
        AttachmentInfo("image/jpeg", "id_front"),
        AttachmentInfo("image/jpeg", "id_back"),
        AttachmentInfo("application/pdf", "business_licence"),
    ]
    assert check_fields(["id_documents"], {}, all_three) == []
    errors = check_fields(["id_documents"], {}, all_three[:1])
    assert [(e.field, e.code) for e in errors] == [
        ("attachments.id_back", "required"),
        ("attachments.business_licence", "required"),
    ]


def test_mask_shows_only_the_last_four():
    assert mask("DE89370400440532013000") == "•" * 18 + "3000"
    assert mask("1234") == "••••"
    assert mask("12345").endswith("2345") and "1" not in mask("12345")


DEFAULTS = {
    "account-deactivation": ["english_explanation"],
    "policy-violation": ["english_explanation"],
    "identity-verification": ["id_documents"],
    "fba-inventory": [],
    "fba-shipment": ["shipment_id"],
    "order-fulfilment": ["order_id"],
    "listing-problem": ["asin"],
    "payments": ["bank_details"],
    "advertising": [],
    "premium-consultation": [],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "required"), DEFAULTS.items())
def test_default_checklists(code, required):
    assert CaseType.objects.get(code=code).required_fields == required


def test_case_types_api_lists_groups(seller_owner):
    from .conftest import Api

    types = {t["code"]: t for t in Api(seller_owner).get("/case-types").json()}
    payments = types["payments"]["checklist"]
    assert payments[0]["field"] == "bank_details" and payments[0]["required"]
    assert payments[0]["pattern"] == ""
    iban = next(i for i in payments if i["field"] == "iban")
    assert not iban["required"] and iban["pattern"]
    assert types["identity-verification"]["checklist"][0]["field"] == "id_documents"
