"""Sign-in rate limits: only failures count, per account name and address and per address,
in a cache every web process shares."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from sellerdesk.lib import ratelimit
from sellerdesk.web.views.auth import signin_limits
from tests.conftest import PASSWORD, make_user


def sign_in(client, email, password, address="10.0.0.1"):
    return client.post("/login", {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_shift_behind_one_address_signing_in_is_never_limited(client, settings):
    settings.SELLERDESK = {
        **settings.SELLERDESK,
        "RATE_SIGNIN_PER_ADDRESS": 3,
        "RATE_SIGNIN_PER_USER": 2,
    }
    agents = [make_user(f"agent{i}@desk.example", "agent") for i in range(8)]
    for agent in agents:  # more successful sign-ins than either limit
        response = sign_in(client, agent.email, PASSWORD)
        assert response.status_code == 302
        client.logout()
    for _ in range(3):  # the same person signing in again and again
        assert sign_in(client, agents[0].email, PASSWORD).status_code == 302
        client.logout()


@pytest.mark.django_db
def test_failures_lock_the_account_from_that_address_only(client, settings):
    settings.SELLERDESK = {
        **settings.SELLERDESK,
        "RATE_SIGNIN_PER_ADDRESS": 100,
        "RATE_SIGNIN_PER_USER": 3,
    }
    victim = make_user("victim@desk.example", "agent")
    for _ in range(3):
        assert sign_in(client, victim.email, "wrong", address="203.0.113.9").status_code == 200
    refused = sign_in(client, victim.email, PASSWORD, address="203.0.113.9")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # Someone who knows the e-mail cannot lock its owner out from another address.
    assert sign_in(client, victim.email, PASSWORD, address="10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_failures_per_address_whatever_the_account(client, settings):
    settings.SELLERDESK = {
        **settings.SELLERDESK,
        "RATE_SIGNIN_PER_ADDRESS": 3,
        "RATE_SIGNIN_PER_USER": 100,
    }
    agent = make_user("agent@desk.example", "agent")
    assert sign_in(client, agent.email, PASSWORD).status_code == 302  # not counted
    client.logout()
    for i in range(3):
        assert sign_in(client, f"guess{i}@desk.example", "x").status_code == 200
    assert sign_in(client, agent.email, PASSWORD).status_code == 429
    assert sign_in(client, agent.email, PASSWORD, address="10.0.0.2").status_code == 302


_COUNT_IN_ANOTHER_PROCESS = """
import sys
from sellerdesk.lib.django_setup import setup_django
setup_django()
from sellerdesk.lib import ratelimit
limit = ratelimit.Limit("signin:failed:address", "198.51.100.7", 1000, 900)
for _ in range(int(sys.argv[1])):
    ratelimit.hit(limit, now=float(sys.argv[2]))
"""


# serialized_rollback like every other transactional test here: a plain one flushes and
# re-creates the content types, which the next serialized test then loads a second time.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_count_is_shared_with_another_process(rf, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "RATE_SIGNIN_PER_ADDRESS": 1000}
    request = rf.post("/login", REMOTE_ADDR="198.51.100.7")
    address_limit = signin_limits(request, "someone@desk.example")[1]
    now = 1_800_000_000.0
    ratelimit.hit(address_limit, now=now)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [sys.executable, "-c", _COUNT_IN_ANOTHER_PROCESS, "4", str(now)], env=env, check=True
    )
    assert ratelimit.count(address_limit, now=now) == 5
