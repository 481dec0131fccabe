"""A new plan is started from an old one: unfinished actions are carried into the new plan,
under the key outcomes chosen for theirs, each keeping a link back to its history; in the old
plan each is marked no longer needed, saying where it went (issue 13)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans.action_setup import SELECT_KEY_OUTCOME, plan_carry_over
from actionplans.models import Action, KeyOutcome, Lead, ProgressUpdate, Rag
from actionplans.services import progress_update_record
from actionplans.setup import plan_create
from strategies.models import ChangeRecord
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def url(name: str, pk: int) -> str:
    return reverse(f"actionplans:{name}", kwargs={"org": "testshire", "pk": pk})


@pytest.fixture
def old_and_new(council, owner):
    old = build_plan(council, actions=3, title="Plan 2023-26")
    first, second, _third = old.actions.order_by("number")
    progress_update_record(
        action=first, author=owner, narrative="Done", rag=Rag.GREEN, complete=True
    )
    progress_update_record(action=second, author=owner, narrative="Half way", rag=Rag.AMBER)
    Action.objects.filter(pk=second.pk).update(reference="4.3")
    new = plan_create(strategy=old.strategy, created_by=owner, title="Plan 2026-29")
    homes = KeyOutcome.objects.create(plan=new, number=1, title="Homes")
    return old, new, homes


def test_unfinished_actions_are_carried_under_the_chosen_key_outcome_with_a_link_back(
    client, owner, old_and_new
):
    old, new, homes = old_and_new
    old_outcome = old.key_outcomes.get()
    client.force_login(owner)
    page = url("plan-carry-over", new.pk)

    chosen = client.post(page, {"from_plan": old.pk})
    assert chosen["Location"] == f"{page}?from={old.pk}"
    form = client.get(chosen["Location"]).content.decode()
    assert "Key outcome 1: Care leavers have a home (2 unfinished)" in form
    answer = client.post(
        chosen["Location"], {"from_plan": old.pk, f"outcome_{old_outcome.pk}": homes.pk}
    )

    assert answer["Location"] == url("plan-setup", new.pk)
    carried = list(new.actions.order_by("number"))
    assert [action.description for action in carried] == [
        "Action 2 of Plan 2023-26",
        "Action 3 of Plan 2023-26",
    ]
    second = carried[0]
    assert (second.reference, second.key_outcome, second.status) == ("4.3", homes, "open")
    assert second.carried_from.description == "Action 2 of Plan 2023-26"
    assert list(second.leads.all()) == list(second.carried_from.leads.all())
    old_second = second.carried_from
    old_second.refresh_from_db()
    assert old_second.status == Action.Status.NOT_NEEDED
    assert old_second.closed_reason == "Carried into Plan 2026-29 as action 4.3"
    assert ProgressUpdate.objects.get(action=old_second).narrative == "Half way"  # history stays
    assert old.actions.get(number=1).status == Action.Status.COMPLETE  # finished: not carried
    detail = client.get(url("action-detail", second.pk)).content.decode()
    assert "Carried over from" in detail and url("action-detail", old_second.pk) in detail
    assert "Half way" in client.get(url("action-detail", old_second.pk)).content.decode()
    assert ChangeRecord.objects.for_object(second).get().summary == (
        "Carried over from Plan 2023-26, action 4.3"
    )


def test_key_outcomes_not_mapped_keep_their_actions_where_they_are(owner, old_and_new):
    old, new, _ = old_and_new
    with pytest.raises(ValidationError):
        plan_carry_over(
            from_plan=old, into_plan=new, mapping={old.key_outcomes.get().pk: None},
            carried_by=owner,
        )  # fmt: skip
    assert not new.actions.exists()
    assert old.actions.filter(status=Action.Status.OPEN).count() == 2


def test_only_another_plan_of_the_council_and_this_plans_key_outcomes_are_accepted(
    council, other_council, owner, old_and_new
):
    old, new, _homes = old_and_new
    elsewhere = build_plan(other_council, actions=1)
    with pytest.raises(ValidationError):
        plan_carry_over(from_plan=elsewhere, into_plan=new, mapping={}, carried_by=owner)
    with pytest.raises(ValidationError):
        plan_carry_over(from_plan=new, into_plan=new, mapping={}, carried_by=owner)
    other_outcome = build_plan(council, actions=0).key_outcomes.get()
    with pytest.raises(ValidationError):
        plan_carry_over(
            from_plan=old, into_plan=new, mapping={old.key_outcomes.get().pk: other_outcome},
            carried_by=owner,
        )  # fmt: skip
    assert not new.actions.exists()


def test_a_retired_lead_is_not_carried_and_a_taken_reference_is_left_to_the_label(
    council, owner, old_and_new
):
    old, new, homes = old_and_new
    second = old.actions.get(number=2)
    Lead.objects.filter(actions=second).update(retired_at="2026-01-01T00:00:00Z")
    Action.objects.create(plan=new, key_outcome=homes, number=1, description="x", reference="4.3")

    carried = plan_carry_over(
        from_plan=old, into_plan=new, mapping={old.key_outcomes.get().pk: homes}, carried_by=owner
    )

    assert carried[0].reference == "" and carried[0].label == "1.2"
    assert not carried[0].leads.exists()


@pytest.mark.parametrize("persona", ["officer", "board", "viewer", "outsider"])
def test_only_plan_keepers_carry_actions_over(personas, persona, old_and_new):
    old, new, homes = old_and_new
    with pytest.raises(PermissionDenied):
        plan_carry_over(
            from_plan=old, into_plan=new, mapping={old.key_outcomes.get().pk: homes},
            carried_by=personas[persona],
        )  # fmt: skip
    assert not new.actions.exists()


def test_carrying_with_retire_old_off_copies_the_same_and_leaves_the_old_plan_as_it_was(
    owner, old_and_new
):
    """The demonstration layer's way (governance/seeding/demo_plan.py): the seeded plan keeps
    its actions open and gains no change records."""
    old, new, homes = old_and_new

    def old_state():
        actions = list(old.actions.order_by("pk"))
        records = [list(ChangeRecord.objects.for_object(action).values()) for action in actions]
        return list(old.actions.order_by("pk").values()), records

    before = old_state()
    at = timezone.make_aware(datetime.datetime(2026, 1, 1, 9))

    carried = plan_carry_over(
        from_plan=old,
        into_plan=new,
        mapping={old.key_outcomes.get().pk: homes},
        carried_by=owner,
        retire_old=False,
        at=at,
    )

    assert [action.carried_from.number for action in carried] == [2, 3]
    assert old_state() == before
    assert {action.created_at for action in carried} == {at}
    assert {ChangeRecord.objects.for_object(action).get().at for action in carried} == {at}


def test_carrying_over_is_refused_in_words_and_recorded_on_both_actions(
    council, other_council, owner, old_and_new
):
    old, new, homes = old_and_new
    elsewhere = build_plan(other_council, actions=1)
    for from_plan in (elsewhere, new):
        with pytest.raises(ValidationError) as refused:
            plan_carry_over(from_plan=from_plan, into_plan=new, mapping={}, carried_by=owner)
        assert refused.value.message_dict == {"from_plan": ["Select another plan of this council"]}
    outcome = old.key_outcomes.get()
    with pytest.raises(ValidationError) as refused:
        plan_carry_over(from_plan=old, into_plan=new, mapping={outcome.pk: None}, carried_by=owner)
    assert refused.value.messages == [
        "Select a key outcome of this plan for at least one key outcome"
    ]
    Action.objects.filter(plan=old, number=2).update(deadline_text="March 2027")
    Action.objects.filter(plan=old, number=2).update(deadline=datetime.date(2027, 3, 31))
    at = timezone.now() - datetime.timedelta(days=1)

    second, _third = plan_carry_over(
        from_plan=old, into_plan=new, mapping={outcome.pk: homes}, carried_by=owner, at=at
    )

    assert (second.deadline_text, second.deadline, second.created_at) == (
        "March 2027",
        datetime.date(2027, 3, 31),
        at,
    )
    new_record = ChangeRecord.objects.for_object(second).get()
    assert (new_record.actor, new_record.at, new_record.changes) == (
        owner,
        at,
        {"carried_from": [None, "Plan 2023-26 4.3"]},
    )
    old_record = ChangeRecord.objects.for_object(second.carried_from).latest("pk")
    assert (old_record.actor, old_record.summary, old_record.changes) == (
        owner,
        "Carried into Plan 2026-29 as action 4.3",
        {"status": ["open", "not_needed"]},
    )


def test_a_carried_action_keeps_its_lead_words_and_a_reference_free_in_the_new_plan(
    owner, old_and_new
):
    """The plan's own words for the lead go across; a reference is kept unless the new plan
    has it already, whatever else the new plan holds; the new action and both records are
    dated the moment of carrying."""
    old, new, homes = old_and_new
    Action.objects.filter(plan=old, reference="4.3").update(leads_text="Housing Options team")
    Action.objects.create(plan=new, key_outcome=homes, number=1, description="Already here")
    when = timezone.make_aware(datetime.datetime(2026, 4, 1, 9))

    carried = plan_carry_over(
        from_plan=old,
        into_plan=new,
        mapping={old.key_outcomes.get().pk: homes},
        carried_by=owner,
        at=when,
    )

    half_way = next(action for action in carried if action.description.startswith("Action 2"))
    assert (half_way.reference, half_way.leads_text) == ("4.3", "Housing Options team")
    assert {action.updated_at for action in carried} == {when}
    retired = [action.carried_from for action in carried]
    records = ChangeRecord.objects.filter(summary__startswith="Carried")
    assert {record.object_id for record in records} == {a.pk for a in carried + retired}
    dates = {record.at for record in records}
    assert dates == {when}


def test_a_key_outcome_of_another_plan_is_refused_in_words(owner, old_and_new, council):
    old, new, _ = old_and_new
    elsewhere = build_plan(council, actions=0).key_outcomes.get()

    with pytest.raises(ValidationError) as refused:
        plan_carry_over(
            from_plan=old,
            into_plan=new,
            mapping={old.key_outcomes.get().pk: elsewhere},
            carried_by=owner,
        )

    assert refused.value.messages == [SELECT_KEY_OUTCOME]


def test_open_actions_under_a_key_outcome_not_mapped_stay_when_another_is_carried(
    owner, old_and_new
):
    old, new, homes = old_and_new
    heard = KeyOutcome.objects.create(plan=old, number=2, title="Care leavers are heard")
    staying = Action.objects.create(plan=old, key_outcome=heard, number=1, description="Ask")
    first_outcome = old.key_outcomes.get(number=1)

    carried = plan_carry_over(
        from_plan=old,
        into_plan=new,
        mapping={first_outcome.pk: homes, heard.pk: None},
        carried_by=owner,
    )

    assert {action.carried_from.key_outcome_id for action in carried} == {first_outcome.pk}
    staying.refresh_from_db()
    assert (staying.status, staying.carried_to.exists()) == ("open", False)


def test_a_mapping_naming_another_plans_key_outcome_is_refused_and_carries_nothing(
    council, owner, old_and_new
):
    old, new, homes = old_and_new
    other = build_plan(council, actions=2)
    open_before = old.actions.filter(status="open").count()

    with pytest.raises(ValidationError) as refused:
        plan_carry_over(
            from_plan=old,
            into_plan=new,
            mapping={old.key_outcomes.get().pk: homes, other.key_outcomes.get().pk: homes},
            carried_by=owner,
        )

    assert refused.value.messages == ["Carry over only the key outcomes of the plan you chose"]
    assert not new.actions.exists()
    assert old.actions.filter(status="open").count() == open_before
    assert other.actions.filter(status="open").count() == 2
