"""A strategy's page reads as a council would write it: plurals of its own label for its
objectives, and a decision line with no separator left over from a missing part."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from core.text import counted, plural
from tests.conftest import build_strategy

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Objective", "Objectives"),
        ("Priority", "Priorities"),
        ("Area of focus", "Areas of focus"),
        ("Key priority", "Key priorities"),
        ("Pathway", "Pathways"),
        ("Focus", "Focuses"),
        ("Approach", "Approaches"),
        ("Child", "Children"),
        ("Looked after child", "Looked after children"),
        ("Theme", "Themes"),
    ],
)
def test_a_label_is_made_plural_by_the_rules_of_its_last_noun(label, expected):
    assert plural(label) == expected


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (1, "reporting period", "1 reporting period"),
        (0, "day", "0 days"),
        (2, "unfinished action", "2 unfinished actions"),
        (3, "Priority", "3 Priorities"),
    ],
)
def test_a_count_names_its_noun_plural_unless_it_is_one(count, noun, expected):
    """What messages, histories and emails say of how many there are (core.text.counted)."""
    assert counted(count, noun) == expected


def test_the_strategy_page_heads_its_objectives_with_the_labels_plural(client, council, viewer):
    strategy = build_strategy(council, objective_label="Priority")
    client.force_login(viewer)

    page = client.get(reverse("strategies:strategy-detail", args=[council.slug, strategy.pk]))

    text = page.content.decode()
    assert ">Priorities</h2>" in text and "Prioritys" not in text


@pytest.mark.parametrize(
    ("maker", "day", "words", "shown"),
    [
        ("", None, "2018", "2018"),
        ("Cabinet", None, "", "Cabinet"),
        ("Cabinet", datetime.date(2018, 3, 8), "", "Cabinet, 8 March 2018"),
    ],
)
def test_the_decision_leaves_out_a_part_the_source_does_not_give(
    client, council, viewer, maker, day, words, shown
):
    strategy = build_strategy(
        council, decision_maker=maker, decision_date=day, decision_date_text=words
    )
    client.force_login(viewer)

    page = client.get(reverse("strategies:strategy-detail", args=[council.slug, strategy.pk]))

    assert strategy.decision_summary == shown
    text = " ".join(page.content.decode().split())
    assert f'<dd class="govuk-summary-list__value"> {shown}' in text
    assert ", ," not in text and "> , " not in text


@pytest.mark.parametrize(
    ("start", "end", "expected"), [(2024, 2027, "2024 to 2027"), (2026, 2026, "2026")]
)
def test_a_strategys_period_names_one_year_once(council, client, admin_user, start, end, expected):
    strategy = build_strategy(council, period_start_year=start, period_end_year=end)
    client.force_login(admin_user)

    page = client.get(reverse("strategies:strategy-detail", args=[council.slug, strategy.pk]))

    assert strategy.period_display == expected
    assert f'<dd class="govuk-summary-list__value">{expected}</dd>' in page.content.decode()
