"""The seeded councils are transcribed faithfully from shared/seeds, and seeding is repeatable."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from actionplans.models import Action, ActionPlan, KeyOutcome, Lead, Measure, ProgressUpdate, Rag
from governance.models import AgendaItem, Board, Meeting, VoiceItem
from strategies.models import CarePrinciple, CouncilRole, Organisation, Strategy
from tests.governance.action_column import action_cells, first_difference

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# The source documents travel with the code, so a clone on its own can check the fixtures.
SEEDS = FIXTURES / "sources"
# Where the product's owner keeps the originals, next to the checkout.
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture
def seeded(db):
    call_command("seed", verbosity=0)


def lancashire_plan() -> ActionPlan:
    return ActionPlan.objects.get(strategy__organisation__slug="lancashire")


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_three_councils_are_seeded_with_their_slugs(seeded):
    assert set(Organisation.objects.values_list("slug", flat=True)) == {
        "lancashire",
        "lincolnshire",
        "west-sussex",
    }


def test_seeding_twice_changes_nothing(seeded):
    before = table_counts()
    from strategies.models import Strategy as StrategyModel

    stamps = list(StrategyModel.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("seed", verbosity=0)
    assert table_counts() == before
    assert list(StrategyModel.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_seeding_twice_with_the_demonstration_layer_changes_nothing(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from actionplans.models import Action
    from strategies.revisions import MovePending

    monkeypatch.setenv("PLEDGE_DEMO_PASSWORD", "demo-password-for-tests")

    def moved() -> dict:
        actions = Action.objects.filter(deadline_changes__isnull=False).distinct()
        return {a.pk: (a.deadline_text, a.deadline) for a in actions}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed", "--demo", council=["lancashire"], verbosity=0)
    before, deadlines = table_counts(), moved()
    assert deadlines, "the demonstration layer moved no deadline to check"
    with django_capture_on_commit_callbacks() as again:
        call_command("seed", "--demo", council=["lancashire"], verbosity=0)
    assert table_counts() == before
    assert moved() == deadlines  # not put back to the seeded ones
    # So no council's kept pages are thrown away for it (strategies.revisions).
    assert [callback for callback in again if isinstance(callback, MovePending)] == []


def test_no_demo_data_without_the_demo_flag(seeded):
    assert not Organisation.objects.filter(demo_since__isnull=False).exists()
    assert not CouncilRole.objects.exists()
    assert not ProgressUpdate.objects.filter(is_demo=True).exists()


def test_lancashire_plan_has_25_key_outcomes_in_two_sections(seeded):
    plan = lancashire_plan()
    assert plan.title == "Children Looked After and Care Leavers Strategic Action Plan 2014-17"
    assert plan.strategy.title == "Children Looked After Strategy 2014-2017"
    outcomes = KeyOutcome.objects.filter(plan=plan).select_related("section")
    assert outcomes.count() == 25
    by_section = {}
    for outcome in outcomes:
        by_section.setdefault(outcome.section.title, []).append(outcome.title)
    assert len(by_section["Children Looked After"]) == 23
    assert by_section["Care Leavers"] == [
        "Staying Put Policy",
        "Reduce numbers of Homeless young people",
    ]
    # Rejoined across page breaks.
    titles = set(outcomes.values_list("title", flat=True))
    assert (
        "Improved school attendance and attainment for children looked after and care leavers"
        in titles
    )
    assert "Effective remand Management" in titles


def test_lancashire_bullet_points_are_separate_actions_with_shared_leads(seeded):
    outcome = KeyOutcome.objects.get(
        plan=lancashire_plan(),
        title="Children Looked After have high quality placements tailored to their needs",
    )
    descriptions = list(outcome.actions.order_by("number").values_list("description", flat=True))
    assert descriptions[:5] == [
        "See Sufficiency Strategy",
        "Appropriately commissioned placements are available",
        "A choice of 3 placements are offered",
        "CLA are able to visit accommodation prior to decision making",
        "Where possible, CLA are offered a placement close to their home and school "
        "(if appropriate)",
    ]
    childrens_social_care = Lead.objects.get(
        organisation__slug="lancashire", name="Children's Social Care"
    )
    assert childrens_social_care.actions.count() > 5
    assert (
        Lead.objects.filter(organisation__slug="lancashire", name="Children's Social Care").count()
        == 1
    )


def test_lancashire_actions_hold_every_word_of_the_source_action_column_and_no_other(seeded):
    """A dropped, reworded or invented action shows as the first word where the two part."""
    cells = action_cells(SEEDS / "lancashire-cla-strategic-action-plan-2014-17.txt")
    actions = Action.objects.filter(plan=lancashire_plan()).select_related("key_outcome")
    labelled = [
        (f"{action.key_outcome.number}.{action.number}", action.description)
        for action in actions.order_by("key_outcome__number", "number")
    ]
    assert len(labelled) > 60
    difference = first_difference(cells, labelled)
    assert difference is None, difference


@pytest.mark.parametrize(
    ("description_start", "words", "date"),
    [
        ("Prior to any child becoming looked after", "Ongoing review/ assessment", None),
        ("Review policy and procedure", "June 2015", datetime.date(2015, 6, 30)),
        ("Strengthen the role of the Virtual School", "September 2015", datetime.date(2015, 9, 30)),
        (
            "Lancashire Homelessness and Housing Strategy is refreshed",
            "December 2015 April 2016",
            datetime.date(2016, 4, 30),
        ),
        ("Scayt+ to be accessed as necessary", "April 2016 April 2016", datetime.date(2016, 4, 30)),
    ],
)
def test_lancashire_deadlines_keep_their_words_and_a_date_where_one_can_be_read(
    seeded, description_start, words, date
):
    action = Action.objects.get(plan=lancashire_plan(), description__startswith=description_start)
    assert action.deadline_text == words
    assert action.deadline == date


def test_lancashire_has_exactly_the_three_progress_notes_of_the_source_and_no_ratings(seeded):
    notes = ProgressUpdate.objects.filter(action__plan=lancashire_plan())
    assert notes.count() == 3
    assert {note.rag for note in notes} == {Rag.NOT_RATED}
    narratives = " ".join(notes.values_list("narrative", flat=True))
    assert "Identify baseline of those children with complex needs" in narratives
    assert "YOT/CSC remand management working agreements in place" in narratives
    assert "% CLA with an Individual Health Action Plan" in narratives
    assert set(Action.objects.filter(plan=lancashire_plan()).values_list("rag", flat=True)) == {
        Rag.NOT_RATED
    }


def test_lancashire_strategies_and_their_approval(seeded):
    strategies = Strategy.objects.filter(organisation__slug="lancashire")
    cla = strategies.get(title="Children Looked After Strategy 2014-2017")
    leaving = strategies.get(title="Leaving Care Strategy 2014-2017")
    for strategy in (cla, leaving):
        assert strategy.status == Strategy.Status.APPROVED
        assert strategy.decision_date == datetime.date(2015, 5, 19)
        assert strategy.key_decision is True
        assert strategy.decision_maker == "Cabinet Member for Children, Young People and Schools"
    draft = strategies.get(title__startswith="Corporate Parenting Strategy 2018")
    assert draft.status == Strategy.Status.DRAFT
    objectives = list(draft.objectives.order_by("number"))
    assert [objective.number for objective in objectives] == list(range(1, 10))
    assert (
        objectives[0].title
        == "Children and young people have a voice in the way we deliver our services"
    )
    assert objectives[0].aim.startswith("To ensure that children and young people are consulted")
    assert all(objective.aim for objective in objectives)


def test_the_seven_care_principles(seeded):
    principles = list(CarePrinciple.objects.order_by("number"))
    assert len(principles) == 7
    assert principles[1].text.startswith("to encourage children and young people to express")


def test_lancashire_governance_voice_and_measures(seeded):
    boards = set(
        Board.objects.filter(organisation__slug="lancashire").values_list("name", flat=True)
    )
    assert {"Corporate Parenting Board", "Care Leavers Forum"} <= boards
    assert any(name.startswith("LINX") for name in boards)
    board = Board.objects.get(organisation__slug="lancashire", name="Corporate Parenting Board")
    assert lancashire_plan() in board.plans.all()
    voice = VoiceItem.objects.filter(organisation__slug="lancashire")
    assert voice.count() == 14
    assert voice.filter(
        said="Out of hours support", theme="Other Support and Participation"
    ).exists()
    eet = Measure.objects.get(
        organisation__slug="lancashire",
        name="CLA and care leavers in education, employment or training",
    )
    assert [(value.date, float(value.value)) for value in eet.values.order_by("date")] == [
        (datetime.date(2017, 5, 31), 53.0),
        (datetime.date(2018, 5, 31), 69.0),
    ]
    assert eet.good_direction == Measure.Direction.UP


def test_lincolnshire_panel_meeting_and_empty_plan(seeded):
    strategy = Strategy.objects.get(organisation__slug="lincolnshire")
    assert strategy.title == "Looked After Children and Care Leavers Strategy 2018-2021"
    plan = ActionPlan.objects.get(strategy=strategy)
    assert plan.actions.count() == 0
    assert plan.key_outcomes.count() == 0
    meeting = Meeting.objects.get(board__organisation__slug="lincolnshire")
    assert meeting.board.name == "Corporate Parenting Panel"
    assert meeting.date == datetime.date(2020, 7, 23)
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Looked After Children and Care Leavers Strategy and Action Plan"
    assert item.actions_asked.startswith(
        "Members of the Corporate Parenting Panel are requested to review the progress"
    )
    assert plan in item.plans.all()


def test_west_sussex_strategy_areas_of_focus_and_governance(seeded):
    strategy = Strategy.objects.get(organisation__slug="west-sussex")
    assert strategy.decision_reference == "CYP04 (17/18)"
    assert strategy.decision_date_text == "February 2018"
    assert strategy.objective_label == "Area of focus"
    areas = list(strategy.objectives.order_by("number").values_list("title", flat=True))
    assert areas == [
        "Health and wellbeing",
        "Education, employment and training",
        "Placements and residential care",
        "Planning for permanence",
        "Staying safe and building resilience",
        "Transition, leaving care and preparing for adulthood",
        "Unaccompanied asylum seeking children",
        "The voice of the child and our commitment as corporate parents",
    ]
    assert strategy.principles.count() == 8
    names = " | ".join(
        Board.objects.filter(organisation__slug="west-sussex").values_list("name", flat=True)
    )
    for body in [
        "MACLAIG",
        "Corporate Parenting Panel",
        "Children in Care Council",
        "Care Leavers Forum",
    ]:
        assert body in names


def test_every_fixture_record_points_at_a_source_line_holding_its_text():
    """Traceability: each record's "source" names a seed file and line that holds its words."""
    checked = 0

    def visit(node):
        nonlocal checked
        if isinstance(node, dict):
            source = node.get("source")
            # An action's words are its description; a board's description is a summary.
            action_words = node.get("description") if "deadline_text" in node else None
            text = (
                node.get("title")
                or action_words
                or node.get("said")
                or node.get("text")
                or node.get("narrative")
            )
            if source and text:
                name, line = source.rsplit(":", 1)
                lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
                nearby = " ".join(lines[int(line) - 1 : int(line) + 3])
                words = text.split()[:3]
                assert " ".join(words)[:12].lower() in " ".join(nearby.split()).lower(), (
                    source,
                    text,
                )
                checked += 1
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for path in FIXTURES.glob("*.json"):
        visit(json.loads(path.read_text(encoding="utf-8")))
    assert checked > 150


def test_demo_layer_needs_a_password(db, monkeypatch):
    monkeypatch.delenv("PLEDGE_DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="PLEDGE_DEMO_PASSWORD"):
        call_command("seed", "--demo", verbosity=0)
    assert not Organisation.objects.exists()


def test_the_bundled_sources_are_the_published_documents():
    bundled = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(bundled) == 5
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is not here to compare with")
    for name in bundled:
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name
