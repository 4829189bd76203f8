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


@never_cache
@signed_in
def token_list(request):
    if request.method == "POST":
        token, raw = services.token_create(
            actor=request.user, user=request.user, name=request.POST.get("name", "")
        )
        # Rendered, not redirected: the secret exists only in this response.
        return render(request, "web/tokens/created.html", {"token": token, "raw": raw})
    return render(request, "web/tokens/list.html", {"tokens": selectors.tokens_for(request.user)})


@require_POST
@signed_in
def token_revoke(request, token_id: int):
    token = selectors.token_get_for(request.user, token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, gettext("Token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("tokens")
