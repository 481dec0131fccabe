"""Walks every URL pattern for every persona, GET and POST, with the persona's own council's
objects and with another council's.

A URL missing from ACCESS fails the test: a new page must say here who may reach it.
Expected answers: a status code, LOGIN for a redirect to sign in, or SHOWS_ERRORS for a form
that took the empty POST and refused it with the GOV.UK error summary.

Another council's object is always a 404 for everyone, whatever their role: under its own
council's address, and under the person's own council's address with the other council's id
(how a guessed id would reach a view that forgot its council filter). There each URL that
takes a POST is sent a body that would be saved (POST_BODIES), and nothing may be written.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from actionplans.models import Lead
from governance.models import BoardPack
from tests.access_objects import changed_tables, council_objects, database_rows
from tests.access_table import (
    ACCESS,
    LOGIN,
    NAMING_AN_OBJECT,
    POST_BODIES,
    ROLES,
    SHOWS_ERRORS,
    URLS,
    council,
    nothing,
    pack,
)


def test_every_url_pattern_is_in_the_access_table():
    missing = sorted(set(URLS) - set(ACCESS))
    assert missing == [], f"Add these URLs to ACCESS in tests/access_table.py: {missing}"
    assert sorted(set(ACCESS) - set(URLS)) == [], "ACCESS names a URL that is gone"


def test_every_url_naming_an_object_that_takes_a_post_has_a_post_body():
    posted = {name for name in NAMING_AN_OBJECT if URLS[name].takes("post")}
    missing = sorted(posted - set(POST_BODIES))
    assert missing == [], f"Add a body to POST_BODIES in tests/access_table.py: {missing}"
    assert sorted(set(POST_BODIES) - posted) == [], "POST_BODIES names a URL that takes no POST"


@pytest.fixture
def objects(council, other_council, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {
        "own": council_objects(council, personas["officer"]),
        "other": council_objects(other_council),
    }


def answer(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if (
        response.status_code == 200
        and not response.streaming
        and b"govuk-error-summary" in response.content
    ):
        return SHOWS_ERRORS
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_persona_reaches_only_what_their_role_allows(client, personas, objects, name):
    rule = ACCESS[name]
    own_url = reverse(name, kwargs=rule.kwargs(objects["own"]))
    seen = {"anonymous": (answer(client.get(own_url)), answer(client.post(own_url)))}
    for role in ROLES:
        client.force_login(personas[role])
        seen[role] = (answer(client.get(own_url)), answer(client.post(own_url)))
        client.logout()
    expected = {"anonymous": rule.anonymous} | rule.roles
    assert seen == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(name for name, rule in ACCESS.items() if rule.council_scoped)
)
def test_another_councils_objects_are_404_for_every_role(client, personas, objects, name):
    rule = ACCESS[name]
    other_url = reverse(name, kwargs=rule.kwargs(objects["other"]))
    for role in ROLES:
        client.force_login(personas[role])
        assert (client.get(other_url).status_code, client.post(other_url).status_code) == (
            404,
            404,
        ), role
    own_url = reverse(name, kwargs=rule.kwargs(objects["own"]))
    client.force_login(personas["outsider"])
    assert client.get(own_url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMING_AN_OBJECT)
def test_another_councils_object_under_ones_own_councils_address_is_404_and_changes_nothing(
    client, personas, objects, name
):
    """Guessing an id: the other council's object, by its id, under one's own council.

    Only the object's council filter stands between the person and it: their role is good
    for the council in the address. The POST carries what would be saved.
    """
    other = objects["other"]
    url = reverse(name, kwargs=ACCESS[name].kwargs(other) | council(objects["own"]))
    body = POST_BODIES.get(name, nothing)(other)
    pattern = URLS[name]
    expected = tuple(404 if pattern.takes(method) else 405 for method in ("get", "post"))
    before = database_rows()
    seen = {}
    for role in ROLES:
        client.force_login(personas[role])
        seen[role] = (client.get(url).status_code, client.post(url, body).status_code)
    # Together, so a failure shows both what each role got and what was written.
    assert (seen, changed_tables(before)) == (dict.fromkeys(ROLES, expected), [])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST_BODIES))
def test_each_post_body_is_saved_on_ones_own_councils_object(client, admin_user, objects, name):
    """A body that would not be saved proves nothing when it is refused for another council."""
    own = objects["own"]
    url = reverse(name, kwargs=ACCESS[name].kwargs(own))
    before = database_rows()
    client.force_login(admin_user)
    response = client.post(url, POST_BODIES[name](own))
    assert response.status_code == 302
    assert changed_tables(before) != []


@pytest.mark.django_db
def test_an_officer_cannot_update_an_action_of_a_lead_they_do_not_act_for(client, officer, objects):
    own = objects["own"]
    not_theirs = own["plan"].actions.exclude(pk=own["action"].pk).first()
    not_theirs.leads.set([Lead.objects.create(organisation=own["council"], name="Health")])
    client.force_login(officer)
    url = reverse(
        "actionplans:update-create", kwargs={"org": own["council"].slug, "pk": not_theirs.pk}
    )
    assert client.get(url).status_code == 403
    assert client.post(url, {"narrative": "x", "rag": "green", "version": 1}).status_code == 403


def is_not_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_no_answer_to_a_signed_in_person_may_be_stored(client, personas, objects, name):
    """Pages, downloads (CSV, Excel, packs), refusals and redirects alike: a shared computer
    or a proxy must not keep what a signed-in person was shown."""
    url = reverse(name, kwargs=ACCESS[name].kwargs(objects["own"]))
    stored = []
    for role in ROLES:
        client.force_login(personas[role])
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not is_not_stored(response):
                stored.append((role, method, response.status_code, response.get("Cache-Control")))
        client.logout()
    assert stored == []


@pytest.mark.django_db
def test_a_part_ii_pack_downloaded_is_not_stored(client, owner, objects):
    part_ii = objects["own"]["pack"]
    BoardPack.objects.filter(pk=part_ii.pk).update(part=BoardPack.Part.PART_II)
    client.force_login(owner)  # a draft: for those who prepare packs

    response = client.get(reverse("governance:pack-download", kwargs=pack(objects["own"])))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert is_not_stored(response)
