"""An agent of several teams (a seller of several organisations) gets one page per team read
on its own and merged: the pages must be exactly what one query over all of them gives, in
every ordering, across cursors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.accounts import services as accounts
from sellerdesk.accounts.models import Team
from sellerdesk.cases import services as cases
from sellerdesk.cases.selectors import ORDERINGS, CaseFilters, case_list_for

from ..conftest import make_user


def _walk(user, ordering, filters=None, limit=4):
    seen, cursor = [], None
    while True:
        rows, cursor = case_list_for(user, filters, ordering=ordering, cursor=cursor, limit=limit)
        seen += [row.number for row in rows]
        if cursor is None:
            return seen


@pytest.fixture
def two_team_cases(make_case, operator):
    """Cases for Seller Support (order fulfilment, 72 h) and Account Health (deactivation,
    24 h), opened at interleaved times, some resolved so their clocks stop (no deadline)."""
    start = timezone.now() - timedelta(days=3)
    made = []
    for n in range(14):
        case_type = "account-deactivation" if n % 3 == 0 else "order-fulfilment"
        made.append(make_case(case_type=case_type, now=start + timedelta(hours=5 * n)))
    for case in made[::4]:
        cases.case_resolve(actor=operator, case=case, body="done")
    return made


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_agent_of_two_teams_sees_the_merged_order_of_one_query(
    two_team_cases, agent_ss, operator, ordering
):
    accounts.team_member_add(
        actor=None, team=Team.objects.get(code="account-health"), user=agent_ss, role="agent"
    )
    expected = _walk(operator, ordering)  # the operator's one query over every team
    assert len(expected) == 14
    assert _walk(agent_ss, ordering) == expected
    assert _walk(agent_ss, ordering, limit=50) == expected


def test_a_team_filter_narrows_a_two_team_agent_to_that_team(two_team_cases, agent_ss):
    accounts.team_member_add(
        actor=None, team=Team.objects.get(code="account-health"), user=agent_ss, role="agent"
    )
    mine = _walk(agent_ss, "due", CaseFilters(team="account-health"))
    assert sorted(mine) == sorted(c.number for c in two_team_cases[::3])


def test_one_team_agent_still_sees_only_its_team(two_team_cases, agent_ss):
    numbers = _walk(agent_ss, "due")
    assert sorted(numbers) == sorted(c.number for n, c in enumerate(two_team_cases) if n % 3 != 0)


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_seller_of_two_organisations_sees_both_merged(
    make_case, seller_owner, seller_b, seller2_owner, operator, ordering
):
    accounts.seller_member_add(actor=None, seller=seller_b, user=seller_owner, role="operations")
    start = timezone.now() - timedelta(days=2)
    for n in range(9):
        if n % 2:
            make_case(now=start + timedelta(hours=3 * n))
        else:
            make_case(
                actor=seller2_owner,
                seller=seller_b,
                language="en",
                now=start + timedelta(hours=3 * n),
            )
    outsider = make_user("third@c.example", "seller")
    assert _walk(outsider, ordering) == []
    assert _walk(seller_owner, ordering, limit=2) == _walk(operator, ordering)
