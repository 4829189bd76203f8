"""The seller's form: checklist inputs and live checks, the identifier hint, uploads, the
duplicate notice with "add my text", and the restriction notice."""

from datetime import UTC, datetime, timedelta

from sellerdesk.attachments.models import Attachment
from sellerdesk.cases.models import Case, SupportRestriction

from .conftest import PDF, PNG, stored_files

ENGLISH = (
    "Our account was deactivated after a spike in late shipments during October. We changed "
    "carriers, added a second warehouse shift, and now confirm every order within one "
    "business day so that this cannot happen again in the coming peak season at all."
)


def _form(**extra):
    data = {
        "seller": "A1SELLER",
        "site": "US",
        "language": "zh-hans",
        "subject": "买家说没收到货",
        "description": "订单显示已发货但买家未收到。",
        "idempotency_key": "k-" + str(len(extra)) + str(sorted(extra)),
    }
    data.update(extra)
    return data


def test_payments_form_shows_the_bank_inputs_and_checks_them(client, seller_owner):
    client.force_login(seller_owner)
    page = client.get("/help/support/payments").content.decode()
    for code in ("iban", "routing_number", "account_number", "cn_bank_card"):
        assert f'name="fields.{code}"' in page
    check = "/help/support/payments/check"
    bad = client.post(
        check,
        {"fields.iban": "DE89370400440532013001"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="fields.iban",
    )
    assert "field-error" in bad.content.decode() or "error" in bad.content.decode()
    good = client.post(
        check,
        {"fields.iban": "DE89 3704 0044 0532 0130 00"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="fields.iban",
    )
    assert "field-ok" in good.content.decode()


def test_missing_bank_details_stop_the_submission(client, seller_owner):
    client.force_login(seller_owner)
    response = client.post("/help/support/payments", _form())
    assert response.status_code == 422
    assert not Case.objects.exists()
    response = client.post(
        "/help/support/payments", _form(**{"fields.iban": "DE89370400440532013000"})
    )
    assert response.status_code == 302
    assert Case.objects.get().fields["iban"].endswith("3000")


def test_english_explanation_is_a_textarea_and_required(client, seller_owner):
    client.force_login(seller_owner)
    url = "/help/support/account-deactivation"
    assert 'textarea name="fields.english_explanation"' in client.get(url).content.decode()
    assert client.post(url, _form()).status_code == 422
    response = client.post(url, _form(**{"fields.english_explanation": ENGLISH}))
    assert response.status_code == 302


def test_identifier_hint(client, seller_owner):
    client.force_login(seller_owner)
    response = client.post(
        "/help/support/order-fulfilment/extract",
        {"subject": "没收到货", "description": "订单 113-1234567-1234567 显示已签收"},
    )
    text = response.content.decode()
    assert "113-1234567-1234567" in text and 'data-fill="id_fields_order_id"' in text
    filled = client.post(
        "/help/support/order-fulfilment/extract",
        {"description": "订单 113-1234567-1234567", "fields.order_id": "113-1234567-1234567"},
    )
    assert "data-fill" not in filled.content.decode()


def test_upload_in_the_form(client, seller_owner, attachments_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(seller_owner)
    data = _form(**{"fields.order_id": "113-1234567-1234567"})
    data["files"] = [SimpleUploadedFile("shot.png", PNG), SimpleUploadedFile("inv.pdf", PDF)]
    response = client.post("/help/support/order-fulfilment", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert sorted(a.content_type for a in case.attachments.all()) == [
        "application/pdf",
        "image/png",
    ]
    page = client.get(f"/cases/{case.number}")
    assert page.status_code == 200


def test_refused_file_in_the_form_stores_nothing(client, seller_owner, attachments_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(seller_owner)
    data = _form(**{"fields.order_id": "113-1234567-1234567"})
    data["files"] = [SimpleUploadedFile("x.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>")]
    response = client.post("/help/support/order-fulfilment", data)
    assert response.status_code == 422
    assert "x.png" in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert stored_files(attachments_dir) == []


def test_duplicate_shows_the_open_case_and_adds_the_text(client, seller_owner, make_case):
    first = make_case()
    client.force_login(seller_owner)
    response = client.post(
        "/help/support/order-fulfilment",
        _form(
            subject="又一次没收到",
            description="还是那个订单没收到",
            **{"fields.order_id": "113-1234567-1234567"},
        ),
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert f"#{first.number}" in page
    assert f'action="/cases/{first.number}/reply"' in page
    assert Case.objects.count() == 1
    client.post(f"/cases/{first.number}/reply", {"body": "又一次没收到\n\n还是那个订单没收到"})
    assert first.messages.filter(body__contains="还是那个订单没收到").exists()


def test_restriction_notice_on_home_help_and_form(client, seller_owner, seller_a):
    # Noon UTC: the same date in the seller's zone (Asia/Shanghai) as in UTC.
    ends = (datetime.now(UTC) + timedelta(days=10)).replace(hour=12, minute=0)
    SupportRestriction.objects.create(
        seller=seller_a, rule="r", counted=5, starts_at=ends - timedelta(days=30), ends_at=ends
    )
    client.force_login(seller_owner)
    for url in ("/", "/help", "/help/support/order-fulfilment"):
        page = client.get(url).content.decode()
        assert 'id="restriction-notice"' in page, url
        assert ends.strftime("%Y-%m-%d") in page


def test_no_notice_without_restriction(client, seller_owner):
    client.force_login(seller_owner)
    assert 'id="restriction-notice"' not in client.get("/help").content.decode()


def test_case_page_lists_files_with_preview(client, seller_owner, attachments_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(seller_owner)
    data = _form(**{"fields.order_id": "113-1234567-1234567"})
    data["files"] = [SimpleUploadedFile("shot.png", PNG)]
    client.post("/help/support/order-fulfilment", data)
    case = Case.objects.get()
    attachment = case.attachments.get()
    page = client.get(f"/cases/{case.number}").content.decode()
    assert f'<img src="/attachments/{attachment.pk}"' in page
