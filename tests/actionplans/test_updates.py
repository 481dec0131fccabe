"""Adding a progress update: who may, where it goes, what it warns about, how it says no.

The stale-form flow is in test_stale.py; deadlines, closing, the audit trail, the timeline
and My actions in test_history.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.models import ActionStatus, DeadlineChange, Lead, ProgressUpdate, Rag
from actionplans.permissions import can_update_action
from actionplans.services import ENTER_PROGRESS, SELECT_RAG, progress_update_record
from strategies.models import ChangeRecord, CouncilRole
from tests.actionplans.updating import form_fields, officer_action, url
from tests.conftest import build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

UPDATE = "actionplans:update-create"
DEADLINE = "actionplans:deadline-change"
CLOSE = "actionplans:action-close"


def update_data(action, **fields) -> dict:
    return {"narrative": "Two flats found.", "rag": Rag.AMBER, "version": action.version} | fields


# Who may -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("officer", True), ("owner", True), ("admin", True), ("board", False), ("viewer", False)],
)
def test_each_role_may_add_an_update_only_if_it_can_act_for_the_action(
    client, council, personas, role, allowed
):
    action = officer_action(council, personas["officer"])
    client.force_login(personas[role])

    shown = client.get(url(UPDATE, action))
    posted = client.post(url(UPDATE, action), update_data(action))

    assert shown.status_code == (200 if allowed else 403)
    assert posted.status_code == (302 if allowed else 403)
    assert ProgressUpdate.objects.filter(action=action).count() == (1 if allowed else 0)


def test_an_officer_who_does_not_act_for_the_actions_lead_is_refused(
    client, council, officer, make_person
):
    action = officer_action(council, officer)
    stranger = make_person("other-officer", council, "officer")
    Lead.objects.create(organisation=council, name="Health").officers.add(stranger)
    client.force_login(stranger)

    for name in (UPDATE, DEADLINE, CLOSE):
        assert client.get(url(name, action)).status_code == 403
    assert client.post(url(UPDATE, action), update_data(action)).status_code == 403
    assert not ProgressUpdate.objects.filter(action=action).exists()
    page = client.get(url("actionplans:action-detail", action))
    assert b"Add a progress update" not in page.content


@pytest.mark.parametrize("role", ["viewer", "board"])
def test_a_viewer_or_board_member_who_acts_for_the_lead_still_may_not_change_its_actions(
    client, council, personas, role
):
    person = personas[role]
    action = officer_action(council, person)  # adds them to the action's lead's officers
    client.force_login(person)
    moved = {"new_text": "June 2031", "reason": "Funding moved", "version": action.version}

    for name, data in ((UPDATE, update_data(action)), (DEADLINE, moved)):
        assert client.get(url(name, action)).status_code == 403, name
        assert client.post(url(name, action), data).status_code == 403, name

    assert not ProgressUpdate.objects.exists() and not DeadlineChange.objects.exists()
    assert not can_update_action(CouncilRole.objects.get(user=person), action)


def test_someone_from_another_council_gets_404_and_saves_nothing(
    client, council, officer, outsider
):
    action = officer_action(council, officer)
    client.force_login(outsider)
    assert client.get(url(UPDATE, action)).status_code == 404
    assert client.post(url(UPDATE, action), update_data(action)).status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [("officer", False), ("owner", True), ("admin", True)]
)
def test_only_plan_managers_may_mark_an_action_no_longer_needed(
    client, council, personas, role, allowed
):
    action = officer_action(council, personas["officer"])
    client.force_login(personas[role])
    response = client.post(url(CLOSE, action), {"reason": "Merged", "version": action.version})
    assert response.status_code == (302 if allowed else 403)
    action.refresh_from_db()
    assert action.status == (ActionStatus.NOT_NEEDED if allowed else ActionStatus.OPEN)


# Where it goes -------------------------------------------------------------------------------


def test_an_update_is_saved_to_the_current_period_with_its_author_and_rating(
    client, council, officer
):
    action = officer_action(council, officer)
    today = timezone.localdate()
    build_period(  # an older period, still open: updates go to the newest that has begun
        action.plan,
        name="Last quarter",
        starts_on=today - datetime.timedelta(days=120),
        ends_on=today - datetime.timedelta(days=31),
    )
    build_period(  # a future period has not begun
        action.plan,
        name="Next quarter",
        starts_on=today + datetime.timedelta(days=61),
        ends_on=today + datetime.timedelta(days=150),
    )
    client.force_login(officer)

    page = client.get(url(UPDATE, action))
    assert b"This quarter" in page.content
    response = client.post(url(UPDATE, action), update_data(action, narrative="  Two flats.  "))

    assert response.status_code == 302
    assert response["Location"] == url("actionplans:action-detail", action)
    update = ProgressUpdate.objects.get(action=action)
    assert (update.period.name, update.author, update.rag) == ("This quarter", officer, Rag.AMBER)
    assert update.narrative == "Two flats."
    action.refresh_from_db()
    assert (action.rag, action.version) == (Rag.AMBER, 2)


def test_the_update_service_refuses_a_closed_period_another_plans_period_and_no_rating(
    council, officer
):
    action = officer_action(council, officer)
    closed = build_period(action.plan, name="Q1", locked_at=timezone.now())
    elsewhere = build_period(build_plan(council), name="Q2 elsewhere")

    refusals = []
    for narrative, rag, period in [
        (" ", Rag.NOT_RATED, closed),
        ("x" * 5001, "purple", elsewhere),
    ]:
        with pytest.raises(ValidationError) as refused:
            progress_update_record(
                action=action, author=officer, narrative=narrative, rag=rag, period=period
            )
        refusals.append(refused.value.message_dict)

    assert refusals == [
        {
            "narrative": [ENTER_PROGRESS],
            "rag": [SELECT_RAG],
            "period": ["Q1 has been reported to the board and is closed"],
        },
        {
            "narrative": ["Progress must be 5,000 characters or fewer"],
            "rag": [SELECT_RAG],
            "period": ["Q2 elsewhere is a reporting period of another plan"],
        },
    ]
    assert not ProgressUpdate.objects.exists()


def test_an_update_recorded_for_a_given_moment_dates_the_update_the_action_and_the_record(
    council, officer
):
    action = officer_action(council, officer)
    at = datetime.datetime(2027, 2, 3, 10, 30, tzinfo=datetime.UTC)

    update = progress_update_record(
        action=action, author=officer, narrative="Going", rag=Rag.RED, period=None, recorded_at=at
    )

    assert (update.created_at, update.rag, update.author) == (at, Rag.RED, officer)
    assert (action.updated_at, action.rag, action.version) == (at, Rag.RED, 2)
    record = ChangeRecord.objects.for_object(action).get()
    assert (record.at, record.changes) == (at, {"rag": ["none", "red"]})


def test_updates_are_appended_never_replaced(client, council, officer):
    action = officer_action(council, officer)
    client.force_login(officer)
    client.post(url(UPDATE, action), update_data(action, narrative="First"))
    action.refresh_from_db()
    client.post(url(UPDATE, action), update_data(action, narrative="Correction", rag=Rag.RED))
    narratives = ProgressUpdate.objects.filter(action=action).order_by("created_at", "pk")
    assert [update.narrative for update in narratives] == ["First", "Correction"]


def test_marking_complete_rates_the_action_blue_and_records_it(client, council, officer):
    action = officer_action(council, officer)
    client.force_login(officer)
    response = client.post(url(UPDATE, action), update_data(action, rag=Rag.GREEN, complete="on"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag) == (ActionStatus.COMPLETE, Rag.BLUE)
    record = ChangeRecord.objects.for_object(action).get()
    assert record.summary == "Marked complete"
    assert record.changes["status"] == [ActionStatus.OPEN, ActionStatus.COMPLETE]


# Warnings ------------------------------------------------------------------------------------


def test_an_overdue_action_rated_green_is_warned_about_then_saved_on_confirming(
    client, council, officer
):
    action = officer_action(council, officer, overdue=True, green_means="On track to finish.")
    client.force_login(officer)

    warned = client.post(url(UPDATE, action), update_data(action, rag=Rag.GREEN))

    assert warned.status_code == 200
    page = warned.content.decode()
    assert "Check this before you save. Nothing has been saved yet." in page
    assert "The action is overdue (its deadline was 31 January 2020)" in page
    assert "The plan says Green means &quot;On track to finish&quot;. Check the rating" in page
    assert not ProgressUpdate.objects.exists()
    fields = form_fields(warned)
    assert fields["narrative"] == "Two flats found."
    assert fields["rag"] == Rag.GREEN
    assert fields["confirmed"] == f"{action.version}:overdue-green"

    saved = client.post(url(UPDATE, action), fields)
    assert saved.status_code == 302
    assert ProgressUpdate.objects.get(action=action).rag == Rag.GREEN


def test_complete_but_red_is_warned_about_and_saved_blue_on_confirming(client, council, officer):
    action = officer_action(council, officer)
    client.force_login(officer)
    warned = client.post(url(UPDATE, action), update_data(action, rag=Rag.RED, complete="on"))
    assert "You marked the action complete but rated it Red." in warned.content.decode()
    assert not ProgressUpdate.objects.exists()

    assert client.post(url(UPDATE, action), form_fields(warned)).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag) == (ActionStatus.COMPLETE, Rag.BLUE)


def test_a_rating_the_plans_definitions_contradict_is_warned_about(client, council, officer):
    action = officer_action(
        council,
        officer,
        overdue=True,
        amber_means="Slightly behind but on track overall",
        red_means="Deadline missed, or off track",
    )
    client.force_login(officer)
    warned = client.post(url(UPDATE, action), update_data(action, rag=Rag.AMBER))
    page = warned.content.decode()
    assert "The plan says Amber means &quot;Slightly behind but on track overall&quot;" in page
    assert "The plan says Red means &quot;Deadline missed, or off track&quot;" in page
    assert form_fields(warned)["confirmed"] == f"{action.version}:definition-amber,definition-red"
    assert not ProgressUpdate.objects.exists()


def test_no_warning_when_the_rating_fits_the_facts(client, council, officer):
    action = officer_action(council, officer, overdue=True, red_means="Deadline missed")
    client.force_login(officer)
    assert client.post(url(UPDATE, action), update_data(action, rag=Rag.RED)).status_code == 302


def test_an_answer_changed_after_confirming_is_warned_about_again(client, council, officer):
    action = officer_action(council, officer, overdue=True)
    client.force_login(officer)
    warned = client.post(url(UPDATE, action), update_data(action, rag=Rag.GREEN))
    fields = form_fields(warned) | {"rag": Rag.RED, "complete": "on"}

    again = client.post(url(UPDATE, action), fields)

    assert again.status_code == 200
    assert "You marked the action complete but rated it Red." in again.content.decode()
    assert form_fields(again)["confirmed"] == f"{action.version}:complete-not-blue"
    assert not ProgressUpdate.objects.exists()


def test_a_confirmation_for_another_version_does_not_skip_a_warning(client, council, officer):
    action = officer_action(council, officer, overdue=True)
    client.force_login(officer)
    data = update_data(action, rag=Rag.GREEN, confirmed=f"{action.version + 1}:overdue-green")
    assert client.post(url(UPDATE, action), data).status_code == 200
    assert not ProgressUpdate.objects.exists()


def test_rating_a_completed_action_again_warns_that_it_reopens(client, council, officer):
    action = officer_action(council, officer)
    client.force_login(officer)
    client.post(url(UPDATE, action), update_data(action, rag=Rag.GREEN, complete="on"))
    action.refresh_from_db()
    warned = client.post(url(UPDATE, action), update_data(action, rag=Rag.AMBER))
    assert "The action is marked complete. Rating it Amber reopens it." in (warned.content.decode())
    assert client.post(url(UPDATE, action), form_fields(warned)).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag) == (ActionStatus.OPEN, Rag.AMBER)


# Errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "messages"),
    [
        (UPDATE, {}, ["Enter what progress has been made", "Select a RAG rating"]),
        (
            UPDATE,
            {"narrative": " \u200b\ufeff\u202e ", "rag": "blue"},
            ["Enter what progress has been made", "Select a RAG rating"],
        ),
        (
            DEADLINE,
            {"new_text": "  "},
            ["Enter the new deadline", "Enter the reason for changing the deadline"],
        ),
        (CLOSE, {"reason": "\u200b"}, ["Enter why this action is no longer needed"]),
    ],
)
def test_empty_answers_get_govuk_error_messages_that_say_what_to_enter(
    client, council, officer, owner, name, data, messages
):
    action = officer_action(council, officer)
    client.force_login(owner)
    response = client.post(url(name, action), {"version": action.version} | data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "There is a problem" in page
    for message in messages:
        assert page.count(message) == 2  # in the summary and beside the field
    assert ChangeRecord.objects.count() == 0
    action.refresh_from_db()
    assert action.version == 1


def test_a_narrative_over_the_limit_is_refused_with_the_limit(client, council, officer):
    action = officer_action(council, officer)
    client.force_login(officer)
    too_long = client.post(url(UPDATE, action), update_data(action, narrative="x" * 5001))
    assert "Progress must be 5,000 characters or fewer" in too_long.content.decode()
    assert not ProgressUpdate.objects.exists()
    at_limit = client.post(url(UPDATE, action), update_data(action, narrative="x" * 5000))
    assert at_limit.status_code == 302
