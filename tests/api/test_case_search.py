"""Case search (issue 12): `#10000052` (and the full-width `＃`) is case 10000052, in the API
and in the console."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def seller(as_user, seller_owner):
    return as_user(seller_owner)


# --- case numbers in search -----------------------------------------------------------------


@pytest.mark.parametrize("form", ["{n}", "#{n}", " #{n} ", "# {n}", "＃{n}", "＃{wide}"])
def test_case_search_reads_hash_numbers(seller, make_case, form):
    wanted = make_case(subject="Wanted")
    make_case(subject="Other")
    wide = str(wanted.number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    q = form.format(n=wanted.number, wide=wide)
    items = seller.get("/cases", {"q": q}).json()["items"]
    assert [c["number"] for c in items] == [wanted.number]


def test_console_search_reads_hash_numbers(agent_ss, make_case):
    wanted = make_case(subject="Wanted")
    make_case(subject="Other")
    from django.test import Client

    client = Client()
    client.force_login(agent_ss)
    page = client.get("/console/", {"q": f"#{wanted.number}"}).content.decode()
    numbers = {int(n) for n in re.findall(r'href="/console/cases/(\d+)"', page)}
    assert numbers == {wanted.number}


def test_a_hash_alone_or_with_words_is_a_subject_search(seller, make_case):
    make_case(subject="Order #12 missing")
    assert seller.get("/cases", {"q": "#"}).json()["items"] != []
    assert seller.get("/cases", {"q": "#12 missing"}).json()["items"] != []
    assert seller.get("/cases", {"q": "#abc"}).json()["items"] == []
