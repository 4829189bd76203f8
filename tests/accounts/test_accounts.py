import pytest
from django.contrib.auth import authenticate

from sellerdesk.accounts import selectors, services
from sellerdesk.accounts.models import ApiToken, Seller
from sellerdesk.accounts.tokens import token_digest
from sellerdesk.audit.models import AuditEvent
from sellerdesk.lib.errors import Conflict, ValidationFailed
from tests.conftest import PASSWORD


def test_seller_onboarding_validates_every_field(db):
    with pytest.raises(ValidationFailed) as err:
        services.seller_create(
            actor=None, code="a b", name=" ", home_country="CHN", sites=["US", "MARS"], tier="gold"
        )
    fields = sorted((e.field, e.code) for e in err.value.errors)
    assert fields == [
        ("code", "invalid"),
        ("home_country", "invalid"),
        ("name", "required"),
        ("sites", "unknown"),
        ("tier", "invalid"),
    ]
    assert not Seller.objects.exists()


def test_seller_code_is_unique(seller_a):
    with pytest.raises(Conflict):
        services.seller_create(
            actor=None, code="a1seller", name="x", home_country="CN", sites=["US"]
        )


def test_seller_onboarding_is_audited(operator):
    seller = services.seller_create(
        actor=operator, code="NEWSELLER1", name="新卖家", home_country="CN", sites=["jp"]
    )
    event = AuditEvent.objects.get(action="seller.created")
    assert event.actor == operator and event.object_id == str(seller.pk)
    assert event.after["sites"] == ["JP"]


def test_password_is_hashed_with_argon2_in_production(settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = services.user_create(
        actor=None, email="Someone@Example.com", password=PASSWORD, kind="seller"
    )
    assert user.password.startswith("argon2")
    assert user.email == "someone@example.com"
    assert authenticate(email="someone@example.com", password=PASSWORD) == user


def test_preferences_are_validated_and_audited(seller_owner):
    with pytest.raises(ValidationFailed) as err:
        services.user_preferences_update(
            actor=seller_owner, user=seller_owner, language="fr", time_zone="Mars/Olympus"
        )
    assert {e.field for e in err.value.errors} == {"language", "time_zone"}
    services.user_preferences_update(
        actor=seller_owner, user=seller_owner, language="en", time_zone="Europe/Berlin"
    )
    seller_owner.refresh_from_db()
    assert (seller_owner.language, seller_owner.time_zone) == ("en", "Europe/Berlin")
    event = AuditEvent.objects.get(action="user.preferences_changed")
    assert event.before == {"language": "zh-hans", "time_zone": "Asia/Shanghai"}


def test_token_is_stored_hashed_shown_once_and_revocable(seller_owner):
    token, raw = services.token_create(actor=seller_owner, user=seller_owner, name="erp")
    assert raw.startswith("sd_") and len(raw) > 40
    assert token.digest == token_digest(raw) and raw not in token.digest
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert selectors.user_for_token(raw) == seller_owner
    assert selectors.user_for_token(raw + "x") is None
    services.token_revoke(actor=seller_owner, token=token)
    services.token_revoke(actor=seller_owner, token=token)  # twice: one audit event
    assert selectors.user_for_token(raw) is None
    assert AuditEvent.objects.filter(action="token.revoked").count() == 1


def test_inactive_user_token_is_refused(seller_owner):
    _, raw = services.token_create(actor=None, user=seller_owner, name="t")
    seller_owner.is_active = False
    seller_owner.save()
    assert selectors.user_for_token(raw) is None
