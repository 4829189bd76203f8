"""Writers for accounts: users, seller organisations, memberships, API tokens."""

from __future__ import annotations

import re
import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sellerdesk.audit.services import audit_record
from sellerdesk.lib import languages
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.sites.models import Site

from .models import ApiToken, Seller, SellerMembership, Team, TeamMembership, User
from .tokens import token_digest, token_display_prefix, token_generate

SELLER_CODE_RE = re.compile(r"^[A-Z0-9]{4,32}$")
LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


def normalise_language(value: str | None) -> str:
    """The product's code for a BCP 47 tag (``zh-CN`` → ``zh-hans``); a tag naming no language
    of the product stays as sent, for ``_check_preferences`` to refuse naming it."""
    return languages.normalise_language(value) or (value or "").strip()


def _check_preferences(language: str, time_zone: str) -> list[FieldError]:
    errors = []
    if language not in LANGUAGE_CODES:
        errors.append(FieldError("language", "invalid", languages.language_error_message(language)))
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors.append(FieldError("time_zone", "invalid", f"unknown time zone {time_zone!r}"))
    return errors


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    password: str | None,
    kind: str,
    full_name: str = "",
    language: str = "en",
    time_zone: str = "UTC",
    languages_spoken: list[str] | None = None,
) -> User:
    language = normalise_language(language)
    errors = _check_preferences(language, time_zone)
    if kind not in User.Kind.values:
        errors.append(FieldError("kind", "invalid", f"kind must be one of {User.Kind.values}"))
    if errors:
        raise ValidationFailed("The user could not be created.", errors)
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(f"A user with email {email} already exists.")
    user = User.objects.create_user(
        email,
        password,
        kind=kind,
        full_name=full_name,
        language=language,
        time_zone=time_zone,
        languages_spoken=languages_spoken or [language],
        is_staff=kind == User.Kind.OPERATOR,
        is_superuser=kind == User.Kind.OPERATOR,
    )
    audit_record(
        actor=actor,
        action="user.created",
        obj=user,
        after={"email": user.email, "kind": kind},
        rule=None if actor else "setup",
    )
    return user


@transaction.atomic
def user_preferences_update(
    *, actor: User, user: User, language: str | None = None, time_zone: str | None = None
) -> User:
    language = normalise_language(language) if language is not None else user.language
    time_zone = time_zone if time_zone is not None else user.time_zone
    errors = _check_preferences(language, time_zone)
    if errors:
        raise ValidationFailed("The preferences could not be saved.", errors)
    before = {"language": user.language, "time_zone": user.time_zone}
    after = {"language": language, "time_zone": time_zone}
    if before == after:
        return user
    user.language, user.time_zone = language, time_zone
    user.save(update_fields=["language", "time_zone"])
    audit_record(
        actor=actor, action="user.preferences_changed", obj=user, before=before, after=after
    )
    return user


@transaction.atomic
def seller_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    home_country: str,
    sites: list[str],
    tier: str = Seller.Tier.STANDARD,
) -> Seller:
    if actor is not None and not actor.is_operator:
        raise Forbidden("Only operators can onboard sellers.")
    code = (code or "").strip().upper()
    errors = []
    if not SELLER_CODE_RE.match(code):
        errors.append(FieldError("code", "invalid", "code must be 4–32 letters A–Z or digits"))
    if not (name or "").strip():
        errors.append(FieldError("name", "required", "name must not be empty"))
    if not re.fullmatch(r"[A-Za-z]{2}", home_country or ""):
        errors.append(
            FieldError("home_country", "invalid", "home_country must be ISO 3166 alpha-2")
        )
    if tier not in Seller.Tier.values:
        errors.append(FieldError("tier", "invalid", f"tier must be one of {Seller.Tier.values}"))
    wanted = [s.strip().upper() for s in sites or []]
    site_rows = list(Site.objects.filter(code__in=wanted, active=True))
    unknown = sorted(set(wanted) - {s.code for s in site_rows})
    if not wanted:
        errors.append(FieldError("sites", "required", "at least one site is required"))
    for code_ in unknown:
        errors.append(FieldError("sites", "unknown", f"unknown site {code_}"))
    if errors:
        raise ValidationFailed("The seller could not be onboarded.", errors)
    if Seller.objects.filter(code=code).exists():
        raise Conflict(f"A seller with code {code} already exists.", extra={"code": code})
    try:
        with transaction.atomic():
            seller = Seller.objects.create(
                code=code, name=name.strip(), home_country=home_country.upper(), tier=tier
            )
    except IntegrityError as exc:  # a concurrent onboarding of the same code won
        raise Conflict(f"A seller with code {code} already exists.", extra={"code": code}) from exc
    seller.sites.set(site_rows)
    audit_record(
        actor=actor,
        action="seller.created",
        obj=seller,
        after={"code": code, "name": seller.name, "tier": tier, "sites": sorted(wanted)},
        rule=None if actor else "setup",
    )
    return seller


@transaction.atomic
def seller_member_add(
    *, actor: User | None, seller: Seller, user: User, role: str
) -> SellerMembership:
    if role not in SellerMembership.Role.values:
        raise ValidationFailed(
            "Unknown role.",
            [FieldError("role", "invalid", f"role must be one of {SellerMembership.Role.values}")],
        )
    membership, _ = SellerMembership.objects.update_or_create(
        seller=seller, user=user, defaults={"role": role}
    )
    audit_record(
        actor=actor,
        action="seller.member_added",
        obj=seller,
        after={"user": user.email, "role": role},
        rule=None if actor else "setup",
    )
    return membership


@transaction.atomic
def team_member_add(*, actor: User | None, team: Team, user: User, role: str) -> TeamMembership:
    if role not in TeamMembership.Role.values:
        raise ValidationFailed(
            "Unknown role.",
            [FieldError("role", "invalid", f"role must be one of {TeamMembership.Role.values}")],
        )
    membership, _ = TeamMembership.objects.update_or_create(
        team=team, user=user, defaults={"role": role}
    )
    audit_record(
        actor=actor,
        action="team.member_added",
        obj=team,
        after={"user": user.email, "role": role},
        rule=None if actor else "setup",
    )
    return membership


@transaction.atomic
def token_create(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw secret, which is never stored or shown again."""
    name = (name or "").strip() or "API token"
    raw = token_generate()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=token_display_prefix(raw), digest=token_digest(raw)
    )
    audit_record(
        actor=actor,
        action="token.created",
        obj=token,
        after={"user": user.email, "name": token.name, "prefix": token.prefix},
        rule=None if actor else "cli",
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    now = timezone.now()
    # Conditional update: two revokes at once leave one audit event.
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now) == 1:
        token.revoked_at = now
        audit_record(
            actor=actor,
            action="token.revoked",
            obj=token,
            before={"revoked_at": None},
            after={"revoked_at": now},
            rule=None if actor else "cli",
        )
    return token
