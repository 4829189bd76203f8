import re

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case

FORM = "/help/support/order-fulfilment"


def _valid(**overrides):
    data = {
        "seller": "A1SELLER",
        "site": "US",
        "language": "zh-hans",
        "subject": "买家未收到货",
        "description": "物流显示已签收，但买家说没有收到。",
        "fields.order_id": "113-1234567-1234567",
        "idempotency_key": "k-1",
    }
    data.update(overrides)
    return data


def test_home_offers_get_support_and_recent_cases(as_user, seller_owner, make_case):
    case = make_case(subject="最近的案例")
    html = as_user(seller_owner).get("/").content.decode()
    assert "帮助" in html and "获取支持" in html
    assert "最近的案例" in html and f"/cases/{case.number}" in html


def test_choose_type_lists_active_types_with_team(as_user, seller_owner):
    html = as_user(seller_owner).get("/help/support").content.decode()
    assert "订单配送" in html and "卖家支持" in html  # zh name of type and owning team
    assert FORM in html
    html_en = as_user(seller_owner)
    seller_owner.language = "en"
    seller_owner.save()
    assert "Order fulfilment" in html_en.get("/help/support").content.decode()


def test_form_shows_the_types_required_fields_and_only_the_sellers_sites(as_user, seller_owner):
    response = as_user(seller_owner).get(FORM)
    html = response.content.decode()
    assert 'name="fields.order_id"' in html
    assert "订单编号" in html and "123-1234567-1234567" in html
    sites = re.findall(r'<option value="([A-Z]{2})"', html)
    assert sorted(sites) == ["JP", "US"]  # seller_a sells on US and JP only
    assert '<option value="zh-hans" selected>' in html  # defaults to the user's language


def test_seller_opens_a_case_routed_to_the_owning_team(as_user, seller_owner):
    client = as_user(seller_owner)
    response = client.post(FORM, _valid())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.number}"
    assert case.team.code == "seller-support"
    assert case.fields == {"order_id": "113-1234567-1234567"}
    assert case.created_by == seller_owner
    assert AuditEvent.objects.filter(case=case, action="case.created").exists()
    page = client.get(response["Location"]).content.decode()
    assert "买家未收到货" in page and "待处理" in page
    assert "预计首次回复时间" in page  # first_response_due_at while unanswered


def test_double_submit_opens_one_case(as_user, seller_owner):
    client = as_user(seller_owner)
    first = client.post(FORM, _valid())
    second = client.post(FORM, _valid())
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_errors_are_shown_next_to_their_fields_and_nothing_is_written(as_user, seller_owner):
    response = as_user(seller_owner).post(FORM, _valid(subject="", **{"fields.order_id": "12345"}))
    assert response.status_code == 422
    assert Case.objects.count() == 0
    assert AuditEvent.objects.filter(action="case.created").count() == 0
    html = response.content.decode()
    # The order-id error sits right under the order-id input, and says what is expected.
    block = re.search(r'id="id_fields_order_id".*?</div>', html, re.S).group(0)
    assert 'class="field-error" id="id_fields_order_id-error"' in block
    assert "订单编号格式不正确" in block
    assert 'id="id_subject-error"' in html
    # The summary lists everything that is missing at once.
    summary = re.search(r'class="error-summary".*?</div>', html, re.S).group(0)
    assert "请填写主题" in summary and "订单编号" in summary
    # What the seller typed is kept.
    assert "物流显示已签收" in html


def test_missing_order_id_is_required(as_user, seller_owner):
    response = as_user(seller_owner).post(FORM, _valid(**{"fields.order_id": ""}))
    assert response.status_code == 422
    assert "请填写订单编号" in response.content.decode()
    assert not Case.objects.exists()


def test_site_the_seller_does_not_sell_on_is_refused(as_user, seller_owner):
    response = as_user(seller_owner).post(FORM, _valid(site="DE"))
    assert response.status_code == 422
    assert 'id="id_site-error"' in response.content.decode()
    assert not Case.objects.exists()


def test_agents_do_not_use_the_new_case_form(as_user, agent_ss):
    client = as_user(agent_ss)
    assert client.get(FORM).status_code == 403
    assert client.post(FORM, _valid()).status_code == 403
    assert client.get("/help/support").status_code == 403


def test_seller_cannot_see_another_sellers_case(as_user, seller2_owner, make_case):
    case = make_case()
    client = as_user(seller2_owner)
    assert client.get(f"/cases/{case.number}").status_code == 404
    assert client.post(f"/cases/{case.number}/reply", {"body": "hi"}).status_code == 404
    assert str(case.number) not in client.get("/cases").content.decode()


def test_seller_cannot_open_the_console(as_user, seller_owner, make_case):
    case = make_case()
    client = as_user(seller_owner)
    assert client.get("/console/").status_code == 403
    assert client.get(f"/console/cases/{case.number}").status_code == 403
    response = client.post(f"/console/cases/{case.number}/message", {"body": "x"})
    assert response.status_code == 403


def test_internal_notes_never_reach_the_sellers_page(as_user, seller_owner, agent_ss, make_case):
    case = make_case()
    cases.case_message_add(actor=agent_ss, case=case, body="SECRET-NOTE 内部", internal=True)
    cases.case_message_add(actor=agent_ss, case=case, body="Public answer")
    html = as_user(seller_owner).get(f"/cases/{case.number}").content.decode()
    assert "Public answer" in html
    assert "SECRET-NOTE" not in html


def test_seller_reply_with_and_without_htmx(as_user, seller_owner, make_case):
    case = make_case()
    client = as_user(seller_owner)
    plain = client.post(f"/cases/{case.number}/reply", {"body": "第一条补充"})
    assert plain.status_code == 302
    swapped = client.post(
        f"/cases/{case.number}/reply", {"body": "第二条补充"}, HTTP_HX_REQUEST="true"
    )
    assert swapped.status_code == 200
    html = swapped.content.decode()
    assert html.lstrip().startswith('<div id="case-body"')
    assert "第一条补充" in html and "第二条补充" in html
    assert AuditEvent.objects.filter(case=case, action="case.reply_added").count() == 2


def test_empty_reply_shows_the_error_in_place(as_user, seller_owner, make_case):
    case = make_case()
    client = as_user(seller_owner)
    response = client.post(f"/cases/{case.number}/reply", {"body": "  "})
    assert response.status_code == 422
    assert 'id="reply-body-error"' in response.content.decode()
    swapped = client.post(f"/cases/{case.number}/reply", {"body": ""}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200
    assert 'id="reply-body-error"' in swapped.content.decode()


def test_resolved_case_can_be_reopened(as_user, seller_owner, agent_ss, make_case):
    case = make_case()
    cases.case_resolve(actor=agent_ss, case=case, body="Done")
    client = as_user(seller_owner)
    page = client.get(f"/cases/{case.number}").content.decode()
    assert "重新打开案例" in page and "reply-body" not in page
    response = client.post(f"/cases/{case.number}/reopen", {"reason": "还没收到"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "open"
    assert AuditEvent.objects.filter(case=case, action="case.reopened").exists()


def test_reopening_an_open_case_is_a_message_not_an_error_page(as_user, seller_owner, make_case):
    case = make_case()
    response = as_user(seller_owner).post(f"/cases/{case.number}/reopen", follow=True)
    assert response.status_code == 200
    assert "操作未能完成" in response.content.decode()


def test_my_cases_filters_by_status(as_user, seller_owner, agent_ss, make_case):
    open_case = make_case(subject="OPEN-ONE")
    done = make_case(subject="DONE-ONE")
    cases.case_resolve(actor=agent_ss, case=done)
    client = as_user(seller_owner)
    everything = client.get("/cases").content.decode()
    assert "OPEN-ONE" in everything and "DONE-ONE" in everything
    active = client.get("/cases?status=active").content.decode()
    assert "OPEN-ONE" in active and "DONE-ONE" not in active
    resolved = client.get("/cases?status=resolved").content.decode()
    assert "DONE-ONE" in resolved and "OPEN-ONE" not in resolved
    assert open_case.number


def test_times_are_shown_in_the_viewers_time_zone(as_user, seller_owner, make_case):
    case = make_case()
    html = as_user(seller_owner).get(f"/cases/{case.number}").content.decode()
    # seller_owner lives in Asia/Shanghai (+08:00).
    assert "+08:00" in html
    assert "Asia/Shanghai" in html


def test_staff_opening_a_portal_case_url_land_in_the_console(as_user, agent_ss, make_case):
    case = make_case()
    response = as_user(agent_ss).get(f"/cases/{case.number}")
    assert response.status_code == 302
    assert response["Location"] == f"/console/cases/{case.number}"
    assert as_user(agent_ss).get("/").status_code == 302


def test_member_of_two_sellers_picks_the_seller(as_user, seller_owner, seller_b):
    from sellerdesk.accounts import services as accounts

    accounts.seller_member_add(actor=None, seller=seller_b, user=seller_owner, role="operations")
    client = as_user(seller_owner)
    html = client.get(FORM).content.decode()
    assert '<select name="seller"' in html and "B2SELLER" in html
    response = client.post(FORM, _valid(seller="B2SELLER", site="DE"))
    assert response.status_code == 302
    assert Case.objects.get().seller == seller_b


def test_a_seller_code_that_is_not_mine_is_refused(as_user, seller_owner, seller_b):
    response = as_user(seller_owner).post(FORM, _valid(seller="B2SELLER"))
    assert response.status_code == 422
    assert 'id="id_seller-error"' not in response.content.decode()  # no select to show it on
    assert "error-summary" in response.content.decode()
    assert not Case.objects.exists()


def test_evidence_is_checked_live_as_the_seller_leaves_the_input(as_user, seller_owner):
    client = as_user(seller_owner)
    check = f"{FORM}/check"
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER_NAME": "fields.order_id"}
    bad = client.post(check, {"fields.order_id": "123"}, **headers)
    assert bad.status_code == 200
    assert "订单编号格式不正确" in bad.content.decode()
    good = client.post(check, {"fields.order_id": "113-1234567-1234567"}, **headers)
    assert "格式正确" in good.content.decode()
    assert "field-error" not in good.content.decode()
    assert "请填写订单编号" in client.post(check, {}, **headers).content.decode()
    # Only what the type asks for, and nothing is written.
    other = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER_NAME": "fields.asin"}
    assert client.post(check, {"fields.asin": "B000000000"}, **other).status_code == 404
    assert not Case.objects.exists()
