"""Routes of the case pages: the seller portal (Help → Get support → the form, my cases,
a case) and the agent console. Home (``/``) is the web app's: it reads health too. Every view
states who may use it (see ``sellerdesk/lib/views.py``): signed in, sellers only, or staff
(agents and operators) only."""

from django.urls import path

from .views import attachments, console, portal, support_form

urlpatterns = [
    # the visibility check is in the view: 404 for whatever the user may not see
    path("attachments/<int:attachment_id>", attachments.attachment_download, name="attachment"),
    # sellers
    path("help", portal.help_index, name="help"),
    path("help/support", portal.support_choose, name="support-choose"),
    path("help/support/<slug:type_code>", portal.support_form, name="support-form"),
    path("help/support/<slug:type_code>/check", portal.support_check, name="support-check"),
    path(
        "help/support/<slug:type_code>/extract",
        support_form.support_extract,
        name="support-extract",
    ),
    path("cases", portal.my_cases, name="my-cases"),
    path("cases/<int:number>", portal.case_detail, name="portal-case"),
    path("cases/<int:number>/reply", portal.case_reply, name="portal-case-reply"),
    path("cases/<int:number>/reopen", portal.case_reopen, name="portal-case-reopen"),
    path("cases/<int:number>/escalate", portal.case_escalate, name="portal-case-escalate"),
    # agents and operators
    path("console/", console.queue, name="console"),
    path("console/bulk", console.queue_bulk, name="console-bulk"),
    path("console/cases/<int:number>", console.case_detail, name="console-case"),
    path("console/cases/<int:number>/message", console.case_message, name="console-message"),
    path("console/cases/<int:number>/assign", console.case_assign, name="console-assign"),
    path("console/cases/<int:number>/resolve", console.case_resolve, name="console-resolve"),
    path("console/cases/<int:number>/reopen", console.case_reopen, name="console-reopen"),
    path("console/cases/<int:number>/merge", console.case_merge, name="console-merge"),
    path("console/cases/<int:number>/reveal", console.case_reveal, name="console-reveal"),
    path("console/cases/<int:number>/move", console.case_move, name="console-move"),
]
