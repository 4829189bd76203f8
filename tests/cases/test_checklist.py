import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# --- what a Chinese input method types ------------------------------------------------------


def _full_width(text: str) -> str:
    """ASCII as a Chinese input method in full-width mode types it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in text)


@pytest.mark.parametrize(
    ("code", "typed", "read"),
    [
        ("order_id", "１１２－１２３４５６７－１２３４５６７", "112-1234567-1234567"),
        ("order_id", "112—1234567—1234567", "112-1234567-1234567"),  # em dashes
        ("order_id", "112–1234567ー1234567", "112-1234567-1234567"),  # en dash, katakana ー
        ("order_id", " 112 - 1234567 - 1234567\u3000", "112-1234567-1234567"),  # stray spaces
        ("order_id", "112-1234567-\u200b1234567", "112-1234567-1234567"),  # zero width
        ("asin", "ｂ０７ｘｊ８ｃ８ｆ５", "B07XJ8C8F5"),
        ("shipment_id", "ＦＢＡ　１５ＤＪ８Ｋ２ＬＭ", "FBA15DJ8K2LM"),
        (
            "iban",
            "ＤＥ８９　３７０４　００４４　０５３２　０１３０　００",
            "DE89370400440532013000",
        ),
        ("cn_bank_card", "６２２２－０２１２－３４５６－７８９０－３", "6222021234567890" + "3"),
        ("cn_resident_id", "１１０１０１１９９００３０７７５１ｘ", "11010119900307751X"),
        ("campaign_id", "ｃａｍｐ－２０２６", "camp-2026"),
    ],
)
def test_full_width_and_stray_characters_are_folded_before_checking(code, typed, read):
    assert normalise_fields({code: typed}) == {code: read}


def test_a_full_width_order_id_passes_the_check():
    fields = normalise_fields({"order_id": "１１２－１２３４５６７－１２３４５６７"})
    assert check_fields(["order_id"], fields) == []


def test_the_english_explanation_keeps_its_spaces_and_loses_full_width_forms():
    typed = "\u3000Ｗｅ　ｓｈｉｐ　ｆａｓｔｅｒ．\nNew carrier, 2 warehouses. "
    assert normalise_fields({"english_explanation": typed}) == {
        "english_explanation": "We ship faster.\nNew carrier, 2 warehouses."
    }


def test_folding_does_not_make_a_wrong_value_right():
    errors = check_fields(
        [], normalise_fields({"order_id": "１１２－１２３４５６－１２３４５６７"})
    )
    assert [(e.field, e.code) for e in errors] == [("fields.order_id", "invalid")]


_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
_noise = st.sampled_from(["", " ", "\u3000", "\u200b", "\t"])


@given(
    order=st.tuples(
        st.text("0123456789", min_size=3, max_size=3),
        st.text("0123456789", min_size=7, max_size=7),
        st.text("0123456789", min_size=7, max_size=7),
    ),
    width=st.booleans(),
    dash=st.sampled_from(["-", "－", "—", "–", "‐", "−", "ー", "﹣"]),
    noise=st.lists(_noise, min_size=4, max_size=4),
)
def test_any_way_of_typing_an_order_id_reads_as_the_same_id(order, width, dash, noise):
    canonical = "-".join(order)
    parts = [_full_width(p) if width else p for p in order]
    typed = noise[0] + parts[0] + noise[1] + dash + parts[1] + dash + noise[2] + parts[2] + noise[3]
    assert normalise_fields({"order_id": typed}) == {"order_id": canonical}
    assert check_fields(["order_id"], normalise_fields({"order_id": typed})) == []


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(text):
    for code in ("order_id", "iban", "asin", "english_explanation", "campaign_id"):
        once = normalise_fields({code: text})
        assert normalise_fields(once) == once
