"""The plan table kept under the council's data revision (core.pages.PageCache)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Rag
from actionplans.services import progress_update_record
from strategies.models import Role
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    cache.clear()
    settings.PLEDGE_PAGE_CACHE_SECONDS = 60


CHASE_FORM = re.compile(r'\n<form method="post" action="[^"]*/chase/">.*?</form>\n', re.DOTALL)


def _main(response) -> str:
    """<main> less the "chase now" button, which is for plan owners and is never kept."""
    assert response.status_code == 200
    page = response.content.decode()
    return CHASE_FORM.sub("", page[page.index("<main") : page.index("</main>")])


def _url(plan, query: str = "") -> str:
    org = plan.strategy.organisation.slug
    url = reverse("actionplans:plan-detail", kwargs={"org": org, "pk": plan.pk})
    return f"{url}?{query}" if query else url


def test_the_table_is_served_again_until_a_committed_change_moves_the_council(
    client, council, owner, django_capture_on_commit_callbacks
):
    plan = build_plan(council, actions=3)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as first:
        computed = _main(client.get(_url(plan)))
    with CaptureQueriesContext(connection) as second:
        again = _main(client.get(_url(plan)))
    assert again == computed
    # Only the session, the person and their role in the council.
    assert len(second) == 3 < len(first)
    action = plan.actions.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        progress_update_record(
            action=action, author=owner, narrative="Placements found", rag=Rag.AMBER, period=None
        )
    after = _main(client.get(_url(plan)))
    assert "Placements found" in after and "Placements found" not in computed


def test_each_query_string_is_its_own_page(client, council, owner):
    plan = build_plan(council, actions=2)
    first, second = plan.actions.order_by("pk")
    for action, rag in ((first, Rag.RED), (second, Rag.GREEN)):
        progress_update_record(
            action=action, author=owner, narrative=f"Rated {rag}", rag=rag, period=None
        )
    client.force_login(owner)
    everything = _main(client.get(_url(plan)))
    red = _main(client.get(_url(plan, "rag=red")))
    assert "Rated red" in red and "Rated green" not in red
    assert "Rated green" in everything
    assert _main(client.get(_url(plan))) == everything


def test_every_role_is_shown_the_same_and_nothing_of_the_person_is_kept(
    client, council, make_person, board_member
):
    plan = build_plan(council, actions=2)
    client.force_login(make_person("quillon-vetch", council, Role.OWNER))
    owners_page = client.get(_url(plan, "sort=deadline"))
    as_owner = _main(owners_page)
    client.force_login(board_member)
    boards_page = client.get(_url(plan, "sort=deadline"))
    as_board = _main(boards_page)
    assert CHASE_FORM.search(owners_page.content.decode())
    assert not CHASE_FORM.search(boards_page.content.decode())
    # But for the plan keepers' link to set the plan up, which is not kept.
    set_up = reverse("actionplans:plan-setup", kwargs={"org": council.slug, "pk": plan.pk})
    assert set_up in as_owner and set_up not in as_board
    assert "\n".join("" if set_up in line else line for line in as_owner.split("\n")) == as_board
    kept = list(cache._cache.values())  # locmem: the pickled entries
    assert kept, "nothing was cached"
    for entry in kept:
        for secret in (b"csrfmiddlewaretoken", b"nonce=", b"quillon-vetch"):
            assert secret not in entry


def test_another_council_never_reaches_a_kept_page(client, council, owner, outsider, other_council):
    plan = build_plan(council, actions=1)
    client.force_login(owner)
    _main(client.get(_url(plan)))
    client.force_login(outsider)
    url = reverse("actionplans:plan-detail", kwargs={"org": other_council.slug, "pk": plan.pk})
    assert client.get(url).status_code == 404
    assert client.get(_url(plan)).status_code == 404


def test_a_page_past_the_end_is_a_404_and_is_not_kept(client, council, owner):
    plan = build_plan(council, actions=1)
    client.force_login(owner)
    assert client.get(_url(plan, "page=9")).status_code == 404
    assert client.get(_url(plan, "page=last")).status_code == 200
    assert client.get(_url(plan, "page=9")).status_code == 404
