"""Councils' data revisions move with every committed change, and only then."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
from strategies import revisions
from strategies.audit import change_record
from strategies.models import (
    CarePrinciple,
    CouncilRevision,
    Objective,
    Organisation,
    StrategyPrinciple,
)
from strategies.revisions import COUNCIL_OF, EVERY_COUNCIL, NOT_SHOWN, council_of
from tests.conftest import build_meeting, build_period, build_plan, build_strategy

pytestmark = pytest.mark.sqlite

# The apps that hold a council's data; each registers its models from its AppConfig.ready().
APPS = ("strategies", "actionplans", "governance")


def revision(council: Organisation) -> int:
    return Organisation.objects.get(pk=council.pk).data_revision


def updates(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]


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
    assert len(callbacks) > 1, "one callback for each row saved"
    with CaptureQueriesContext(connection) as committed:
        for callback in callbacks:  # as Django runs them after the commit
            callback()
    assert len(updates(committed)) == 1
    assert (revision(council), revision(other_council)) == (before + 1, elsewhere)


@pytest.mark.django_db
def test_one_transaction_changing_two_councils_moves_both_in_one_update(
    council, other_council, django_capture_on_commit_callbacks
):
    before = {c: revision(c) for c in (council, other_council)}
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        Lead.objects.create(organisation=council, name="Virtual School")
        with transaction.atomic():  # a savepoint, released
            Lead.objects.create(organisation=other_council, name="Leaving Care")
            Lead.objects.create(organisation=other_council, name="Fostering")
    with CaptureQueriesContext(connection) as committed:
        for callback in callbacks:
            callback()
    assert len(updates(committed)) == 1
    assert {c: revision(c) for c in before} == {c: n + 1 for c, n in before.items()}


@pytest.mark.django_db(transaction=True)
def test_a_change_made_without_a_transaction_moves_its_council_at_once(council, other_council):
    before, elsewhere = revision(council), revision(other_council)
    Lead.objects.create(organisation=council, name="Virtual School")
    assert (revision(council), revision(other_council)) == (before + 1, elsewhere)


@pytest.mark.django_db(transaction=True)
def test_a_change_after_a_rolled_back_one_still_moves_its_council(council, owner):
    """The callback of a rolled-back change is dropped by Django, but its council stays
    pending: the next change of the council must register a callback of its own."""
    action = build_plan(council, actions=1).actions.get()
    before = revision(council)
    with transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():  # a savepoint
            action_deadline_change(
                action=action, changed_by=owner, new_text="March 2027", reason="Delayed"
            )
            raise RuntimeError("the savepoint is rolled back")
        assert revision(council) == before
        action.refresh_from_db()
        action_deadline_change(action=action, changed_by=owner, new_text="May 2027", reason="Later")
        assert revision(council) == before, "moved before the change committed"
    assert revision(council) == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        action_deadline_change(action=action, changed_by=owner, new_text="June 2027", reason="X")
        raise RuntimeError("the whole transaction is rolled back")
    assert revision(council) == before + 1
    with transaction.atomic():
        action.refresh_from_db()
        action_deadline_change(action=action, changed_by=owner, new_text="July 2027", reason="Y")
    assert revision(council) == before + 2


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
    CouncilRevision.objects.create(organisation=council, value=3)
    stale = Organisation.objects.select_related("revision").get(pk=council.pk)
    CouncilRevision.objects.filter(organisation=council).update(value=7)
    stale.name = "Testshire Council"
    stale.save()
    assert Organisation.objects.values_list("name", "revision__value").get(pk=council.pk) == (
        "Testshire Council",
        7,
    )


@pytest.mark.django_db
def test_a_council_saved_in_the_admin_moves_its_revision_on_from_the_newest(
    client, council, django_user_model, django_capture_on_commit_callbacks
):
    CouncilRevision.objects.create(organisation=council, value=3)
    client.force_login(django_user_model.objects.create_superuser("staff", "staff@example.org"))
    url = reverse("admin:strategies_organisation_change", args=[council.pk])
    assert client.get(url).status_code == 200  # the form is opened at revision 3
    CouncilRevision.objects.filter(organisation=council).update(value=7)  # others' changes
    form = {"name": "Testshire Council", "slug": council.slug, "source": ""}
    form |= {f"roles-{count}": "0" for count in ("TOTAL_FORMS", "INITIAL_FORMS")}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    assert Organisation.objects.values_list("name", "revision__value").get(pk=council.pk) == (
        "Testshire Council",
        8,
    )


@pytest.mark.django_db
def test_a_council_is_counted_from_its_first_change(
    council, other_council, django_capture_on_commit_callbacks
):
    assert not CouncilRevision.objects.exists()
    assert council.data_revision == 0
    with django_capture_on_commit_callbacks(execute=True):
        Lead.objects.create(organisation=council, name="Virtual School")
    with django_capture_on_commit_callbacks(execute=True):
        CarePrinciple.objects.create(number=99, text="Shared")
    assert dict(CouncilRevision.objects.values_list("organisation", "value")) == {
        council.pk: 2,
        other_council.pk: 1,
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_each_councils_revision_over(council):
    before = ("strategies", "0002_organisation_data_revision")
    after = ("strategies", "0004_remove_organisation_data_revision")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps.get_model("strategies", "Organisation")
    old.objects.filter(pk=council.pk).update(data_revision=41)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    # Migrated past `after`, whatever later migrations the app has.
    assert after in executor.recorder.applied_migrations()
    assert CouncilRevision.objects.get(organisation=council).value == 41


def test_only_the_councils_models_are_listened_to():
    """A listener on every model would make Django delete sessions and sign-in failures one
    row at a time (no fast delete for a model with delete signals)."""
    from django.contrib.sessions.models import Session
    from django.db.models.signals import pre_delete

    from accounts.models import SignInFailure

    assert not pre_delete.has_listeners(Session) and not pre_delete.has_listeners(SignInFailure)
    assert all(pre_delete.has_listeners(apps.get_model(label)) for label in COUNCIL_OF)


def test_the_revision_names_no_model_of_a_higher_app():
    """strategies is the lowest of the councils' apps: actionplans and governance register
    their own models (their AppConfig.ready()), so this module never names them."""
    source = Path(revisions.__file__).read_text()
    for higher in ("actionplans", "governance"):
        assert higher not in source


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
