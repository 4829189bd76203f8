"""Two worker processes sweeping the same database at once (issue 3): each warning, breach and
escalation happens exactly once. Real OS processes with their own connections, on the
database the tests run on (SQLite or PostgreSQL), not threads of this one."""

import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case
from sellerdesk.notifications.models import Notification

H = timedelta(hours=1)
ROOT = Path(__file__).resolve().parents[2]
CASES = 60
CHUNK = 4  # small chunks, so the two workers' claims interleave


def _start_worker(now) -> subprocess.Popen:
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sla.sweep_worker",
            connection.settings_dict["NAME"],
            now.isoformat(),
            str(CHUNK),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = worker.stdout.readline().strip()
    assert line == "ready", (line, worker.stderr.read() if worker.poll() is not None else "")
    return worker


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_processes_fire_each_event_once(make_case, agent_ss, lead_ss):
    t0 = timezone.now() - 100 * H
    swept = []
    for i in range(CASES):
        case = make_case(subject=f"p{i}", now=t0)  # order fulfilment (Seller Support)
        if i % 2:
            cases.case_assign(actor=agent_ss, case=case, assignee=agent_ss, now=t0)
        swept.append(case.pk)
    now = timezone.now()
    workers = [_start_worker(now) for _ in range(2)]
    for worker in workers:  # both are connected and waiting: let them go together
        worker.stdin.write("go\n")
        worker.stdin.flush()
    fired = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        fired.append(int(out.strip()))

    # Each case: its 72 h first response breached (that warning superseded, not sent late)
    # and its 120 h resolution warned (75 % = 90 h < 100 h), each exactly once.
    assert sum(fired) == 2 * CASES
    events = Counter(
        AuditEvent.objects.filter(case_id__in=swept).values_list("case_id", "actor_label")
    )
    for pk in swept:
        assert events[(pk, "system:sla_breach:first_response")] == 1
        assert events[(pk, "system:sla_warning:resolution")] == 1
    assert sum(n for (_, label), n in events.items() if label.startswith("system:sla_")) == (
        2 * CASES
    )
    escalated = Case.objects.filter(pk__in=swept, escalation_reason="sla_breach")
    assert escalated.count() == CASES
    assert all(c.escalated_at == now for c in escalated)
    # Notices: each event once per recipient (the lead always, the assignee on half the
    # cases), by email and in the app.
    notices = Notification.objects.filter(kind__in=["sla.warning", "sla.breach"])
    per_event = Counter(notices.values_list("dedupe_key", "recipient_id"))
    assert set(per_event.values()) == {1}
    assert notices.filter(recipient=lead_ss).count() == 2 * CASES
    assert notices.filter(recipient=agent_ss).count() == 2 * (CASES // 2)
    assert notices.emails().in_app().count() == notices.count()
    # Every case is left with its next check at the resolution deadline, none still claimed.
    for case in Case.objects.filter(pk__in=swept):
        assert case.sla_check_at == case.resolution_due_at
