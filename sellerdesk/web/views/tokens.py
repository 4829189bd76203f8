"""API tokens of the signed-in person: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sellerdesk.accounts import services
from sellerdesk.lib.views import signed_in
from sellerdesk.web import selectors

_NEW_TOKEN_SESSION_KEY = "web.new_api_token"  # noqa: S105 (a session key, not a secret)


@never_cache
@signed_in
def token_list(request):
    if request.method == "POST":
        token, raw = services.token_create(
            actor=request.user, user=request.user, name=request.POST.get("name", "")
        )
        # Post/redirect/get: reloading the next page must not create another token. The
        # secret waits in the (server-side) session for the one page that shows it.
        request.session[_NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "raw": raw}
        return redirect("token-created")
    return render(request, "web/tokens/list.html", {"tokens": selectors.tokens_for(request.user)})


@never_cache
@signed_in
def token_created(request):
    """Shows the new token's secret once: the session forgets it as it is read."""
    new = request.session.pop(_NEW_TOKEN_SESSION_KEY, None)
    token = selectors.token_get_for(request.user, new["id"]) if new else None
    if token is None:
        messages.info(
            request,
            gettext(
                "A token's secret is shown only once, right after it is created. If you did "
                "not copy it, revoke the token and create a new one."
            ),
        )
        return redirect("tokens")
    return render(request, "web/tokens/created.html", {"token": token, "raw": new["raw"]})


@require_POST
@signed_in
def token_revoke(request, token_id: int):
    token = selectors.token_get_for(request.user, token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, gettext("Token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("tokens")
