import pytest
from django.test import Client


@pytest.fixture
def as_user(db):
    """A fresh test client signed in as the given user."""

    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client
