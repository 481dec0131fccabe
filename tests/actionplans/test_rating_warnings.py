"""The warnings a progress update's rating raises (actionplans/ratings.py, shown by the
update form): when each is given, and its exact words, including the plan's own meaning of
each colour.

How a warning is confirmed and saved is in test_updates.py.
"""

from __future__ import annotations

import datetime

import pytest

from actionplans.forms import ProgressUpdateForm
from actionplans.models import Rag
from tests.actionplans.updating import officer_action, url
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db

ON = datetime.date(2027, 2, 10)
YESTERDAY = ON - datetime.timedelta(days=1)

COMPLETE_AMBER = (
    "You marked the action complete but rated it Amber. A completed action is rated Blue."
)
COMPLETE_RED = "You marked the action complete but rated it Red. A completed action is rated Blue."
OVERDUE_GREEN = (
    "The action is overdue (its deadline was 9 February 2027) but you rated it Green. "
    "Check the rating, or change the deadline with a reason."
)


def warnings(
    council, rag: str, *, due: datetime.date, complete: bool = False, **means
) -> list[str]:
    """The messages an update rated `rag` raises on ON for an action due on `due`, in a plan
    of `council` whose colours mean `means` (red_means=..., amber_means=..., green_means=...)."""
    plan = build_plan(council, actions=1, **means)
    action = plan.actions.get()
    action.deadline = due
    action.save(update_fields=["deadline"])
    data = {"narrative": "Two flats found.", "rag": rag, "version": action.version}
    form = ProgressUpdateForm(data | ({"complete": "on"} if complete else {}), plan=plan)
    assert form.is_valid(), form.errors
    return [warning.message for warning in form.warnings(action, today=ON)]


# Completing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rag", "expected"),
    [(Rag.RED, [COMPLETE_RED]), (Rag.AMBER, [COMPLETE_AMBER]), (Rag.GREEN, [])],
)
def test_completing_an_action_rated_red_or_amber_warns_that_complete_is_blue(
    council, rag, expected
):
    assert warnings(council, rag, due=ON, complete=True) == expected


def test_completing_an_action_rated_amber_is_warned_about_on_the_page(client, council, officer):
    action = officer_action(council, officer)
    client.force_login(officer)

    data = {"narrative": "Done.", "rag": Rag.AMBER, "complete": "on", "version": action.version}
    response = client.post(url("actionplans:update-create", action), data)

    assert response.status_code == 200
    assert COMPLETE_AMBER in response.content.decode()


# Overdue, against the facts and the plan's own words -----------------------------------------


def test_an_overdue_action_rated_green_is_warned_about_with_the_plans_meaning_of_green(council):
    assert warnings(council, Rag.GREEN, due=YESTERDAY, green_means="On track to finish.") == [
        OVERDUE_GREEN.replace(
            "Green. Check", 'Green. The plan says Green means "On track to finish". Check'
        )
    ]


def test_an_action_due_today_rated_green_is_not_overdue_so_not_warned_about(council):
    assert warnings(council, Rag.GREEN, due=ON, red_means="Overdue", green_means="On track") == []


@pytest.mark.parametrize("rag", [Rag.GREEN, Rag.AMBER])
def test_a_rating_better_than_the_plans_overdue_colour_quotes_the_plans_meaning_of_red(
    council, rag
):
    label = Rag(rag).label
    found = warnings(council, rag, due=YESTERDAY, red_means="Overdue, or will not be done.")

    assert found[-1] == (
        'The plan says Red means "Overdue, or will not be done". '
        f"The action is overdue but you rated it {label}."
    )


def test_only_the_worst_colour_that_means_overdue_is_quoted(council):
    found = warnings(
        council,
        Rag.GREEN,
        due=YESTERDAY,
        red_means="Deadline missed",
        amber_means="Overdue by weeks",
    )

    assert found == [
        OVERDUE_GREEN,
        'The plan says Red means "Deadline missed". The action is overdue but you rated it Green.',
    ]


def test_amber_is_quoted_when_it_alone_means_overdue(council):
    found = warnings(council, Rag.GREEN, due=YESTERDAY, red_means="Stopped", amber_means="Overdue")

    assert found[-1] == (
        'The plan says Amber means "Overdue". The action is overdue but you rated it Green.'
    )


@pytest.mark.parametrize(
    ("rag", "means"),
    [
        (Rag.RED, {"red_means": "Expected to finish on time but needs help."}),
        (Rag.AMBER, {"amber_means": "Slightly behind but on track overall"}),
        (Rag.AMBER, {"amber_means": "Delayed, but within timescales"}),
        (Rag.RED, {"red_means": "Not started. On schedule for the final deadline"}),
    ],
)
def test_an_overdue_action_rated_a_colour_the_plan_says_is_on_track_is_warned_about(
    council, rag, means
):
    (meaning,) = means.values()
    label = Rag(rag).label

    assert warnings(council, rag, due=YESTERDAY, **means) == [
        f'The plan says {label} means "{meaning.rstrip(".")}", but the action is overdue.'
    ]


def test_an_overdue_action_rated_red_where_red_means_not_on_track_is_not_warned_about(council):
    assert warnings(council, Rag.RED, due=YESTERDAY, red_means="Not on track") == []


@pytest.mark.parametrize(
    ("rag", "means"),
    [
        # A negation before the phrase: the plan's words say the opposite of it.
        (Rag.RED, {"red_means": "Not on track; the deadline will be missed"}),
        (Rag.RED, {"red_means": "Not yet on schedule"}),
        (Rag.AMBER, {"amber_means": "Slipping and isn\u2019t on target"}),
        (Rag.AMBER, {"amber_means": "No longer on time, but recoverable"}),
        (Rag.GREEN, {"amber_means": "Behind plan but not overdue"}),
        # The phrase inside a longer word is not the phrase.
        (Rag.RED, {"red_means": "Work on timescales agreed with the board has stopped"}),
    ],
)
def test_words_that_negate_or_only_contain_a_phrase_do_not_raise_its_warning(council, rag, means):
    found = warnings(council, rag, due=YESTERDAY, **means)

    assert not [message for message in found if message.startswith("The plan says")]


def test_a_plans_meaning_of_a_colour_is_no_warning_while_the_action_is_not_overdue(council):
    assert warnings(council, Rag.AMBER, due=ON, amber_means="On track", red_means="Overdue") == []


# The plan's meanings on the form -------------------------------------------------------------


def test_each_colours_choice_carries_the_plans_meaning_of_it_as_a_hint(council):
    plan = build_plan(
        council,
        actions=1,
        red_means="Will not be done by the deadline",
        amber_means="At risk",
        green_means="On track",
    )

    form = ProgressUpdateForm(plan=plan)

    hints = {choice.value: choice.hint for choice in form.fields["rag"].choices}
    assert hints == {
        Rag.RED: "Will not be done by the deadline",
        Rag.AMBER: "At risk",
        Rag.GREEN: "On track",
    }
