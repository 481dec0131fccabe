"""Plan owners and administrators keep the council's leads: add, rename, merge two into one
(the actions and officers of one follow to the other, each action's change in its timeline)
and retire one that leads no open action. Nothing is deleted. Who may reach each page is
tests/test_url_access.py's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans.action_setup import action_add, council_leads
from actionplans.leads import lead_add, lead_merge, lead_rename, lead_retire
from actionplans.models import Action, Lead
from actionplans.services import action_close
from strategies.models import ChangeRecord
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def url(name: str, pk: int | None = None) -> str:
    return reverse(f"actionplans:{name}", kwargs={"org": "testshire"} | ({"pk": pk} if pk else {}))


def test_a_lead_is_added_and_renamed_and_a_name_is_kept_once_per_council(client, council, owner):
    client.force_login(owner)
    answer = client.post(url("lead-create"), {"name": "Virtual School", "kind": "service"})
    lead = Lead.objects.get(name="Virtual School")
    assert answer["Location"] == url("lead-list")

    again = client.post(url("lead-create"), {"name": "virtual school", "kind": "role"})
    assert "already has a lead called" in again.content.decode()
    lead_rename(lead=lead, changed_by=owner, name="Virtual School Head", kind="role")
    record = ChangeRecord.objects.for_object(lead).first()
    assert record.changes == {
        "name": ["Virtual School", "Virtual School Head"],
        "kind": ["service", "role"],
    }
    assert "Virtual School Head" in client.get(url("lead-list")).content.decode()


def test_merging_moves_the_actions_and_officers_and_retires_the_lead_with_its_history(
    client, council, owner, officer
):
    plan = build_plan(council, actions=2)
    first, second = plan.actions.order_by("number")
    housing = first.leads.get()
    housing.officers.add(officer)
    health = Lead.objects.create(organisation=council, name="Health")
    second.leads.add(health)  # already led by both: stays once
    client.force_login(owner)

    answer = client.post(url("lead-merge", housing.pk), {"into": health.pk})

    assert answer.status_code == 302
    housing.refresh_from_db()
    assert (housing.retired_at is not None, housing.merged_into) == (True, health)
    assert set(health.actions.all()) == {first, second}
    assert not housing.actions.exists()
    assert list(health.officers.all()) == [officer] and not housing.officers.exists()
    first.refresh_from_db()
    assert first.version == 2  # a form opened before the merge is stale
    page = client.get(url("action-detail", first.pk)).content.decode()
    timeline = page[page.index("Timeline") : page.index("Changes to this action")]
    assert housing.name in timeline and "Health" in timeline
    assert ChangeRecord.objects.for_object(second).get().changes["leads"] == [
        sorted(["Health", housing.name]),
        ["Health"],
    ]
    listing = client.get(url("lead-list")).content.decode()
    assert "Merged into Health" in listing
    # A retired lead is no longer offered, for an action or an officer.
    assert housing not in council_leads(council)
    leads_page = client.get(reverse("actionplans:my-actions"))
    assert leads_page.status_code == 200


def test_a_lead_cannot_be_merged_into_itself_another_councils_or_a_retired_one(
    council, other_council, owner
):
    mine = Lead.objects.create(organisation=council, name="Mine")
    theirs = Lead.objects.create(organisation=other_council, name="Theirs")
    gone = Lead.objects.create(organisation=council, name="Gone")
    lead_retire(lead=gone, retired_by=owner)
    for into in (mine, theirs, gone):
        with pytest.raises(ValidationError):
            lead_merge(lead=mine, into=into, merged_by=owner)
    assert Lead.objects.get(pk=mine.pk).retired_at is None


def test_a_lead_with_open_actions_is_not_retired_and_the_person_is_told_why(
    client, council, owner, plan
):
    lead = Lead.objects.get(actions__plan=plan, actions__number=1)
    client.force_login(owner)

    page = client.post(url("lead-retire", lead.pk), {"sure": "yes"}).content.decode()

    assert f"\u201c{lead.name}\u201d leads 3 open actions. Give them another lead" in page
    assert Lead.objects.get(pk=lead.pk).retired_at is None
    for action in plan.actions.all():
        action_close(action=action, closed_by=owner, reason="Done another way")
    assert client.post(url("lead-retire", lead.pk), {"sure": "no"}).status_code == 302
    assert Lead.objects.get(pk=lead.pk).retired_at is None
    assert client.post(url("lead-retire", lead.pk), {"sure": "yes"}).status_code == 302
    lead.refresh_from_db()
    assert lead.retired_at is not None
    assert set(lead.actions.all()) == set(plan.actions.all())  # its past stays its own


def test_a_retired_lead_cannot_be_given_to_a_new_action(council, owner, plan):
    gone = Lead.objects.create(organisation=council, name="Gone")
    lead_retire(lead=gone, retired_by=owner)
    with pytest.raises(ValidationError) as refused:
        action_add(
            key_outcome=plan.key_outcomes.get(), added_by=owner, description="x", leads=[gone]
        )
    assert refused.value.message_dict == {"leads": ["Select leads that have not been retired"]}
    assert not Action.objects.filter(description="x").exists()


@pytest.mark.parametrize("persona", ["officer", "board", "viewer", "outsider"])
def test_the_services_refuse_anyone_but_the_councils_plan_keepers(council, personas, persona):
    actor = personas[persona]
    one = Lead.objects.create(organisation=council, name="One")
    two = Lead.objects.create(organisation=council, name="Two")
    calls = [
        lambda: lead_add(organisation=council, added_by=actor, name="Three", kind="service"),
        lambda: lead_rename(lead=one, changed_by=actor, name="Uno", kind="service"),
        lambda: lead_merge(lead=one, into=two, merged_by=actor),
        lambda: lead_retire(lead=one, retired_by=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not ChangeRecord.objects.exists()
    assert Lead.objects.filter(retired_at__isnull=True).count() == 2


def test_the_council_home_offers_the_leads_to_plan_keepers_only(client, personas):
    home = reverse("governance:council-home", kwargs={"org": "testshire"})
    for role, offered in [("owner", True), ("admin", True), ("officer", False), ("viewer", False)]:
        client.force_login(personas[role])
        assert (url("lead-list") in client.get(home).content.decode()) is offered, role
