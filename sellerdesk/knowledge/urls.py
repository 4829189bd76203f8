"""Seller University routes, under /university/: articles, search and suggestions here, and
training events from ``training/urls.py``. Every view states who may use it (see
sellerdesk/lib/views.py): signed in, sellers only, or staff only."""

from django.urls import include, path

from .views import articles, staff

urlpatterns = [
    # signed in, any role
    path("", articles.home, name="kb-home"),
    path("c/<slug:code>", articles.category, name="kb-category"),
    path("articles/<int:pk>", articles.article, name="kb-article"),
    path("articles/<int:pk>/feedback", articles.article_feedback, name="kb-article-feedback"),
    path("articles/<int:pk>/complete", articles.article_complete, name="kb-article-complete"),
    path("attachments/<int:pk>", articles.attachment, name="kb-attachment"),
    path("search", articles.search, name="kb-search"),
    # sellers
    path("suggest", articles.suggest, name="kb-suggest"),
    # agents and operators
    path("staff/deflection", staff.deflection, name="kb-staff-deflection"),
    # training events
    path("", include("sellerdesk.knowledge.training.urls")),
]
