"""Walk every web route: nobody gets in without signing in, and each role only where it may."""

import pytest
from django.urls import URLPattern, reverse

from sellerdesk.appeals import urls as appeal_urls
from sellerdesk.cases import urls as case_urls
from sellerdesk.web import urls as web_urls

PUBLIC = {"login"}
SAMPLE_KWARGS = {
    "number": 10000001,
    "token_id": 1,
    "type_code": "order-fulfilment",
    "attachment_id": 1,
    "cause_id": 1,
    "appeal_id": 1,
    "evidence_id": 1,
    "key": "plan-of-action",
}
SELLER_ONLY = {
    "help",
    "support-choose",
    "support-form",
    "support-check",
    "support-extract",
    "my-cases",
    "portal-case-reply",
    "portal-case-reopen",
    "portal-case-escalate",
    "appeals",
    "appeal-new",
    "appeal-new-check",
    "appeal",
    "appeal-revise",
    "appeal-check",
    "appeal-read",
}
STAFF_ONLY = {
    "console",
    "console-case",
    "console-message",
    "console-assign",
    "console-resolve",
    "console-reopen",
    "console-merge",
    "console-reveal",
    "console-move",
    "console-bulk",
    "console-appeals",
    "console-appeal",
    "console-appeal-accept",
    "console-appeal-reject",
    "console-appeal-request-info",
}


def _routes():
    for pattern in [*web_urls.urlpatterns, *case_urls.urlpatterns, *appeal_urls.urlpatterns]:
        assert isinstance(pattern, URLPattern)
        kwargs = {k: v for k, v in SAMPLE_KWARGS.items() if f"<{k}>" in str(pattern.pattern)}
        kwargs.update({k: v for k, v in SAMPLE_KWARGS.items() if f":{k}>" in str(pattern.pattern)})
        yield pattern.name, reverse(pattern.name, kwargs=kwargs)


ROUTES = list(_routes())


def test_every_route_is_classified():
    names = {name for name, _ in ROUTES}
    signed_in_any_role = names - PUBLIC - SELLER_ONLY - STAFF_ONLY
    assert signed_in_any_role == {
        "home",
        "logout",
        "preferences",
        "preferences-language",
        "tokens",
        "token-created",
        "token-revoke",
        "portal-case",  # sellers read it; staff are sent on to the console page
        "attachment",  # whoever may see its case; 404 for anyone else
        "appeal-evidence",  # the appeal's seller and its reviewers; 404 for anyone else
    }


@pytest.mark.parametrize(("name", "url"), [r for r in ROUTES if r[0] not in PUBLIC | {"logout"}])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(client, db, name, url, method):
    response = getattr(client, method)(url)
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("name", "url"), [r for r in ROUTES if r[0] in STAFF_ONLY])
def test_sellers_are_refused_staff_routes(as_user, seller_owner, name, url):
    client = as_user(seller_owner)
    assert client.get(url).status_code in (403, 405)
    assert client.post(url).status_code == 403


@pytest.mark.parametrize(("name", "url"), [r for r in ROUTES if r[0] in SELLER_ONLY])
def test_staff_are_refused_seller_routes(as_user, agent_ss, name, url):
    client = as_user(agent_ss)
    assert client.get(url).status_code in (403, 405)
    assert client.post(url).status_code == 403
