"""The demonstration layer gives Lancashire a current plan carried from its seeded 2014-17 one
(issue 13), through the carry-over service, and leaves the seeded plan as the seed made it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    DeadlineChange,
    KeyOutcome,
    PlanSection,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
)
from actionplans.permissions import REPORTING_ROLES
from governance.models import Board, Meeting
from governance.seeding.demo import demo_layer_add
from governance.seeding.demo_plan import CARRIED_PLANS
from strategies.models import ChangeRecord, Organisation, Strategy

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

User = get_user_model()

SEEDED_PLAN = CARRIED_PLANS["lancashire"].from_plan


@pytest.fixture
def lancashire(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed", council=["lancashire"], verbosity=0)
    return Organisation.objects.get(slug="lancashire")


def add_demo(organisation: Organisation) -> None:
    demo_layer_add(
        organisations=[organisation], password="demo-password", today=timezone.localdate()
    )


def seeded_plan_state() -> dict:
    """Every row of the seeded plan and its history, as plain values."""
    plan = ActionPlan.objects.get(title=SEEDED_PLAN)
    actions = Action.objects.filter(plan=plan)
    return {
        "plan": ActionPlan.objects.filter(pk=plan.pk).values().get(),
        "strategy": Strategy.objects.filter(pk=plan.strategy_id).values().get(),
        "sections": list(PlanSection.objects.filter(plan=plan).order_by("pk").values()),
        "outcomes": list(KeyOutcome.objects.filter(plan=plan).order_by("pk").values()),
        "actions": list(actions.order_by("pk").values()),
        "leads": sorted(
            Action.leads.through.objects.filter(action__plan=plan).values_list(
                "action_id", "lead_id"
            )
        ),
        "updates": list(ProgressUpdate.objects.filter(action__plan=plan).order_by("pk").values()),
        "moves": list(DeadlineChange.objects.filter(action__plan=plan).order_by("pk").values()),
        "periods": list(ReportingPeriod.objects.filter(plan=plan).order_by("pk").values()),
        "records": list(
            ChangeRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(Action),
                object_id__in=list(actions.values_list("pk", flat=True)),
            )
            .order_by("pk")
            .values()
        ),
    }


def test_the_seeded_plan_and_its_history_are_exactly_as_the_seed_left_them(lancashire):
    seeded = seeded_plan_state()

    add_demo(lancashire)

    assert seeded["actions"] and seeded["updates"]  # the source's three notes are there
    now = seeded_plan_state()
    # Its strategy alone is marked superseded by the demonstration's, through the service.
    demo = Strategy.objects.get(organisation=lancashire, is_demo=True)
    strategy_now, strategy_seeded = now.pop("strategy"), seeded.pop("strategy")
    assert strategy_now == strategy_seeded | {
        "status": Strategy.Status.SUPERSEDED,
        "superseded_by_id": demo.pk,
        "updated_at": strategy_now["updated_at"],
    }
    assert now == seeded
    record = ChangeRecord.objects.for_object(Strategy.objects.get(pk=demo.supersedes.get().pk))
    assert record.get().changes == {
        "status": ["approved", "superseded"],
        "superseded_by": [None, demo.title],
    }


def test_a_newcomer_meets_the_current_plan_alone(lancashire, client):
    """The seeded plan's actions, open and ten years overdue, are history once its strategy
    is superseded: they are in no officer's My actions, not on the council dashboard and not
    in a board pack unless asked for (actionplans.models.plans.superseded_q)."""
    add_demo(lancashire)
    seeded = ActionPlan.objects.get(title=SEEDED_PLAN)
    current = ActionPlan.objects.get(strategy__organisation=lancashire, strategy__is_demo=True)
    assert seeded.actions.filter(status=Action.Status.OPEN).exists()

    client.force_login(User.objects.get(username="lancashire-officer"))
    mine = client.get(reverse("actionplans:my-actions")).content.decode()
    theirs = Action.objects.filter(leads__officers__username="lancashire-officer").distinct()
    assert theirs.filter(plan=current).exists() and theirs.filter(plan=seeded).exists()
    listed = Action.objects.for_my_actions(
        User.objects.get(username="lancashire-officer"),
        on=timezone.localdate(),
        roles=REPORTING_ROLES,
    )
    assert set(listed) == set(theirs.filter(plan=current, status=Action.Status.OPEN))
    for action in theirs:
        link = reverse("actionplans:action-detail", kwargs={"org": "lancashire", "pk": action.pk})
        assert action.plan_id == current.pk or f'href="{link}"' not in mine, action
    assert mine.count('href="/councils/lancashire/actions/') == min(listed.count(), 50)
    dashboard = client.get(
        reverse("governance:council-dashboard", kwargs={"org": "lancashire"})
    ).content.decode()
    assert current.title in dashboard and SEEDED_PLAN not in dashboard
    for meeting in Meeting.objects.filter(board__plans=seeded, date__gte=timezone.localdate()):
        assert seeded not in meeting.default_pack_plans()
        assert current in meeting.default_pack_plans()


def test_lancashire_gets_a_current_plan_whose_actions_each_carry_on_a_seeded_one(lancashire):
    seeded = ActionPlan.objects.get(title=SEEDED_PLAN)
    open_seeded = set(seeded.actions.filter(status=Action.Status.OPEN).values_list("pk", flat=True))
    today = timezone.localdate()

    add_demo(lancashire)

    plan = ActionPlan.objects.get(strategy__organisation=lancashire, strategy__is_demo=True)
    actions = list(plan.actions.select_related("carried_from"))
    assert plan.title == f"Children Looked After Action Plan {plan.strategy.period_start_year}-" + (
        f"{plan.strategy.period_end_year % 100:02d}"
    )
    assert plan.strategy.period_end_year >= today.year
    assert {action.carried_from.plan_id for action in actions} == {seeded.pk}
    assert {action.carried_from_id for action in actions} == open_seeded
    assert [o.title for o in plan.key_outcomes.order_by("number")] == [
        o.title for o in seeded.key_outcomes.order_by("number")
    ]
    # Current deadlines: a few just passed, as in a plan under way, none by years.
    deadlines = [action.deadline for action in actions]
    assert None not in deadlines
    assert min(deadlines) > today - datetime.timedelta(days=365)
    assert any(deadline < today for deadline in deadlines)
    assert any(deadline > today for deadline in deadlines)


def test_every_seeded_and_carried_action_is_under_a_key_outcome_of_its_own_plan(lancashire):
    """What Action.objects.of_plan (the plan table's rows) relies on, for seeded, carried
    and demonstration actions alike."""
    add_demo(lancashire)

    actions = Action.objects.filter(plan__strategy__organisation=lancashire)
    assert actions.count() > 100
    assert not actions.exclude(key_outcome__plan=F("plan")).exists()
    for plan in ActionPlan.objects.filter(strategy__organisation=lancashire):
        assert list(Action.objects.of_plan(plan)) == list(plan.actions.all())


def test_the_current_plan_holds_the_demonstration_history_all_marked(lancashire):
    add_demo(lancashire)

    plan = ActionPlan.objects.get(strategy__organisation=lancashire, strategy__is_demo=True)
    periods = ReportingPeriod.objects.filter(plan=plan)
    updates = ProgressUpdate.objects.filter(action__plan=plan)
    assert periods.exists() and not periods.filter(is_demo=False).exists()
    assert periods.current(on=timezone.localdate()) is not None
    assert updates.exists() and not updates.filter(is_demo=False).exists()
    assert plan.actions.exclude(rag=Rag.NOT_RATED).exists()
    assert not DeadlineChange.objects.filter(action__plan=plan, is_demo=False).exists()
    # The boards that oversee the seeded plan oversee the current one, and meet about it.
    boards = Board.objects.filter(plans__title=SEEDED_PLAN)
    assert boards.exists()
    assert set(boards) == set(Board.objects.filter(plans=plan))
    assert plan.boards.filter(meetings__is_demo=True).exists()


def test_seeding_again_keeps_the_current_plan_on_its_boards_and_sets_up_no_second(
    lancashire, monkeypatch
):
    add_demo(lancashire)
    plan = ActionPlan.objects.get(strategy__is_demo=True)
    boards = set(plan.boards.all())

    monkeypatch.setenv("PLEDGE_DEMO_PASSWORD", "demo-password")
    call_command("seed", council=["lancashire"], verbosity=0)
    call_command("seed", "--demo", council=["lancashire"], verbosity=0)

    assert ActionPlan.objects.get(strategy__is_demo=True) == plan
    assert set(plan.boards.all()) == boards
    assert Strategy.objects.filter(is_demo=True).count() == 1
