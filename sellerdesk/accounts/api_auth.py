"""How the JSON API knows who is calling: a bearer token, or the browser's session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import User
from .selectors import user_for_token


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``sellerdesk token create`` or the UI."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not token:
            return None
        return user_for_token(token)


class SignedInSession(APIKeyCookie):
    """The Django session of a signed-in user, so the interactive docs work in the browser.

    ninja's own ``SessionAuth`` checks CSRF before it knows whether anyone is signed in, which
    turns an anonymous POST into a 403; an anonymous caller must get 401 like everywhere else.
    """

    openapi_description = "The browser session of a signed-in user (unsafe methods need CSRF)."

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return None  # unused: __call__ reads the user the session middleware already loaded


API_AUTH = [BearerToken(), SignedInSession()]
