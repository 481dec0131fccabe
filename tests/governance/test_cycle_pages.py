"""The reporting cycle's pages (governance/cycle/): a plan owner sets the cadence, aligned to
the board's meetings too, moves a period's deadline and pauses reminders; scheduling a
meeting adds the period up to it. Who may reach each page is in tests/test_url_access.py."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Lead
from governance.boards.services import meeting_schedule
from strategies.models import ChangeRecord
from tests.conftest import build_meeting, build_period

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def url(name, council, pk, **more):
    return reverse(f"governance:{name}", kwargs={"org": council.slug, "pk": pk, **more})


def test_a_plan_owner_sets_a_quarterly_cadence_and_sees_the_periods_it_made(
    client, council, owner, plan
):
    client.force_login(owner)

    response = client.post(
        url("plan-cadence", council, plan.pk),
        {"cadence": "quarterly", "update_deadline_days": "10", "reminder_days_before": "5"},
        follow=True,
    )

    assert response.redirect_chain == [(url("plan-periods", council, plan.pk), 302)]
    page = response.content.decode()
    assert "Reporting cadence saved: 2 periods added" in page
    assert "10 days before the period ends" in page
    assert "5 days before the update deadline" in page
    assert plan.periods.count() == 2


def test_periods_aligned_to_meetings_follow_the_boards_meetings_and_a_new_meeting_adds_one(
    client, council, owner, plan
):
    today = timezone.localdate()
    meeting = build_meeting(council, plan, date=today + datetime.timedelta(days=40))
    client.force_login(owner)

    client.post(
        url("plan-cadence", council, plan.pk),
        {"cadence": "meetings", "update_deadline_days": "7"},
    )
    later = today + datetime.timedelta(days=100)
    meeting_schedule(board=meeting.board, date=later, title="", scheduled_by=owner)

    assert list(plan.periods.order_by("starts_on").values_list("ends_on", "update_deadline")) == [
        (meeting.date, meeting.date - datetime.timedelta(days=7)),
        (later, later - datetime.timedelta(days=7)),
    ]
    added = plan.periods.get(ends_on=later)
    record = ChangeRecord.objects.for_object(plan).latest("pk")
    assert (record.actor, record.changes) == (owner, {"periods": [[], [added.name]]})


def test_aligning_to_meetings_without_one_ahead_says_what_to_do(client, council, owner, plan):
    client.force_login(owner)

    response = client.post(
        url("plan-cadence", council, plan.pk), {"cadence": "meetings", "update_deadline_days": "7"}
    )

    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Schedule the next meeting of the plan&#x27;s board first" in page
    plan.refresh_from_db()
    assert (plan.cadence, plan.periods.count()) == ("", 0)


def test_no_cadence_chosen_says_select_one(client, council, owner, plan):
    client.force_login(owner)

    response = client.post(url("plan-cadence", council, plan.pk), {"update_deadline_days": "7"})

    assert "Select how often the plan reports" in response.content.decode()
    assert plan.periods.count() == 0


def test_a_deadline_before_the_period_starts_is_refused_on_the_form(client, council, owner, plan):
    period = build_period(plan)
    client.force_login(owner)

    response = client.post(
        url("period-deadline", council, period.pk),
        {"deadline_0": "30", "deadline_1": "9", "deadline_2": "2026"},
    )

    assert "The update deadline must be on or after the day the period starts" in (
        response.content.decode()
    )
    period.refresh_from_db()
    assert period.update_deadline == datetime.date(2026, 12, 15)


def test_pausing_from_the_periods_page_shows_paused(client, council, owner, plan):
    period = build_period(plan)
    lead = Lead.objects.filter(actions__plan=plan).distinct().get()
    client.force_login(owner)

    client.post(url("period-reminders", council, period.pk), {"paused": "yes"})
    response = client.post(
        url("lead-reminders", council, plan.pk, lead=lead.pk), {"paused": "yes"}, follow=True
    )

    page = response.content.decode()
    assert page.count("Paused</strong>") == 2
    assert f"Reminders paused for {lead.name}" in page
    assert (
        client.post(url("period-reminders", council, period.pk), {"paused": "1"}).status_code == 400
    )


def test_the_plan_table_links_to_its_periods(client, council, officer, plan):
    client.force_login(officer)

    response = client.get(reverse("actionplans:plan-detail", args=[council.slug, plan.pk]))

    assert url("plan-periods", council, plan.pk) in response.content.decode()
