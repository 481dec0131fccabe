"""Councils' data revisions move with every committed change, and only then."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import transaction

from actionplans.models import (
    Action,
    ActionPlan,
    DeadlineChange,
    KeyOutcome,
    Lead,
    Measure,
    MeasureValue,
    PlanSection,
    ProgressUpdate,
    Rag,
)
from actionplans.services import action_deadline_change, progress_update_record
from governance.models import (
    AgendaItem,
    Board,
    BoardPack,
    Meeting,
    Recommendation,
    RecommendationUpdate,
    Response,
    VoiceItem,
)
from strategies.audit import change_record
from strategies.models import (
    CarePrinciple,
    Objective,
    Organisation,
    StrategyPrinciple,
)
from strategies.revisions import APPS, COUNCIL_OF, EVERY_COUNCIL, NOT_SHOWN, council_of
from tests.conftest import build_meeting, build_period, build_plan, build_strategy

pytestmark = pytest.mark.sqlite


def revision(council: Organisation) -> int:
    return Organisation.objects.get(pk=council.pk).data_revision


def test_every_model_of_the_councils_apps_names_its_way_to_a_council():
    labels = {m._meta.label for app in APPS for m in apps.get_app_config(app).get_models()}
    assert labels - set(COUNCIL_OF) - NOT_SHOWN == set(), "add them to COUNCIL_OF or NOT_SHOWN"
    for label, lookup in COUNCIL_OF.items():
        if lookup in (EVERY_COUNCIL, "pk"):
            continue
        model = apps.get_model(label)
        for part in lookup.split("__"):
            model = model._meta.get_field(part).related_model
        assert model is Organisation, f"{label}: {lookup} does not end at a council"


@pytest.mark.django_db
def test_rows_of_each_kind_name_their_own_council(council, other_council):
    plan = build_plan(council, actions=1)
    action = plan.actions.select_related(None).get()
    fresh = type(action).objects.get(pk=action.pk)  # nothing loaded: one query to find it
    assert council_of(fresh) == council.pk
    assert council_of(action.key_outcome) == council.pk
    assert council_of(Lead.objects.create(organisation=other_council, name="X")) == (
        other_council.pk
    )
    assert council_of(other_council) == other_council.pk


@pytest.mark.django_db
def test_a_service_change_moves_its_council_once_when_it_commits(
    council, other_council, owner, django_capture_on_commit_callbacks
):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    before, elsewhere = revision(council), revision(other_council)
    with django_capture_on_commit_callbacks() as callbacks:
        # Several rows in one transaction: an update, the action, an audit record.
        progress_update_record(
            action=action, author=owner, narrative="Done", rag=Rag.GREEN, period=None
        )
        assert revision(council) == before, "moved before the change committed"
    assert len(callbacks) == 1
    callbacks[0]()
    assert (revision(council), revision(other_council)) == (before + 1, elsewhere)


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_moves_its_council_and_a_rolled_back_one_nothing(
    council, other_council, owner
):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    before, elsewhere = revision(council), revision(other_council)
    with pytest.raises(RuntimeError), transaction.atomic():
        action_deadline_change(
            action=action, changed_by=owner, new_text="March 2027", reason="Delayed"
        )
        raise RuntimeError("the request failed after the change")
    assert revision(council) == before
    action_deadline_change(action=action, changed_by=owner, new_text="May 2027", reason="Later")
    assert (revision(council), revision(other_council)) == (before + 1, elsewhere)


@pytest.mark.django_db
def test_links_deletions_and_shared_data_move_revisions(
    council, other_council, django_capture_on_commit_callbacks
):
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    lead = Lead.objects.create(organisation=council, name="Virtual School")
    for change, moved in [
        (lambda: action.leads.add(lead), {council}),
        (lambda: lead.actions.remove(action), {council}),
        (lambda: action.delete(), {council}),
        (lambda: CarePrinciple.objects.create(number=99, text="Shared"), {council, other_council}),
    ]:
        before = {c: revision(c) for c in (council, other_council)}
        # Each in a transaction of its own, as a request or the admin makes it.
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            change()
        after = {c: revision(c) for c in (council, other_council)}
        assert {c for c in after if after[c] != before[c]} == moved


@pytest.mark.django_db
def test_saving_a_council_read_earlier_never_puts_an_older_revision_back(council):
    stale = Organisation.objects.get(pk=council.pk)
    Organisation.objects.filter(pk=council.pk).update(data_revision=7)
    stale.name = "Testshire Council"
    stale.save()
    assert Organisation.objects.values_list("name", "data_revision").get(pk=council.pk) == (
        "Testshire Council",
        7,
    )


def test_only_the_councils_models_are_listened_to():
    """A listener on every model would make Django delete sessions and sign-in failures one
    row at a time (no fast delete for a model with delete signals)."""
    from django.contrib.sessions.models import Session
    from django.db.models.signals import pre_delete

    from accounts.models import SignInFailure

    assert not pre_delete.has_listeners(Session) and not pre_delete.has_listeners(SignInFailure)
    assert all(pre_delete.has_listeners(apps.get_model(label)) for label in COUNCIL_OF)


def _rename(council: Organisation) -> None:
    council.name = "Testshire Council"
    council.save()


# One new row of each kind that a council's pages show, made from `rows` (council_rows below).
NEW_ROW: dict[str, Callable[[SimpleNamespace], object]] = {
    "strategies.Organisation": lambda rows: _rename(rows.council),
    "strategies.Strategy": lambda rows: build_strategy(rows.council),
    "strategies.Objective": lambda rows: Objective.objects.create(
        strategy=rows.plan.strategy, number=2, title="Be healthy"
    ),
    "strategies.StrategyPrinciple": lambda rows: StrategyPrinciple.objects.create(
        strategy=rows.plan.strategy, number=1, text="Listen first"
    ),
    "strategies.CarePrinciple": lambda rows: CarePrinciple.objects.create(number=99, text="Shared"),
    "strategies.ChangeRecord": lambda rows: change_record(
        organisation=rows.council, actor=None, obj=rows.plan, summary="Checked"
    ),
    "actionplans.ActionPlan": lambda rows: ActionPlan.objects.create(
        strategy=rows.plan.strategy, title="Another plan"
    ),
    "actionplans.PlanSection": lambda rows: PlanSection.objects.create(
        plan=rows.plan, number=2, title="Health"
    ),
    "actionplans.ReportingPeriod": lambda rows: build_period(rows.plan),
    "actionplans.KeyOutcome": lambda rows: KeyOutcome.objects.create(
        plan=rows.plan, number=2, title="Care leavers are healthy"
    ),
    "actionplans.Lead": lambda rows: Lead.objects.create(
        organisation=rows.council, name="Virtual School"
    ),
    "actionplans.Action": lambda rows: Action.objects.create(
        plan=rows.plan,
        key_outcome=rows.action.key_outcome,
        number=2,
        description="Another action",
        deadline_text="Ongoing",
    ),
    "actionplans.ProgressUpdate": lambda rows: ProgressUpdate.objects.create(
        action=rows.action, narrative="Going", rag=Rag.AMBER
    ),
    "actionplans.DeadlineChange": lambda rows: DeadlineChange.objects.create(
        action=rows.action, old_text="March 2030", new_text="May 2031", reason="Late start"
    ),
    "actionplans.Measure": lambda rows: Measure.objects.create(
        organisation=rows.council, name="Care leavers in work", good_direction="up"
    ),
    "actionplans.MeasureValue": lambda rows: MeasureValue.objects.create(
        measure=rows.measure, date=datetime.date(2026, 3, 31), value=41
    ),
    "governance.Board": lambda rows: Board.objects.create(
        organisation=rows.council, name="Another board", kind=Board.Kind.PANEL
    ),
    "governance.Meeting": lambda rows: Meeting.objects.create(
        board=rows.meeting.board, date=datetime.date(2027, 4, 20)
    ),
    "governance.AgendaItem": lambda rows: AgendaItem.objects.create(
        meeting=rows.meeting, number=1, title="The action plan"
    ),
    "governance.BoardPack": lambda rows: BoardPack.objects.create(meeting=rows.meeting),
    "governance.Recommendation": lambda rows: Recommendation.objects.create(
        board=rows.meeting.board, meeting=rows.meeting, text="Report by district"
    ),
    "governance.RecommendationUpdate": lambda rows: RecommendationUpdate.objects.create(
        recommendation=rows.recommendation, text="Drafted", status="in_progress"
    ),
    "governance.VoiceItem": lambda rows: VoiceItem.objects.create(
        organisation=rows.council, said="More help with money"
    ),
    "governance.Response": lambda rows: Response.objects.create(
        voice_item=rows.voice_item, text="A budgeting course"
    ),
}


@pytest.fixture
def council_rows(council) -> SimpleNamespace:
    """A council with one row of each kind the new rows hang from."""
    plan = build_plan(council, actions=1)
    meeting = build_meeting(council, plan)
    return SimpleNamespace(
        council=council,
        plan=plan,
        action=plan.actions.get(),
        meeting=meeting,
        measure=Measure.objects.create(organisation=council, name="Stability", good_direction="up"),
        recommendation=Recommendation.objects.create(board=meeting.board, text="Listen"),
        voice_item=VoiceItem.objects.create(organisation=council, said="Be heard"),
    )


def test_there_is_a_new_row_below_for_every_kind_that_moves_a_revision():
    """So a kind dropped from COUNCIL_OF (or moved to NOT_SHOWN) fails here and below."""
    assert set(NEW_ROW) - set(COUNCIL_OF) == set(), "these kinds no longer move a revision"
    assert set(COUNCIL_OF) - set(NEW_ROW) == set(), "add a new row of these kinds to NEW_ROW"


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(NEW_ROW))
def test_a_new_row_of_each_kind_moves_its_councils_revision_when_it_commits(
    label, council_rows, other_council, django_capture_on_commit_callbacks
):
    council = council_rows.council
    before, elsewhere = revision(council), revision(other_council)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        NEW_ROW[label](council_rows)
        assert revision(council) == before, "moved before the change committed"

    moved_elsewhere = elsewhere + 1 if label == "strategies.CarePrinciple" else elsewhere
    assert (revision(council), revision(other_council)) == (before + 1, moved_elsewhere)
