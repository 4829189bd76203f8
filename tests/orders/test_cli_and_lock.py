"""The command line, and concurrent imports being serialised by the dataset's writer lock."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection

from sellerdesk.cli import main
from sellerdesk.orders import dataset
from sellerdesk.orders.services import order_import_run

from .conftest import dataset_rows, order, write_csv


def test_orders_import_cli(sellers, tmp_path, capsys):
    path = write_csv(tmp_path / "o.csv", [order("a"), order("b", units="many")])
    rejects = tmp_path / "rejects.csv"
    assert main(["orders", "import", str(path), "--rejects", str(rejects)]) == 0
    out = capsys.readouterr().out
    assert "inserted 1" in out and "rejected 1 rows" in out
    assert "row 2: units: not a whole number of at least 0: 'many'" in out
    assert rejects.read_text().splitlines() == [
        "row,field,message",
        "2,units,not a whole number of at least 0: 'many'",
    ]
    assert main(["orders", "import", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["unchanged"], result["rejected_rows"]) == (1, 1)


def test_orders_import_cli_exit_codes(sellers, tmp_path, capsys):
    path = write_csv(tmp_path / "o.csv", [order("a"), order("b", units="many")])
    assert main(["orders", "import", str(path), "--strict"]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    wrong = write_csv(tmp_path / "w.csv", [order("a")], columns=["order_id", "seller_code"])
    assert main(["orders", "import", str(wrong)]) == 2
    err = capsys.readouterr().err
    assert "Wrong columns" in err and "columns.marketplace: no column marketplace" in err
    assert main(["orders", "import", str(tmp_path / "missing.csv")]) == 2
    assert dataset_rows() == []


def test_health_compute_cli(sellers, tmp_path, capsys):
    order_import_run(actor=None, path=write_csv(tmp_path / "o.csv", [order("a")]))
    assert main(["health", "compute", "--as-of", "2025-03-31", "--seller", "A1SELLER"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "A1SELLER\tUS\tlate_shipment_rate_30d\t0/1\t0.0000%\tgood" in lines
    assert main(["health", "compute", "--as-of", "2025-03-31", "--json"]) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["metric"] == "order_defect_rate_afn" and first["status"] == "no_data"


def test_health_evaluate_cli_scores_and_snapshots(sellers, tmp_path, capsys):
    from sellerdesk.health.models import HealthSnapshot

    order_import_run(actor=None, path=write_csv(tmp_path / "o.csv", [order("a")]))
    assert main(["health", "evaluate", "--as-of", "2025-03-31", "--seller", "A1SELLER"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["as_of"] == "2025-03-31" and summary["sellers"] == 1
    assert HealthSnapshot.objects.filter(seller__code="A1SELLER").count() == 1


def test_lock_times_out_while_another_writer_holds_it(tmp_path):
    held = dataset.writer_lock(tmp_path / "d")
    other = dataset.writer_lock(tmp_path / "d", timeout=0.2)
    with held, pytest.raises(dataset.DatasetLocked), other:
        pass
    with dataset.writer_lock(tmp_path / "d", timeout=0.2):
        pass


# serialized_rollback: the flush after a transactional test would drop the seeded sites and
# metric definitions the next tests need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_imports_are_serialised(sellers, tmp_path):
    first = write_csv(tmp_path / "1.csv", [order(f"one-{i}") for i in range(50)])
    second = write_csv(tmp_path / "2.csv", [order(f"two-{i}") for i in range(50)])
    results, errors = [], []

    def worker(path):
        try:
            results.append(order_import_run(actor=None, path=path))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    # Hold the lock: both imports must wait for it, then run one after the other.
    with dataset.writer_lock():
        threads = [threading.Thread(target=worker, args=(p,)) for p in (first, second)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        assert results == [] and all(t.is_alive() for t in threads)
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(r.dataset_version for r in results) == [1, 2]
    assert len(dataset_rows()) == 100
