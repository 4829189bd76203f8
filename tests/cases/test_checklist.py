import pytest

from sellerdesk.cases.checklist import check_fields, normalise_fields


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("order_id", "113-1234567-1234567"),
        ("asin", "B07XJ8C8F5"),
        ("asin", "b07xj8c8f5"),  # normalised to upper case
        ("asin", "0306406152"),  # an ISBN-10
        ("shipment_id", "FBA15DJ8K2LM"),
    ],
)
def test_valid_values(code, value):
    assert check_fields([code], normalise_fields({code: value})) == []


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("order_id", "1131234567-1234567"),
        ("order_id", "113-123456-1234567"),
        ("order_id", "abc-1234567-1234567"),
        ("asin", "B07XJ8C8F"),
        ("asin", "A07XJ8C8F5"),
        ("shipment_id", "XYZ123"),
    ],
)
def test_invalid_values(code, value):
    errors = check_fields([], normalise_fields({code: value}))
    assert [(e.field, e.code) for e in errors] == [(f"fields.{code}", "invalid")]


def test_every_missing_item_is_listed_once():
    errors = check_fields(["order_id", "asin"], normalise_fields({"order_id": "  "}))
    assert [(e.field, e.code) for e in errors] == [
        ("fields.order_id", "required"),
        ("fields.asin", "required"),
    ]


def test_unknown_field():
    errors = check_fields([], normalise_fields({"colour": "red"}))
    assert [(e.field, e.code) for e in errors] == [("fields.colour", "unknown")]
