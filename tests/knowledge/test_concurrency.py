"""Registration never exceeds capacity, even when many sellers press Register at once."""

import threading

import pytest
from django.db import connection

from sellerdesk.knowledge.models import Registration, TrainingEvent
from sellerdesk.knowledge.training import services as training_services

THREADS = 10
CAPACITY = 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_never_exceed_capacity(make_event, sellers):
    event = make_event(capacity=CAPACITY)
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []

    def register(user):
        try:
            barrier.wait(timeout=10)
            reg = training_services.registration_create(actor=user, event=event)
            statuses.append(reg.status)
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in sellers[:THREADS]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(statuses).count("confirmed") == CAPACITY
    assert sorted(statuses).count("waiting") == THREADS - CAPACITY
    event.refresh_from_db()
    assert event.confirmed_count == CAPACITY
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_cancel_and_register_keep_the_count_true(make_event, sellers):
    """Half the seat holders cancel while newcomers register: every freed seat goes to
    someone waiting or is counted free, never double-booked."""
    event = make_event(capacity=4)
    holders = [training_services.registration_create(actor=u, event=event) for u in sellers[:4]]
    newcomers = sellers[4:10]
    barrier = threading.Barrier(2 + len(newcomers))
    errors = []

    def run(fn):
        try:
            barrier.wait(timeout=10)
            fn()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    jobs = [
        lambda r=r: training_services.registration_cancel(actor=r.user, registration=r)
        for r in holders[:2]
    ] + [lambda u=u: training_services.registration_create(actor=u, event=event) for u in newcomers]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    event = TrainingEvent.objects.get(pk=event.pk)
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    assert confirmed == event.confirmed_count == 4
    assert Registration.objects.filter(event=event, status="waiting").count() == 4
