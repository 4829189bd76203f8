"""Notices are rendered from a context frozen when they were queued (ADR 0007): the text is
what rendering at queue time gave, in each recipient's language and time zone, whatever
happens to the objects afterwards."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sellerdesk.cases import services as cases
from sellerdesk.cases import sweep
from sellerdesk.cases.models import Case
from sellerdesk.notifications.models import Notification
from sellerdesk.notifications.rendering import render_notification
from sellerdesk.notifications.services import notify
from sellerdesk.notifications.snapshot import NotFrozen, freeze, template_reads, thaw

H = timedelta(hours=1)


def _frozen_text(kind, language, context, recipient):
    frozen = {
        **freeze(kind, language, context),
        **freeze(kind, language, {"recipient": recipient}, only="recipient"),
    }
    return render_notification(kind, language, thaw(frozen))


@pytest.mark.parametrize("kind", ["sla.warning", "sla.breach", "case.escalated"])
@pytest.mark.parametrize("language", ["en", "zh-hans", "ja"])
def test_frozen_text_is_the_text_rendered_from_the_objects(make_case, lead_ss, kind, language):
    case = make_case(subject='Refund & "urgent" <now>')
    lead_ss.language, lead_ss.time_zone = language, "Asia/Shanghai"
    context = {"case": case, "target": "next_response", "due_at": timezone.now(), "reason": "急"}
    live = render_notification(kind, language, {**context, "recipient": lead_ss})
    assert _frozen_text(kind, language, context, lead_ss) == live
    assert "Refund &amp; &quot;urgent&quot;" in live[1]  # escaped, as it always was


@dataclass
class _Forecast:
    label: str
    marketplace: str
    target_text: str
    days: int
    rate_text: str
    advice: object


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_loops_lazy_texts_and_dates_freeze_faithfully(seller_a, seller_owner, language):
    forecasts = [
        _Forecast("Late shipment rate", "US", "4 %", 1, "3.2 %", gettext_lazy("Notifications")),
        _Forecast("Cancellation rate", "JP", "2.5 %", 9, "1 %", "Confirm stock"),
    ]
    context = {
        "seller": seller_a,
        "as_of": date(2024, 6, 11),
        "score": 612,
        "band_label": gettext_lazy("Notifications"),
        "forecasts": forecasts,
    }
    kind = "health.forecast_alert"
    live = render_notification(kind, language, {**context, "recipient": seller_owner})
    assert _frozen_text(kind, language, context, seller_owner) == live
    assert "2024-06-11" in live[1] and "JP" in live[1]
    assert template_reads(kind, language)["forecasts"]["[]"].keys() >= {"label", "days"}


def test_text_does_not_change_when_the_case_does(make_case, agent_ss, seller_owner):
    case = make_case(subject="Original subject")
    cases.case_message_add(actor=agent_ss, case=case, body="We refunded the buyer.")
    Case.objects.filter(pk=case.pk).update(subject="Edited later")
    notice = Notification.objects.in_app().get(recipient=seller_owner)
    assert notice.stored_subject == "" and notice.context is not None
    assert "Original subject" in notice.body and "Edited later" not in notice.body
    assert "We refunded the buyer." in notice.body


def test_the_sweep_notices_read_like_notices_about_the_case(make_case, agent_ss, lead_ss):
    t0 = timezone.now() - 100 * H
    case = make_case(subject="Late & lost", now=t0)
    cases.case_assign(actor=agent_ss, case=case, assignee=agent_ss, now=t0)
    now = timezone.now()
    assert sweep.sla_sweep(now=now) == 2
    case.refresh_from_db()
    for person in (agent_ss, lead_ss):
        person.refresh_from_db()
        for kind, target, due_at in (
            ("sla.breach", "first_response", case.first_response_due_at),
            ("sla.warning", "resolution", case.resolution_due_at),
        ):
            notice = Notification.objects.emails().get(recipient=person, kind=kind)
            expected = render_notification(
                kind,
                person.language,
                {"case": case, "target": target, "due_at": due_at, "recipient": person},
            )
            assert (notice.subject, notice.body) == expected


def test_notify_without_a_template_fails_when_queued(make_case, lead_ss):
    from django.template import TemplateDoesNotExist

    with pytest.raises(TemplateDoesNotExist):
        notify(recipients=[lead_ss], kind="no.such.kind", context={})


def test_a_template_printing_an_object_it_also_reads_is_refused(lead_ss):
    from sellerdesk.notifications import snapshot

    with pytest.raises(NotFrozen):
        snapshot._freeze(lead_ss, snapshot._compile({"email": {}, snapshot.VALUE: {}}), False)
