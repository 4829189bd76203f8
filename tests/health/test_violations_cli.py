"""`sellerdesk violations …`: the same service as the API, from a shell."""

from __future__ import annotations

import json

from sellerdesk import cli
from sellerdesk.audit.models import AuditEvent
from sellerdesk.health.models import PolicyViolation


def add(*extra):
    return cli.main(
        [
            "violations",
            "add",
            "--seller",
            "a1seller",
            "--marketplace",
            "jp",
            "--kind",
            "ip_complaint",
            "--severity",
            "high",
            "--detected-at",
            "2026-03-01T08:00:00+08:00",
            *extra,
        ]
    )


def test_add_resolve_list(seller_a, capsys):
    assert add("--asin", "B012345678", "--reference", "IP-1") == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["seller_code"], printed["marketplace"], printed["asin"]) == (
        "A1SELLER",
        "JP",
        "B012345678",
    )
    violation = PolicyViolation.objects.get()
    assert violation.detected_at.isoformat() == "2026-03-01T00:00:00+00:00"
    event = AuditEvent.objects.get(action="health.violation_recorded")
    assert event.actor_label == "system:cli"

    assert cli.main(["violations", "resolve", str(violation.pk), "--at", "2026-03-02"]) == 0
    assert json.loads(capsys.readouterr().out)["resolved_at"].startswith("2026-03-02")
    assert cli.main(["violations", "list", "--seller", "A1SELLER"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["reference"] for line in lines] == ["IP-1"]


def test_bad_input_names_each_field_and_writes_nothing(seller_a, capsys):
    code = cli.main(
        [
            "violations",
            "add",
            "--seller",
            "A1SELLER",
            "--marketplace",
            "DE",  # seller_a sells on US and JP
            "--kind",
            "counterfeit",
            "--severity",
            "severe",
            "--detected-at",
            "2026-03-01T00:00:00Z",
            "--asin",
            "X1",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    for field in ("marketplace:", "kind:", "severity:", "asin:"):
        assert field in err
    assert not PolicyViolation.objects.exists()


def test_duplicate_reference_exits_3(seller_a, capsys):
    assert add("--reference", "R1") == 0
    assert add("--reference", "R1") == 3
    assert "already recorded" in capsys.readouterr().err


def test_resolve_unknown_id(db, capsys):
    assert cli.main(["violations", "resolve", "999"]) == 2
