"""The load balancer's two questions: is the process up (/healthz), and can it serve (/readyz)."""

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def database_unreachable(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)


def test_healthz_answers_ok_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert (response.status_code, response.text) == (200, "ok")
    assert len(queries) == 0


def test_healthz_answers_ok_while_the_database_is_unreachable(client, database_unreachable):
    assert client.get("/healthz").text == "ok"


def test_readyz_asks_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/readyz")

    assert (response.status_code, response.text) == (200, "ok")
    assert [query["sql"] for query in queries] == ["SELECT 1"]


def test_readyz_answers_503_while_the_database_is_unreachable(client, database_unreachable):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == "The database cannot be reached."


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["healthz", "readyz", "accounts:password-reset"])
def test_public_pages_signed_out_are_left_to_the_usual_caching(client, name):
    """Only what a signed-in person is sent is no-store (tests/test_url_access.py)."""
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
