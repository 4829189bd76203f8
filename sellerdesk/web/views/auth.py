"""Sign in and out, and the signed-in person's own preferences (language, time zone)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from sellerdesk.accounts import services as accounts
from sellerdesk.lib import ratelimit
from sellerdesk.lib.errors import TooManyRequests, ValidationFailed
from sellerdesk.lib.views import form_errors, signed_in
from sellerdesk.web import timezones


def signin_limits(request, username: str) -> list[ratelimit.Limit]:
    """Failed sign-ins per account name from one address, and per address (docs/intake.md).
    Keyed on the address too, so nobody elsewhere can lock a known e-mail out; successful
    sign-ins are taken back, so a shift of agents behind one address never reaches it."""
    conf = settings.SELLERDESK
    window = conf["RATE_SIGNIN_WINDOW_SECONDS"]
    address = ratelimit.client_address(request)
    account = (username or "").strip().lower()
    return [
        ratelimit.Limit(
            "signin:failed:account", f"{account}\n{address}", conf["RATE_SIGNIN_PER_USER"], window
        ),
        ratelimit.Limit("signin:failed:address", address, conf["RATE_SIGNIN_PER_ADDRESS"], window),
    ]


class LoginView(auth_views.LoginView):
    template_name = "web/auth/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Each attempt is counted before the password is checked (so parallel guesses cannot
        # all slip past a full count) and taken back when it succeeds: only failures remain.
        self._limits = signin_limits(request, request.POST.get("username", ""))
        self._now = time.time()
        try:
            ratelimit.check(self._limits, "sign-in attempts", now=self._now)
        except TooManyRequests as exc:
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                gettext("Too many sign-in attempts. Try again in %(seconds)s seconds.")
                % {"seconds": exc.extra["retry_after"]},
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(exc.extra["retry_after"])
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        for limit in self._limits:
            ratelimit.unhit(limit, now=self._now)
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    pass


@signed_in
def preferences(request):
    user = request.user
    values = {"language": user.language, "time_zone": user.time_zone}
    errors: dict = {}
    status = 200
    if request.method == "POST":
        values = {
            "language": request.POST.get("language", ""),
            "time_zone": request.POST.get("time_zone", ""),
        }
        try:
            accounts.user_preferences_update(actor=user, user=user, **values)
        except ValidationFailed as exc:
            errors, _ = form_errors(exc)
            status = 422
        else:
            # Said in the language just chosen: that is what the next page is shown in.
            with translation.override(values["language"]):
                messages.success(request, gettext("Your preferences were saved."))
            response = redirect("preferences")
            _remember_language(response, values["language"])
            return response
    return render(
        request,
        "web/auth/preferences.html",
        {
            "values": values,
            "errors": errors,
            "time_zone_groups": timezones.picker_groups(selected=values["time_zone"]),
        },
        status=status,
    )


@require_POST
@signed_in
def language(request):
    """The header's language switch for a signed-in person: saved on the user (the middleware
    applies the saved language over the cookie), then Django's set_language sets the cookie and
    redirects back."""
    try:
        accounts.user_preferences_update(
            actor=request.user, user=request.user, language=request.POST.get("language", "")
        )
    except ValidationFailed:
        messages.error(request, gettext("That language is not available."))
    return set_language(request)


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
