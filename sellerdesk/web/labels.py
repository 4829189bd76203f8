"""Words the template filters (``templatetags/desk.py``) show for values stored as codes
(statuses, tiers, SLA states, message kinds, audit actions, sites), translated here so models
and services stay free of presentation. Anything unknown falls back to the stored value. Input
labels and error wording: ``sellerdesk/lib/labels.py`` and ``sellerdesk/cases/views/labels.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from sellerdesk.cases.lifecycle import Status

STATUS_LABELS = {
    Status.NEW: _("New"),
    Status.OPEN: _("In progress"),
    Status.AWAITING_SELLER: _("Awaiting your reply"),
    Status.RESOLVED: _("Resolved"),
    Status.CLOSED: _("Closed"),
}

# Agents read "awaiting seller" where the seller reads "awaiting your reply".
STATUS_LABELS_STAFF = {**STATUS_LABELS, Status.AWAITING_SELLER: _("Awaiting seller")}

TIER_LABELS = {"standard": _("Standard"), "premium": _("Premium")}

SLA_STATE_LABELS = {
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "paused": _("Paused"),
    "breached": _("Breached"),
    "met": _("Met"),
    "none": _("No target"),
}
# "Resolution" is a deadline here (解决时限) and a kind of message below (解决说明): one English
# word, two Chinese ones, told apart by the context.
SLA_TARGET_LABELS = {
    "first_response": _("First response"),
    "next_response": _("Next response"),
    "resolution": pgettext_lazy("SLA target", "Resolution"),
}

SELLER_STATUS_LABELS = {
    "normal": _("Normal"),
    "at_risk": _("At risk"),
    "under_review": _("Under review"),
    "restricted": _("Restricted"),
    "deactivated": _("Deactivated"),
}

MESSAGE_KIND_LABELS = {
    "reply": _("Reply"),
    "note": _("Internal note"),
    "request_info": _("Request for information"),
    "resolution": pgettext_lazy("message kind", "Resolution"),
    "system": _("System message"),
}

# How a case was closed, as the history shows it (the console's resolve form lists the same).
CLOSE_REASON_LABELS = {
    "resolved": _("Resolved"),
    "invalid": _("Invalid"),
    "duplicate": _("Duplicate"),
    "spam": _("Spam"),
}

PRIORITY_LABELS = {
    "normal": pgettext_lazy("priority", "Normal"),
    "high": pgettext_lazy("priority", "High"),
}

ACTION_LABELS = {
    "case.created": _("opened the case"),
    "case.reply_added": _("replied"),
    "case.note_added": _("added an internal note"),
    "case.request_info_added": _("requested information"),
    "case.resolution_added": _("resolved with a message"),
    "case.assigned": _("changed the assignment"),
    "case.resolved": _("resolved the case"),
    "case.reopened": _("reopened the case"),
    "case.closed": _("closed the case"),
    "case.merged": _("merged a duplicate case into this one"),
    "case.sensitive_revealed": _("viewed the sensitive details"),
    "case.moved": _("moved the case to another case type"),
    "macro.applied": _("applied a macro"),
    "macro.created": _("saved a new macro"),
    "macro.updated": _("changed a macro"),
    "macro.deleted": _("deleted a macro"),
    "saved_view.created": _("saved a view"),
    "saved_view.deleted": _("deleted a saved view"),
    "appeal.submitted": _("sent the appeal to the reviewers"),
    "appeal.revised": _("wrote a new version of the plan of action"),
    "appeal.resubmitted": _("sent the new version to the reviewers"),
    "appeal.accept": _("accepted the appeal"),
    "appeal.reject": _("rejected the appeal"),
    "appeal.request_info": _("asked for more information on the appeal"),
    "survey.invited": _("asked the seller to rate the case"),
    "rating.recorded": _("rated the case"),
    "rating.changed": _("changed the rating"),
    "rating.followup_done": _("followed up the low rating"),
}

# What an audit event's before/after keys mean, for the case history. Anything else falls back
# to the labels of the form inputs, then to the key in words.
AUDIT_FIELD_LABELS = {
    "status": _("Status"),
    "assignee": _("Assignee"),
    "team": _("Team"),
    "priority": _("Priority"),
    "tier": _("Service tier"),
    "first_response_at": _("First response"),
    "first_response_due_at": _("First response due"),
    "resolved_at": _("Resolved at"),
    "closed_at": _("Closed at"),
    "due_at": _("Due"),
    "close_reason": _("Reason for closing"),
    "escalated_at": _("Escalated at"),
    "escalation_reason": _("Reason for escalating"),
    "duplicate_of": _("Duplicate of"),
    "merged_case": _("Merged case"),
    "number": _("Case number"),
    "fields": _("Details"),
    "attachments": _("Attachments"),
    "messages": _("Messages"),
    "reason": _("Reason"),
    "lifted_at": _("Lifted at"),
    "case_type": _("Case type"),
    "site": _("Marketplace site"),
    "target_percent": _("Share of the SLA targets, in percent"),
    "health_score": _("Account health score"),
    "disputes": _("Disputes"),
    "restricted": _("Support restricted"),
    "opened_by": _("Opened by"),
    "duplicate_override_of": _("Seller says it differs from"),
    "target": _("SLA target"),
    "breached_at": _("Breached at"),
    "appeal": _("Appeal"),
    "cause": _("Account cause"),
    "case": _("Case number"),
    "version": _("Plan of action version"),
    "decision": _("Decision"),
    "reasons": _("Reasons"),
    "evidence": _("Evidence files"),
    "warnings": _("Quality check warnings"),
    "score": _("Rating"),
    "comment": _("Comment"),
    "channel": _("Rated through"),
    "rated_by": _("Rated by"),
    "followup": _("Follow-up"),
    "followup_note": _("Follow-up note"),
    "recipients": _("Recipients"),
}

# Default site names, marked for the catalogue; an operator's new site shows as typed.
SITE_NAMES = [
    gettext_noop("United States"),
    gettext_noop("Canada"),
    gettext_noop("United Kingdom"),
    gettext_noop("Germany"),
    gettext_noop("France"),
    gettext_noop("Italy"),
    gettext_noop("Spain"),
    gettext_noop("Japan"),
]
