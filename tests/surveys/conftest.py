"""Fixtures of the survey tests: a resolved case of seller_a (order fulfilment, the Seller
Support team: agent_ss works it, lead_ss leads it), its invitation sent, and the link's token."""

from __future__ import annotations

import pytest
from django.test import Client

from sellerdesk.cases import services as cases
from sellerdesk.notifications.models import Notification
from sellerdesk.surveys import services as surveys


def resolve(case, agent, **kwargs):
    return cases.case_resolve(actor=agent, case=case, **kwargs)


def token_from(notice: Notification) -> str:
    assert notice.link.startswith("/surveys/rate/") and notice.link.endswith("/")
    return notice.link.removeprefix("/surveys/rate/").rstrip("/")


@pytest.fixture
def resolved(make_case, agent_ss):
    return resolve(make_case(), agent_ss)


@pytest.fixture
def invited(resolved, seller_owner):
    """The resolved case after the worker's run, and the token emailed to seller_a's owner."""
    assert surveys.survey_invitations_send() == 1
    notice = Notification.objects.get(kind="survey.invite", recipient=seller_owner)
    return resolved, token_from(notice)


@pytest.fixture
def web(db):
    """A fresh web client signed in as the given user (None: nobody signed in)."""

    def _client(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _client
