"""Routes of the web UI's own pages: Home (it reads cases and health), sign-in and out,
preferences, API tokens. The domain apps own their pages (``sellerdesk/cases/urls.py``,
``health/urls.py``, ``knowledge/urls.py``, ``notifications/urls.py``). Every view states who
may use it (see ``sellerdesk/lib/views.py``): signed in, sellers only, or staff only."""

from django.urls import path

from .views import auth, home, tokens

urlpatterns = [
    # signed in, any role (staff are sent on to the console)
    path("", home.home, name="home"),
    path("login", auth.LoginView.as_view(), name="login"),
    path("logout", auth.LogoutView.as_view(), name="logout"),
    path("preferences", auth.preferences, name="preferences"),
    path("preferences/language", auth.language, name="preferences-language"),
    path("tokens", tokens.token_list, name="tokens"),
    path("tokens/created", tokens.token_created, name="token-created"),
    path("tokens/<int:token_id>/revoke", tokens.token_revoke, name="token-revoke"),
]
