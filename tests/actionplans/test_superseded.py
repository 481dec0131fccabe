"""A superseded strategy's plans are history (actionplans.models.plans.superseded_q): officers
are no longer asked for their updates, reminders leave them alone and a board pack leaves them
out unless it is asked for them; their pages and records stay. Setting which strategy replaces
another goes through the strategy's service and form, within the council."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Lead
from actionplans.reminders import sending
from actionplans.reminders.due import chase_due
from strategies.models import ChangeRecord, Strategy
from strategies.setup import (
    REPLACED_ONLY_WHEN_SUPERSEDED,
    SELECT_REPLACED_BY,
    STRATEGY_FIELDS,
    strategy_edit,
)
from tests.conftest import build_meeting, build_period, build_plan, build_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def old_and_new(council, officer):
    """Two plans of the council, one lead on both, which `officer` acts for."""
    old = build_plan(council, title="Plan 2014-17", actions=2)
    new = build_plan(council, title="Plan 2026-29", actions=1)
    lead = Lead.objects.filter(actions__plan=old).distinct().get()
    Action.objects.get(plan=new).leads.set([lead])
    lead.officers.add(officer)
    return old, new


def supersede(strategy: Strategy, by: Strategy | None, actor, **changes) -> Strategy:
    fields = {name: getattr(strategy, name) for name in STRATEGY_FIELDS}
    return strategy_edit(
        strategy=strategy,
        changed_by=actor,
        **fields | {"status": Strategy.Status.SUPERSEDED, "superseded_by": by} | changes,
    )


def my_actions(client) -> str:
    return client.get(reverse("actionplans:my-actions")).content.decode()


def test_my_actions_leaves_out_the_plans_of_a_superseded_strategy(
    client, old_and_new, officer, owner
):
    old, new = old_and_new
    client.force_login(officer)
    assert "Action 1 of Plan 2014-17" in my_actions(client)

    supersede(old.strategy, new.strategy, owner)

    page = my_actions(client)
    assert "Action 1 of Plan 2014-17" not in page
    assert "Action 1 of Plan 2026-29" in page
    # History, not gone: the old plan's page still shows its actions, and says why.
    plan_page = client.get(
        reverse("actionplans:plan-detail", kwargs={"org": old.organisation.slug, "pk": old.pk})
    ).content.decode()
    assert "Action 1 of Plan 2014-17" in plan_page
    assert "This plan's strategy has been superseded by" in plan_page
    assert new.strategy.title in plan_page


def test_reminders_and_chase_now_leave_a_superseded_strategys_plan_alone(
    settings, old_and_new, officer, owner
):
    settings.PLEDGE_SITE_URL = "https://pledge.example.org"
    settings.PLEDGE_REMINDER_DAYS_BEFORE = 7
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    old, new = old_and_new
    build_period(old)
    on = datetime.date(2026, 12, 16)  # the day after the period's update deadline
    assert chase_due(old, on=on)

    supersede(old.strategy, new.strategy, owner)

    assert chase_due(old, on=on) == []
    mail.outbox = []
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    sending.reminders_send(now=moment)
    assert mail.outbox == []


def test_a_board_pack_leaves_out_a_superseded_strategys_plan_unless_asked(
    council, old_and_new, owner
):
    old, new = old_and_new
    meeting = build_meeting(council, old)
    meeting.board.plans.add(new)
    assert meeting.default_pack_plans() == [old, new]

    supersede(old.strategy, new.strategy, owner)

    assert meeting.default_pack_plans() == [new]
    assert list(meeting.pack_plans()) == [old, new]  # it can still be chosen


def test_which_strategy_replaces_another_is_recorded_and_shown(client, council, owner):
    old, new = build_strategy(council, title="2014-17"), build_strategy(council, title="2026-29")

    supersede(old, new, owner)

    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (Strategy.Status.SUPERSEDED, new)
    record = ChangeRecord.objects.for_object(old).get()
    assert record.changes == {
        "status": ["approved", "superseded"],
        "superseded_by": [None, "2026-29"],
    }
    assert set(ActionPlan.objects.current()) == set()  # neither has a plan
    client.force_login(owner)
    page = client.get(
        reverse("strategies:strategy-detail", kwargs={"org": council.slug, "pk": old.pk})
    ).content.decode()
    assert "2026-29" in page


@pytest.mark.parametrize(
    ("whose", "status", "message"),
    [
        ("other council's", Strategy.Status.SUPERSEDED, SELECT_REPLACED_BY),
        ("its own", Strategy.Status.SUPERSEDED, SELECT_REPLACED_BY),
        ("the council's", Strategy.Status.APPROVED, REPLACED_ONLY_WHEN_SUPERSEDED),
    ],
)
def test_a_strategy_is_replaced_only_by_another_of_the_council_and_only_when_superseded(
    council, other_council, owner, whose, status, message
):
    old, new = build_strategy(council), build_strategy(council)
    by = {
        "other council's": build_strategy(other_council),
        "its own": old,
        "the council's": new,
    }[whose]

    with pytest.raises(ValidationError) as refused:
        supersede(old, by, owner, status=status)

    assert refused.value.message_dict == {"superseded_by": [message]}
    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (Strategy.Status.APPROVED, None)
    assert not ChangeRecord.objects.for_object(old).exists()


def test_the_strategy_form_offers_only_the_councils_other_strategies(
    client, council, other_council, owner
):
    old, new = build_strategy(council, title="2014-17"), build_strategy(council, title="2026-29")
    theirs = build_strategy(other_council, title="Their strategy")
    client.force_login(owner)
    address = reverse("strategies:strategy-edit", kwargs={"org": council.slug, "pk": old.pk})

    form = client.get(address).content.decode()
    assert 'name="superseded_by"' in form
    assert f'value="{new.pk}"' in form
    assert f'value="{old.pk}"' not in form and "Their strategy" not in form

    values = {
        "title": old.title,
        "period_start_year": old.period_start_year,
        "period_end_year": old.period_end_year,
        "status": "superseded",
    }
    refused = client.post(address, values | {"superseded_by": theirs.pk})
    assert SELECT_REPLACED_BY in refused.content.decode()
    old.refresh_from_db()
    assert old.status == Strategy.Status.APPROVED
    answer = client.post(address, values | {"superseded_by": new.pk})
    assert answer.status_code == 302
    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (Strategy.Status.SUPERSEDED, new)
