import pytest
from django.urls import reverse

from sellerdesk.accounts.models import ApiToken
from sellerdesk.audit.models import AuditEvent
from tests.conftest import PASSWORD

ROUTES_NEEDING_LOGIN = [
    "/",
    "/help",
    "/help/support",
    "/help/support/order-fulfilment",
    "/cases",
    "/cases/10000001",
    "/console/",
    "/console/cases/10000001",
    "/preferences",
    "/tokens",
]


@pytest.mark.parametrize("url", ROUTES_NEEDING_LOGIN)
def test_every_page_requires_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


def test_sign_in_with_email_and_password(client, seller_owner):
    page = client.get("/login")
    assert page.status_code == 200
    assert b'name="username"' in page.content
    response = client.post("/login", {"username": "owner@a.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get("/")
    # The saved language (zh-hans) wins over the browser's.
    assert "获取支持" in home.content.decode()


def test_wrong_password_is_refused(client, seller_owner):
    response = client.post("/login", {"username": "owner@a.example", "password": "nope"})
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(as_user, seller_owner):
    client = as_user(seller_owner)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_anonymous_language_switch_uses_set_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login"})
    assert response.status_code == 302
    assert "登录" in client.get("/login").content.decode()


def test_header_language_switch_persists_to_the_user(as_user, seller_owner):
    client = as_user(seller_owner)
    response = client.post("/preferences/language", {"language": "en", "next": "/cases"})
    assert response.status_code == 302
    assert response["Location"] == "/cases"
    seller_owner.refresh_from_db()
    assert seller_owner.language == "en"
    assert AuditEvent.objects.filter(action="user.preferences_changed").count() == 1
    assert "My cases" in client.get("/cases").content.decode()


def test_language_switch_ignores_an_offsite_next(as_user, seller_owner):
    response = as_user(seller_owner).post(
        "/preferences/language", {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_preferences_save_language_and_time_zone(as_user, agent_ss):
    client = as_user(agent_ss)
    page = client.get("/preferences")
    assert page.status_code == 200
    response = client.post(
        "/preferences", {"language": "zh-hans", "time_zone": "Europe/Berlin"}, follow=True
    )
    agent_ss.refresh_from_db()
    assert (agent_ss.language, agent_ss.time_zone) == ("zh-hans", "Europe/Berlin")
    assert "您的设置已保存" in response.content.decode()


def _time_zone_select(html: str):
    import re

    start = html.index('<select name="time_zone"')
    select = html[start : html.index("</select>", start)]
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    return [
        (label, re.findall(r'<option value="([^"]+)"( selected)?>', body)) for label, body in groups
    ]


def test_time_zone_picker_offers_common_zones_first_then_regions(as_user, agent_ss):
    groups = _time_zone_select(as_user(agent_ss).get("/preferences").content.decode())
    common_label, common = groups[0]
    assert common_label == "Common time zones"
    assert [value for value, _ in common] == [
        "Asia/Shanghai",
        "America/Los_Angeles",
        "America/New_York",
        "Europe/Berlin",
        "Europe/London",
        "Asia/Tokyo",
        "UTC",
    ]
    regions = dict(groups[1:])
    assert "Americas" in regions and "Europe" in regions and "Asia" in regions
    assert "America/Argentina/Buenos_Aires" in [v for v, _ in regions["Americas"]]
    offered = [value for _, options in groups for value, _ in options]
    assert "US/Pacific" not in offered and "PRC" not in offered  # aliases are not offered
    selected = [value for _, options in groups for value, chosen in options if chosen]
    assert selected == ["UTC"]  # marked once, although UTC may appear twice


def test_time_zone_picker_keeps_a_saved_alias_and_any_zone_saves(as_user, agent_ss):
    agent_ss.time_zone = "US/Pacific"
    agent_ss.save(update_fields=["time_zone"])
    client = as_user(agent_ss)
    groups = _time_zone_select(client.get("/preferences").content.decode())
    assert groups[-1][1] == [("US/Pacific", " selected")]
    client.post("/preferences", {"language": "en", "time_zone": "Pacific/Chatham"})
    agent_ss.refresh_from_db()
    assert agent_ss.time_zone == "Pacific/Chatham"
    groups = _time_zone_select(client.get("/preferences").content.decode())
    assert ("Pacific/Chatham", " selected") in dict(groups)["Pacific"]


def test_preferences_reject_an_unknown_time_zone(as_user, agent_ss):
    response = as_user(agent_ss).post(
        "/preferences", {"language": "en", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 422
    assert b'id="id_time_zone-error"' in response.content
    agent_ss.refresh_from_db()
    assert agent_ss.time_zone == "UTC"


def test_token_is_shown_once_and_can_be_revoked(as_user, seller_owner):
    client = as_user(seller_owner)
    posted = client.post("/tokens", {"name": "ERP"})
    assert posted.status_code == 302 and posted["Location"] == reverse("token-created")
    created = client.get(posted["Location"])
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    token = ApiToken.objects.get(user=seller_owner)
    raw = created.context["raw"]
    assert raw.startswith(token.prefix)
    assert raw in created.content.decode()
    assert raw not in str(client.session.items())  # the session forgot it once shown

    # Reloading the page creates nothing and shows the secret no more.
    reloaded = client.get(reverse("token-created"), follow=True)
    assert raw not in reloaded.content.decode()
    assert ApiToken.objects.filter(user=seller_owner).count() == 1

    listing = client.get("/tokens").content.decode()
    assert token.prefix in listing and "ERP" in listing
    assert raw not in listing  # never shown again

    response = client.post(f"/tokens/{token.pk}/revoke")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1
    assert "已撤销" in client.get("/tokens").content.decode()


def test_cannot_revoke_someone_elses_token(as_user, seller_owner, agent_ss):
    as_user(agent_ss).post("/tokens", {"name": "agent"})
    token = ApiToken.objects.get(user=agent_ss)
    response = as_user(seller_owner).post(f"/tokens/{token.pk}/revoke")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
