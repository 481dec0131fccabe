"""History is never lost: deadline changes, closing, the audit trail, the timeline.

And choices that never offer another council's leads, objectives, plans or actions. The
officer's own queue is in test_my_actions.py.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionStatus, DeadlineChange, Lead, ProgressUpdate, Rag
from actionplans.services import (
    ENTER_CLOSE_REASON,
    ENTER_DEADLINE,
    ENTER_DEADLINE_REASON,
    StaleActionError,
    action_close,
    action_deadline_change,
    progress_update_record,
)
from strategies.models import ChangeRecord, Objective
from tests.actionplans.updating import officer_action, url
from tests.conftest import build_meeting, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

DETAIL = "actionplans:action-detail"


def test_a_deadline_change_keeps_the_original_and_records_who_when_and_why(
    client, council, officer
):
    action = officer_action(council, officer)
    client.force_login(officer)
    before = timezone.now()
    for words, reason in (("June 2031", "Builder went bust"), ("Ongoing", "Now a standing duty")):
        data = {"new_text": words, "reason": reason, "version": action.version}
        assert client.post(url("actionplans:deadline-change", action), data).status_code == 302
        action.refresh_from_db()

    assert (action.deadline_text, action.deadline, action.version) == ("Ongoing", None, 3)
    first, second = DeadlineChange.objects.filter(action=action).order_by("changed_at", "pk")
    assert (first.old_text, first.old_date, first.new_text, first.new_date) == (
        "March 2030",
        datetime.date(2030, 3, 31),
        "June 2031",
        datetime.date(2031, 6, 30),
    )
    assert (second.old_text, second.new_text, second.reason) == (
        "June 2031",
        "Ongoing",
        "Now a standing duty",
    )
    assert {first.changed_by, second.changed_by} == {officer}
    assert before <= first.changed_at <= second.changed_at <= timezone.now()

    page = client.get(url(DETAIL, action)).content.decode()
    assert "Originally: <bdi>March 2030</bdi>" in page
    assert "From <bdi>June 2031</bdi> to <bdi>Ongoing</bdi>." in page
    assert "Reason: <bdi>Builder went bust</bdi>" in page
    assert "No date can be read from these words, so this action is never overdue" in page


def test_every_change_writes_a_change_record_shown_on_the_action_page(
    client, council, officer, owner
):
    action = officer_action(council, officer)
    client.force_login(officer)
    client.post(
        url("actionplans:update-create", action),
        {"narrative": "Going", "rag": Rag.AMBER, "version": 1},
    )
    client.post(
        url("actionplans:deadline-change", action),
        {"new_text": "June 2031", "reason": "Late start", "version": 2},
    )
    client.post(
        url("actionplans:update-create", action),
        {"narrative": "Done", "rag": Rag.GREEN, "complete": "on", "version": 3},
    )
    other = officer_action(council, officer)
    client.force_login(owner)
    client.post(url("actionplans:action-close", other), {"reason": "Duplicate", "version": 1})

    records = list(ChangeRecord.objects.order_by("at", "pk"))
    assert [(r.object_id, r.actor, r.summary) for r in records] == [
        (action.pk, officer, "Progress update, rated Amber"),
        (action.pk, officer, "Deadline changed: Late start"),
        (action.pk, officer, "Marked complete"),
        (other.pk, owner, "Marked no longer needed: Duplicate"),
    ]
    assert {r.organisation for r in records} == {council}
    assert {r.content_type for r in records} == {ContentType.objects.get_for_model(Action)}
    assert records[0].changes == {"rag": ["none", "amber"]}
    assert records[1].changes == {
        "deadline_text": ["March 2030", "June 2031"],
        "deadline": ["2030-03-31", "2031-06-30"],
    }
    assert records[2].changes == {"rag": ["amber", "blue"], "status": ["open", "complete"]}
    assert records[3].changes == {"status": ["open", "not_needed"]}

    page = client.get(url(DETAIL, action)).content.decode()
    history = page[page.index("Changes to this action") :]
    summaries = re.findall(r"<bdi>([^<]+)</bdi>", history)
    assert summaries == [
        "Marked complete",
        "Deadline changed: Late start",
        "Progress update, rated Amber",
    ]
    assert history.count(str(officer)) == 3


def test_closing_as_no_longer_needed_keeps_the_reason_and_stops_updates(
    client, council, officer, owner
):
    action = officer_action(council, officer)
    progress_update_record(
        action=action, author=officer, narrative="Started", rag=Rag.AMBER, period=None
    )
    action.refresh_from_db()
    client.force_login(owner)
    data = {"reason": "Merged into the housing action", "version": action.version}
    assert client.post(url("actionplans:action-close", action), data).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag) == (ActionStatus.NOT_NEEDED, Rag.AMBER)
    assert action.closed_reason == "Merged into the housing action"

    page = client.get(url(DETAIL, action)).content.decode()
    assert "Why no longer needed" in page and "Merged into the housing action" in page
    assert "Started" in page  # its history stays
    assert "Add a progress update" not in page
    for name in ("actionplans:update-create", "actionplans:deadline-change"):
        assert client.get(url(name, action)).status_code == 403
    client.force_login(officer)
    assert client.get(url("actionplans:update-create", action)).status_code == 403


def test_the_timeline_lists_updates_and_deadline_changes_newest_first(client, council, officer):
    action = officer_action(council, officer)
    start = timezone.now() - datetime.timedelta(days=10)
    moments = [start + datetime.timedelta(days=day) for day in range(4)]
    progress_update_record(
        action=action,
        author=officer,
        narrative="Oldest",
        rag=Rag.RED,
        period=None,
        recorded_at=moments[0],
    )
    action_deadline_change(
        action=action,
        changed_by=officer,
        new_text="May 2031",
        reason="Second",
        changed_at=moments[1],
    )
    progress_update_record(
        action=action,
        author=officer,
        narrative="Third",
        rag=Rag.AMBER,
        period=None,
        recorded_at=moments[2],
    )
    action_deadline_change(
        action=action,
        changed_by=officer,
        new_text="June 2031",
        reason="Newest",
        changed_at=moments[3],
    )
    client.force_login(officer)
    response = client.get(url(DETAIL, action))

    timeline = response.context["timeline"]
    assert [entry.at for entry in timeline] == sorted(moments, reverse=True)
    page = response.content.decode()
    positions = [page.index(text) for text in ("Newest", "Third", "Second", "Oldest")]
    assert positions == sorted(positions)


def test_the_deadline_service_needs_words_and_a_reason_within_limits_and_an_open_action(
    council, officer
):
    action = officer_action(council, officer)

    refusals = []
    for new_text, reason in [(" ", "\u200b"), ("x" * 201, "y" * 2001)]:
        with pytest.raises(ValidationError) as refused:
            action_deadline_change(
                action=action, changed_by=officer, new_text=new_text, reason=reason
            )
        refusals.append(refused.value.message_dict)
    with pytest.raises(StaleActionError):
        action_deadline_change(
            action=action, changed_by=officer, new_text="May", reason="Late", expected_version=9
        )
    action_close(action=action, closed_by=officer, reason="Merged")
    with pytest.raises(ValidationError) as closed:
        action_deadline_change(action=action, changed_by=officer, new_text="May", reason="Late")

    assert refusals == [
        {"new_text": [ENTER_DEADLINE], "reason": [ENTER_DEADLINE_REASON]},
        {
            "new_text": ["The new deadline must be 200 characters or fewer"],
            "reason": ["The reason must be 2,000 characters or fewer"],
        },
    ]
    assert closed.value.messages == ["Only an open action's deadline can be changed"]
    assert not DeadlineChange.objects.exists()


def test_a_moved_deadline_is_read_from_its_words_and_recorded_when_it_moved(council, officer):
    action = officer_action(council, officer)
    at = datetime.datetime(2027, 2, 3, 10, 30, tzinfo=datetime.UTC)

    action_deadline_change(
        action=action, changed_by=officer, new_text="June 2031", reason="Funding", changed_at=at
    )

    assert (action.deadline_text, action.deadline) == ("June 2031", datetime.date(2031, 6, 30))
    assert (action.updated_at, action.version) == (at, 2)
    assert ChangeRecord.objects.for_object(action).get().at == at


def test_the_close_service_needs_a_reason_within_the_limit_and_an_open_action(council, officer):
    action = officer_action(council, officer)

    refusals = []
    for reason in ("  ", "x" * 2001):
        with pytest.raises(ValidationError) as refused:
            action_close(action=action, closed_by=officer, reason=reason)
        refusals.append(refused.value.message_dict)
    action_close(action=action, closed_by=officer, reason="Merged into 2.1")
    with pytest.raises(ValidationError) as again:
        action_close(action=action, closed_by=officer, reason="Merged twice")

    assert refusals == [
        {"reason": [ENTER_CLOSE_REASON]},
        {"reason": ["The reason must be 2,000 characters or fewer"]},
    ]
    assert again.value.messages == ["Only an open action can be marked no longer needed"]
    with pytest.raises(ValidationError) as update:
        progress_update_record(
            action=action, author=officer, narrative="Done", rag=Rag.GREEN, period=None
        )
    assert update.value.messages == ["This action is no longer needed, so it cannot be updated"]
    assert ChangeRecord.objects.for_object(action).count() == 1


def test_closing_is_recorded_at_the_moment_the_action_changed(council, officer):
    action = officer_action(council, officer)

    closed = action_close(action=action, closed_by=officer, reason="Merged into 2.1")

    record = ChangeRecord.objects.for_object(action).get()
    assert (closed.status, closed.closed_reason) == (ActionStatus.NOT_NEEDED, "Merged into 2.1")
    assert record.at == closed.updated_at
    assert record.summary == "Marked no longer needed: Merged into 2.1"


def test_a_deadline_change_or_update_made_by_a_person_is_not_demo_data_and_a_seeded_one_is(
    council, officer
):
    action = officer_action(council, officer)

    change = action_deadline_change(
        action=action, changed_by=officer, new_text="June 2031", reason="Funding moved"
    )
    update = progress_update_record(
        action=action, author=officer, narrative="Going", rag=Rag.AMBER, period=None
    )

    assert (change.is_demo, update.is_demo) == (False, False)
    seeded = action_deadline_change(
        action=action, changed_by=None, new_text="July 2031", reason="Demo", is_demo=True
    )
    assert seeded.is_demo
    assert progress_update_record(
        action=action, author=None, narrative="Demo", rag=Rag.RED, period=None, is_demo=True
    ).is_demo


def test_choices_never_offer_another_councils_leads_objectives_plans_or_actions(
    client, council, other_council, owner
):
    plan = build_plan(council, actions=1)
    other = build_plan(other_council, actions=1)
    Objective.objects.filter(strategy=other.strategy).update(title="Their secret objective")
    Lead.objects.filter(organisation=other_council).update(name="Their secret lead")
    Action.objects.filter(plan=other).update(description="Their secret action")
    meeting = build_meeting(council, plan)
    build_meeting(other_council, other)
    client.force_login(owner)
    org = council.slug
    pages = [
        reverse("actionplans:plan-detail", kwargs={"org": org, "pk": plan.pk}),
        reverse("governance:agenda-item-create", kwargs={"org": org, "pk": meeting.pk}),
        reverse("governance:recommendation-create", kwargs={"org": org, "pk": meeting.pk}),
        reverse("governance:pack-build", kwargs={"org": org, "pk": meeting.pk}),
    ]
    for page_url in pages:
        page = client.get(page_url).content.decode()
        assert "Their secret" not in page, page_url
        assert other.title not in page, page_url
    plan_page = client.get(pages[0]).content.decode()
    assert plan.actions.get().leads.get().name in plan_page
    assert "Stay safe" in plan_page

    lead_there = Lead.objects.get(organisation=other_council)
    filtered = client.get(pages[0], {"lead": lead_there.pk})
    assert "Their secret" not in filtered.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "not-used")
    )
    return client


def test_the_admin_shows_a_progress_update_but_never_saves_a_change_to_it(
    superuser_client, council, officer
):
    action = officer_action(council, officer)
    update = progress_update_record(
        action=action, author=officer, narrative="Started", rag=Rag.AMBER, period=None
    )
    change_url = reverse("admin:actionplans_progressupdate_change", args=[update.pk])
    at = timezone.localtime(update.created_at)
    edited = {
        "action": action.pk,
        "period": "",
        "narrative": "Rewritten after the board met",
        "rag": Rag.GREEN,
        "author": officer.pk,
        "created_at_0": f"{at:%Y-%m-%d}",
        "created_at_1": f"{at:%H:%M:%S}",
        "source": "",
    }

    shown = superuser_client.get(change_url)
    saved = superuser_client.post(change_url, edited)

    assert shown.status_code == 200 and "Started" in shown.content.decode()
    assert not shown.context["has_change_permission"]
    assert saved.status_code == 403
    update.refresh_from_db()
    assert (update.narrative, update.rag) == ("Started", Rag.AMBER)


def test_the_admin_refuses_to_delete_a_progress_update(superuser_client, council, officer):
    action = officer_action(council, officer)
    update = progress_update_record(
        action=action, author=officer, narrative="Started", rag=Rag.AMBER, period=None
    )
    delete_url = reverse("admin:actionplans_progressupdate_delete", args=[update.pk])
    changelist = reverse("admin:actionplans_progressupdate_changelist")

    listed = superuser_client.get(changelist)
    asked = superuser_client.post(delete_url, {"post": "yes"})
    superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"}
    )

    assert listed.status_code == 200 and "delete_selected" not in listed.content.decode()
    assert asked.status_code == 403
    assert ProgressUpdate.objects.filter(pk=update.pk, narrative="Started").exists()


def test_the_admin_cannot_add_a_progress_update_around_the_service(superuser_client):
    """progress_update_record also moves the action's rating and version and writes the change
    record: a row added in the admin would do none of that."""
    add_url = reverse("admin:actionplans_progressupdate_add")

    assert superuser_client.get(add_url).status_code == 403
