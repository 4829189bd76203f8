"""JSON API for seller organisations and the caller's own account. Thin: parse, call one
service or selector, serialise. Reading a seller (``GET /sellers/{seller_code}``) is in
``health/api.py``: its answer carries the restrictions in force, which account health owns."""

from __future__ import annotations

from ninja import Router, Status

from sellerdesk.lib.problems import error_responses

from . import selectors, services
from .schemas import MeOut, SellerIn, SellerOut, me_out, seller_out

router = Router(tags=["accounts"])


@router.post(
    "/sellers",
    response={201: SellerOut, **error_responses(400, 403, 409, 413, 422)},
    summary="Onboard a seller organisation",
    description="Operators only. Creates the seller with its sites and support tier. "
    "409 when a seller with the same code exists; 403 for anyone who is not an operator.",
)
def seller_create(request, payload: SellerIn):
    seller = services.seller_create(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        home_country=payload.home_country,
        sites=payload.sites,
        tier=payload.tier,
    )
    return Status(201, seller_out(seller))


@router.get(
    "/me",
    response={200: MeOut, **error_responses()},
    summary="The signed-in user",
    description="Any signed-in user: who the token or session belongs to, with their seller "
    "and team memberships.",
)
def me(request):
    user = request.auth
    return me_out(user, *selectors.memberships_for(user))
