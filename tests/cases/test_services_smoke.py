from sellerdesk.cases import services


def test_journey(make_case, agent_ss, seller_owner):
    case = make_case()
    assert case.team.code == "seller-support"
    assert case.status == "new"
    services.case_assign(actor=agent_ss, case=case, assignee=agent_ss)
    services.case_message_add(actor=agent_ss, case=case, body="need info", request_info=True)
    case.refresh_from_db()
    assert case.status == "awaiting_seller"
    assert case.first_response_at is not None
    services.case_message_add(actor=seller_owner, case=case, body="here")
    case.refresh_from_db()
    assert case.status == "open"
    services.case_resolve(actor=agent_ss, case=case, body="done")
    case.refresh_from_db()
    assert case.status == "resolved"
    assert case.events.count() == 5
