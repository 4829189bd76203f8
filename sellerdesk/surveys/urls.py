"""Routes of the rating pages. The link's page is public: its signed token is the authority;
the others state their guard in the view (``sellerdesk/lib/views.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("surveys/rate/<str:token>/", views.rate_by_link, name="survey-rate"),
    path("cases/<int:number>/rating", views.rate_in_app, name="portal-case-rate"),
    path(
        "console/cases/<int:number>/rating/follow-up",
        views.followup_complete,
        name="console-rating-followup",
    ),
]
