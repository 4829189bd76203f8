"""Routes of the appeal pages: the seller's under /appeals/, the reviewers' under
/console/appeals/. Who may use each is stated on the view (``sellerdesk/lib/views.py``)."""

from django.urls import path

from .views import review, seller

urlpatterns = [
    # sellers
    path("appeals/", seller.appeal_list, name="appeals"),
    path("appeals/new/<int:cause_id>/", seller.appeal_new, name="appeal-new"),
    path("appeals/new/<int:cause_id>/check", seller.appeal_new_check, name="appeal-new-check"),
    path("appeals/<int:appeal_id>/", seller.appeal_detail, name="appeal"),
    path("appeals/<int:appeal_id>/revise", seller.appeal_revise, name="appeal-revise"),
    path("appeals/<int:appeal_id>/check", seller.appeal_revise_check, name="appeal-check"),
    path("appeals/<int:appeal_id>/read/<slug:key>", seller.appeal_read, name="appeal-read"),
    # the seller and the reviewers: 404 for anyone else
    path(
        "appeals/<int:appeal_id>/evidence/<int:evidence_id>",
        seller.evidence_download,
        name="appeal-evidence",
    ),
    # reviewers
    path("console/appeals/", review.queue, name="console-appeals"),
    path("console/appeals/<int:appeal_id>/", review.review_page, name="console-appeal"),
    path("console/appeals/<int:appeal_id>/accept", review.accept, name="console-appeal-accept"),
    path("console/appeals/<int:appeal_id>/reject", review.reject, name="console-appeal-reject"),
    path(
        "console/appeals/<int:appeal_id>/request-info",
        review.request_info,
        name="console-appeal-request-info",
    ),
]
