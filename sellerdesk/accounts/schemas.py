"""Shapes of the accounts resources in the JSON API."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from sellerdesk.lib.api_types import InputSchema, Text

from .models import Seller, SellerMembership, TeamMembership, User


class SellerIn(InputSchema):
    code: Text = Field(description="4–32 letters A–Z or digits; stored upper-case.", max_length=32)
    name: Text = Field(max_length=200)
    home_country: Text = Field(description="ISO 3166-1 alpha-2 code.", max_length=2)
    sites: list[Text] = Field(description="Marketplace site codes, e.g. `US`, `JP`.", max_length=50)
    tier: Text = Field(Seller.Tier.STANDARD, description="`standard` or `premium`.", max_length=16)


class RestrictionOut(Schema):
    kind: str = Field(description="What is restricted, e.g. `mfn_offers_suspended`.")
    since: str
    reason: str = Field(description="The reason code of the cause that imposes it.")
    marketplace: str = Field("", description="Site code, or empty for the whole account.")


class SellerOut(Schema):
    code: str
    name: str
    home_country: str
    sites: list[str]
    tier: str = Field(description="`standard` or `premium`.")
    status: str = Field(
        description="`normal`, `at_risk`, `under_review`, `restricted` or `deactivated`."
    )
    restrictions: list[RestrictionOut] = Field(
        description="Restrictions in force from active account-health causes (see "
        "`GET /sellers/{seller_code}/status`), one entry per restriction."
    )


class MembershipOut(Schema):
    code: str
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    kind: str = Field(description="`seller`, `agent` or `operator`.")
    language: str
    time_zone: str
    sellers: list[MembershipOut] = Field(description="Seller organisations and the user's role.")
    teams: list[MembershipOut] = Field(description="Support teams and the user's role.")


def seller_out(seller: Seller, restrictions: list[dict] | None = None) -> dict:
    return {
        "code": seller.code,
        "name": seller.name,
        "home_country": seller.home_country,
        "sites": sorted(site.code for site in seller.sites.all()),
        "tier": seller.tier,
        "status": seller.status,
        "restrictions": restrictions or [],
    }


def me_out(user: User, sellers: list[SellerMembership], teams: list[TeamMembership]) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "kind": user.kind,
        "language": user.language,
        "time_zone": user.time_zone,
        "sellers": [{"code": m.seller.code, "role": m.role} for m in sellers],
        "teams": [{"code": m.team.code, "role": m.role} for m in teams],
    }
