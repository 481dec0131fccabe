"""Plan owners and administrators add actions, change their wording, reference and leads, move
them between key outcomes and reorder them. Each change is in the action's timeline (from
what, to what, who, when) and never rewrites a progress update; a stale form is refused. Who
may reach each page is tests/test_url_access.py's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from actionplans.action_setup import action_add, action_edit, action_move, action_reorder
from actionplans.models import Action, KeyOutcome, Lead, ProgressUpdate, Rag
from actionplans.services import StaleActionError, action_close, progress_update_record
from strategies.models import ChangeRecord
from tests.conftest import build_plan
from tests.test_hostile_input import CORPUS, NEVER

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def url(name: str, pk: int) -> str:
    return reverse(f"actionplans:{name}", kwargs={"org": "testshire", "pk": pk})


def test_an_action_is_added_at_the_end_of_its_key_outcome_with_leads_and_a_deadline(
    client, council, owner, plan
):
    key_outcome = plan.key_outcomes.get()
    lead = Lead.objects.get(actions__plan=plan.pk, actions__number=1)
    client.force_login(owner)

    answer = client.post(
        url("action-create", key_outcome.pk),
        {"description": "Open a drop-in", "reference": "1.4", "deadline_text": "June 2027",
         "leads": [lead.pk]},
    )  # fmt: skip

    added = Action.objects.get(description="Open a drop-in")
    assert answer["Location"] == url("plan-setup", plan.pk)
    assert (added.number, added.label, str(added.deadline), list(added.leads.all())) == (
        4,
        "1.4",
        "2027-06-30",
        [lead],
    )
    assert (added.status, added.rag) == (Action.Status.OPEN, Rag.NOT_RATED)
    record = ChangeRecord.objects.for_object(added).get()
    assert record.changes["leads"] == [None, [lead.name]]
    assert added.description in client.get(url("plan-detail", plan.pk)).content.decode()


def test_a_reference_is_kept_once_per_plan_and_leads_only_of_the_council(
    client, council, other_council, owner, plan
):
    Action.objects.filter(plan=plan, number=1).update(reference="1.1")
    theirs = Lead.objects.create(organisation=other_council, name="Theirs")
    key_outcome = plan.key_outcomes.get()
    client.force_login(owner)

    create = url("action-create", key_outcome.pk)
    page = client.post(create, {"description": "Again", "reference": "1.1"}).content.decode()
    assert "Another action of this plan has the reference 1.1" in page
    page = client.post(create, {"description": "Again", "leads": [theirs.pk]}).content.decode()
    assert "Select leads of this council only" in page
    with pytest.raises(ValidationError) as refused:
        action_add(key_outcome=key_outcome, added_by=owner, description="x", leads=[theirs])
    assert refused.value.message_dict == {"leads": ["Select leads of this council only"]}
    assert plan.actions.count() == 3


def test_changing_the_wording_and_leads_is_in_the_timeline_and_the_update_stays_as_written(
    client, council, owner, officer, plan
):
    action = plan.actions.order_by("number").first()
    old_lead = action.leads.get()
    new_lead = Lead.objects.create(organisation=council, name="Virtual School")
    progress_update_record(action=action, author=owner, narrative="Two flats let", rag=Rag.GREEN)
    action.refresh_from_db()
    client.force_login(owner)

    answer = client.post(
        url("action-edit", action.pk),
        {"description": "Open four flats", "reference": "", "leads": [new_lead.pk],
         "version": action.version},
    )  # fmt: skip

    assert answer.status_code == 302
    action.refresh_from_db()
    assert (action.description, list(action.leads.all())) == ("Open four flats", [new_lead])
    assert ProgressUpdate.objects.get(action=action).narrative == "Two flats let"
    page = client.get(url("action-detail", action.pk)).content.decode()
    timeline = page[page.index("Timeline") : page.index("Changes to this action")]
    assert "Action changed" in timeline and "by owner" in timeline
    assert "Action 1 of" in timeline and "Open four flats" in timeline  # from what, to what
    assert old_lead.name in timeline and "Virtual School" in timeline
    assert timeline.index("Action changed") < timeline.index("Two flats let")  # newest first
    record = ChangeRecord.objects.for_object(action).first()
    assert record.changes["leads"] == [[old_lead.name], ["Virtual School"]]
    assert record.summary == "Action 1.1 changed: wording, leads"


def test_a_change_from_a_form_opened_before_another_change_is_refused(client, owner, plan):
    action = plan.actions.order_by("number").first()
    seen = action.version
    action_edit(
        action=action, changed_by=owner, description="Theirs", reference="", leads=[],
        expected_version=seen,
    )  # fmt: skip
    client.force_login(owner)

    page = client.post(
        url("action-edit", action.pk), {"description": "Mine", "version": seen}
    ).content.decode()

    assert "Someone changed this action after you opened this page" in page
    action.refresh_from_db()
    assert action.description == "Theirs"
    with pytest.raises(StaleActionError):
        action_move(
            action=action,
            moved_by=owner,
            key_outcome=KeyOutcome.objects.create(plan=plan, number=2, title="Heard"),
            expected_version=seen,
        )


def test_an_action_moves_to_the_end_of_another_key_outcome_of_its_plan_only(
    client, council, owner, plan
):
    action = plan.actions.order_by("number").first()
    heard = KeyOutcome.objects.create(plan=plan, number=2, title="Care leavers are heard")
    action_add(key_outcome=heard, added_by=owner, description="Ask them")
    elsewhere = build_plan(council, actions=0).key_outcomes.get()
    client.force_login(owner)

    refused = client.post(
        url("action-move", action.pk), {"key_outcome": elsewhere.pk, "version": action.version}
    )
    assert "Select a key outcome of this plan" in refused.content.decode()
    answer = client.post(
        url("action-move", action.pk), {"key_outcome": heard.pk, "version": action.version}
    )

    action.refresh_from_db()
    assert (answer.status_code, action.key_outcome, action.number, action.label) == (
        302,
        heard,
        2,
        "2.2",
    )
    page = client.get(url("action-detail", action.pk)).content.decode()
    assert "Key outcome" in page and "Care leavers are heard" in page


def test_reordering_swaps_an_action_with_its_neighbour_and_stops_at_the_ends(owner, plan):
    first, second, third = plan.actions.order_by("number")

    action_reorder(action=second, moved_by=owner, up=True)
    action_reorder(action=third, moved_by=owner, up=False)  # already last: nothing

    order = list(plan.actions.order_by("number").values_list("description", flat=True))
    assert order == [second.description, first.description, third.description]
    assert ChangeRecord.objects.for_object(second).get().changes == {"number": [2, 1]}
    assert not ChangeRecord.objects.for_object(third).exists()


def test_the_reorder_buttons_post_and_come_back_to_the_key_outcome(client, owner, plan):
    first, second, _ = plan.actions.order_by("number")
    client.force_login(owner)
    setup = client.get(url("plan-setup", plan.pk)).content.decode()
    assert url("action-reorder", second.pk) in setup

    answer = client.post(url("action-reorder", first.pk), {"direction": "down"})

    assert answer["Location"].endswith(f"#key-outcome-{first.key_outcome_id}")
    second.refresh_from_db()
    assert second.number == 1
    assert (
        client.post(url("action-reorder", first.pk), {"direction": "sideways"}).status_code == 400
    )


def test_a_retired_action_cannot_be_reworded_but_can_be_moved_keeping_its_history(
    council, owner, plan
):
    action = plan.actions.order_by("number").first()
    action_close(action=action, closed_by=owner, reason="The service does it now")
    with pytest.raises(ValidationError):
        action_edit(action=action, changed_by=owner, description="x", reference="", leads=[])
    heard = KeyOutcome.objects.create(plan=plan, number=2, title="Heard")
    action_move(action=action, moved_by=owner, key_outcome=heard)
    assert ChangeRecord.objects.for_object(action).count() == 2


@pytest.mark.parametrize("persona", ["officer", "board", "viewer", "outsider"])
def test_the_services_refuse_anyone_but_the_councils_plan_keepers(personas, persona, plan):
    actor = personas[persona]
    action = plan.actions.order_by("number").first()
    heard = KeyOutcome.objects.create(plan=plan, number=2, title="Heard")
    calls = [
        lambda: action_add(key_outcome=heard, added_by=actor, description="x"),
        lambda: action_edit(
            action=action, changed_by=actor, description="x", reference="", leads=[]
        ),
        lambda: action_move(action=action, moved_by=actor, key_outcome=heard),
        lambda: action_reorder(action=action, moved_by=actor, up=False),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not ChangeRecord.objects.exists()


def test_the_action_page_offers_changes_to_plan_keepers_only(client, personas, plan):
    action = plan.actions.first()
    for role, offered in [("owner", True), ("admin", True), ("officer", False), ("board", False)]:
        client.force_login(personas[role])
        page = client.get(url("action-detail", action.pk)).content.decode()
        assert (url("action-edit", action.pk) in page) is offered, role
        assert (url("action-move", action.pk) in page) is offered, role


def test_a_retired_action_leaves_the_plan_table_and_counts_but_its_page_and_history_stay(
    client, council, owner, plan
):
    retired = plan.actions.order_by("number").first()
    action_close(action=retired, closed_by=owner, reason="The service does it now")
    client.force_login(owner)

    table = client.get(url("plan-detail", plan.pk)).content.decode()
    asked = client.get(url("plan-detail", plan.pk) + "?status=not_needed").content.decode()
    download = client.get(url("plan-export-csv", plan.pk)).content.decode("utf-8-sig")

    assert retired.description not in table and "2 actions" in table
    assert retired.description in asked and "No longer needed" in asked
    assert retired.description not in download
    assert sum(n for *_, n in plan.actions.rag_counts()) == 2
    page = client.get(url("action-detail", retired.pk)).content.decode()
    assert "The service does it now" in page


@pytest.mark.parametrize("name", ["script", "quotes", "template-tag", "right-to-left"])
def test_hostile_wording_is_shown_escaped_in_the_timeline_and_the_set_up_page(
    client, owner, plan, name
):
    text = CORPUS[name]
    action = plan.actions.order_by("number").first()
    action_edit(action=action, changed_by=owner, description=f"x {text}", reference="", leads=[])
    action_edit(action=action, changed_by=owner, description="Plain", reference="", leads=[])
    client.force_login(owner)
    for page_url in (url("action-detail", action.pk), url("plan-setup", plan.pk)):
        page = client.get(page_url).content.decode()
        for bad in NEVER:
            assert bad not in page, (page_url, bad)
    page = client.get(url("action-detail", action.pk)).content.decode()
    assert escape(f"x {text}") in page  # the wording it had, in the timeline


def test_the_set_up_page_costs_the_same_queries_however_many_actions(client, owner, plan):
    client.force_login(owner)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("plan-setup", plan.pk)).status_code == 200
        return len(captured)

    few = count_queries()
    second = KeyOutcome.objects.create(plan=plan, number=2, title="Heard")
    for number in range(6):
        action_add(key_outcome=second, added_by=owner, description=f"More {number}")
    assert count_queries() == few


def test_each_set_up_change_of_an_action_is_recorded_in_words_a_board_reads(owner, plan):
    key_outcome = plan.key_outcomes.get()
    lead = Lead.objects.get(actions__plan=plan.pk, actions__number=1)
    heard = KeyOutcome.objects.create(plan=plan, number=2, title="Care leavers are heard")

    added = action_add(
        key_outcome=key_outcome,
        added_by=owner,
        description="Open a drop-in",
        leads=[lead],
        reference="1.4",
        deadline_text="June 2027",
    )
    plain = action_add(key_outcome=heard, added_by=owner, description="Ask them")
    action_move(action=added, moved_by=owner, key_outcome=heard)
    action_reorder(action=added, moved_by=owner, up=True)

    def said(action):
        return [
            (record.actor, record.summary, record.changes)
            for record in ChangeRecord.objects.for_object(action).order_by("pk")
        ]

    assert said(added) == [
        (
            owner,
            "Action 1.4 added under key outcome 1",
            {
                "description": [None, "Open a drop-in"],
                "leads": [None, [lead.name]],
                "reference": [None, "1.4"],
                "deadline_text": [None, "June 2027"],
            },
        ),
        (
            owner,
            "Action moved from key outcome 1 to key outcome 2",
            {"key_outcome": [key_outcome.title, heard.title], "number": [4, 2]},
        ),
        (owner, "Action moved up in key outcome 2", {"number": [2, 1]}),
    ]
    # No reference, deadline or principles: the record names only what was given.
    assert said(plain)[0][1:] == (
        "Action 2.1 added under key outcome 2",
        {"description": [None, "Ask them"], "leads": [None, []]},
    )


def test_an_actions_set_up_refusals_are_worded_on_their_fields_and_limits_kept(owner, plan):
    key_outcome = plan.key_outcomes.get()

    with pytest.raises(ValidationError) as refused:
        action_add(
            key_outcome=key_outcome,
            added_by=owner,
            description="D" * 2001,
            reference="R" * 21,
        )
    assert refused.value.message_dict == {
        "description": ["The action must be 2,000 characters or fewer"],
        "reference": ["The reference must be 20 characters or fewer"],
    }
    with pytest.raises(ValidationError) as refused:
        action_add(key_outcome=key_outcome, added_by=owner, description=" ", deadline_text="x")
    assert refused.value.message_dict == {"description": ["Enter what the action is"]}
    with pytest.raises(ValidationError) as refused:
        action_add(
            key_outcome=key_outcome, added_by=owner, description="Ask", deadline_text="W" * 201
        )
    assert refused.value.message_dict == {
        "deadline_text": ["The deadline must be 200 characters or fewer"]
    }
    assert plan.actions.count() == 3

    kept = action_add(
        key_outcome=key_outcome,
        added_by=owner,
        description="D" * 2000,
        reference="R" * 20,
        deadline_text="W" * 200,
    )
    assert (len(kept.description), len(kept.reference), len(kept.deadline_text)) == (2000, 20, 200)
    assert kept.deadline is None  # no date in the words
