"""Dashboards on the seeded demo data: every number is counted again here, by plain loops over
the rows, and compared with what the page and plan_dashboard say.

The module seeds Lancashire with its demonstration layer once (seed --demo's history of four
quarters, deadline changes and completions) and empties the database when it ends; each test
rolls back whatever it adds.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from actionplans.filters import PlanActionFilter
from actionplans.models import (
    Action,
    ActionPlan,
    DeadlineChange,
    KeyOutcome,
    ProgressUpdate,
    Rag,
    ReportingPeriod,
)
from actionplans.services import action_deadline_change, progress_update_record
from governance.dashboard import plan_dashboard
from governance.dashboard.snapshot import plan_state
from governance.models import Board, Meeting
from governance.packs.build import board_pack_start
from governance.packs.issue import board_pack_issue
from governance.packs.request import board_pack_request
from governance.packs.store import board_pack_store
from governance.seeding.demo import demo_layer_add
from strategies.models import Organisation

pytestmark = pytest.mark.django_db
RAGS = ["red", "amber", "green", "blue", "none"]


@pytest.fixture(scope="module")
def lancashire(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        call_command("seed", council=["lancashire"], verbosity=0)
        organisation = Organisation.objects.get(slug="lancashire")
        demo_layer_add(
            organisations=[organisation], password="demo-password", today=timezone.localdate()
        )
        # The current plan, carried from the seeded one, holds the demonstration history.
        plan = ActionPlan.objects.select_related("strategy__organisation").get(
            strategy__organisation=organisation, strategy__is_demo=True
        )
    yield plan
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def board_client(client, lancashire):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="lancashire-board"))
    return client


def rows(plan):
    """Every row the counts come from, read plainly."""
    actions = list(Action.objects.filter(plan=plan).values())
    outcomes = {row["id"]: row for row in KeyOutcome.objects.filter(plan=plan).values()}
    leads = list(Action.leads.through.objects.filter(action__plan=plan).values())
    updates = list(ProgressUpdate.objects.filter(action__plan=plan).values())
    moves = list(DeadlineChange.objects.filter(action__plan=plan).values())
    periods = list(ReportingPeriod.objects.filter(plan=plan).values())
    return actions, outcomes, leads, updates, moves, periods


def current_period_by_hand(periods, today):
    begun = [p for p in periods if p["locked_at"] is None and p["starts_on"] <= today]
    return max(begun, key=lambda p: p["starts_on"])["id"] if begun else None


def by_rag(actions) -> dict[str, int]:
    counts = Counter(action["rag"] for action in actions if action["status"] != "not_needed")
    return {rag: counts.get(rag, 0) for rag in RAGS}


def cells(row) -> dict[str, int]:
    return {style.rag: link.count for style, link in row.cells}


def test_rag_counts_overall_by_section_outcome_and_lead_match_the_rows(lancashire):
    today = timezone.localdate()
    actions, outcomes, leads, *_ = rows(lancashire)
    dashboard = plan_dashboard(lancashire, on=today)

    assert cells(dashboard.summary) == by_rag(actions)
    assert dashboard.summary.total.count == sum(by_rag(actions).values()) == len(actions)
    breakdowns = {breakdown.key: breakdown for breakdown in dashboard.breakdowns}
    # Lancashire's plan groups its key outcomes in sections, not under objectives.
    assert set(breakdowns) == {"section", "key_outcome", "lead"}
    for row in breakdowns["section"].rows:
        in_section = [
            a for a in actions if outcomes[a["key_outcome_id"]]["section_id"] == _pk(row, "section")
        ]
        assert cells(row) == by_rag(in_section), row.label
    assert len(breakdowns["key_outcome"].rows) == len({a["key_outcome_id"] for a in actions})
    for row in breakdowns["key_outcome"].rows:
        mine = [a for a in actions if a["key_outcome_id"] == _pk(row, "key_outcome")]
        assert cells(row) == by_rag(mine), row.label
    by_id = {action["id"]: action for action in actions}
    assert len(breakdowns["lead"].rows) == len({link["lead_id"] for link in leads}) == 40
    for row in breakdowns["lead"].rows:
        theirs = [by_id[link["action_id"]] for link in leads if link["lead_id"] == _pk(row, "lead")]
        assert cells(row) == by_rag(theirs), row.label


def _pk(row, key: str) -> int:
    return int(parse_qs(urlsplit(row.total.url).query)[key][0])


def test_overdue_not_updated_and_moved_deadlines_match_the_rows(lancashire):
    today = timezone.localdate()
    actions, _, _, updates, moves, periods = rows(lancashire)
    period = current_period_by_hand(periods, today)
    reported = {u["action_id"] for u in updates if u["period_id"] == period}
    open_actions = [a for a in actions if a["status"] == "open"]

    dashboard = plan_dashboard(lancashire, on=today)

    assert dashboard.period.pk == period
    overdue = [a for a in open_actions if a["deadline"] and a["deadline"] < today]
    assert dashboard.overdue.count == len(overdue) > 0
    assert dashboard.not_updated.count == len([a for a in open_actions if a["id"] not in reported])
    assert dashboard.not_updated.count > 0
    assert dashboard.deadline_moved.count == len({m["action_id"] for m in moves}) > 0


def test_exceptions_come_red_amber_overdue_then_not_updated_each_once_in_plan_order(lancashire):
    today = timezone.localdate()
    actions, outcomes, _, updates, _, periods = rows(lancashire)
    period = current_period_by_hand(periods, today)
    reported = {u["action_id"] for u in updates if u["period_id"] == period}
    expected = {"red": [], "amber": [], "overdue": [], "not_updated": []}
    place = {a["id"]: (outcomes[a["key_outcome_id"]]["number"], a["number"]) for a in actions}
    for action in sorted(actions, key=lambda a: place[a["id"]]):
        late = action["deadline"] is not None and action["deadline"] < today
        if action["status"] != "open":
            continue
        if action["rag"] in ("red", "amber"):
            expected[action["rag"]].append(action["id"])
        elif late:
            expected["overdue"].append(action["id"])
        elif action["id"] not in reported:
            expected["not_updated"].append(action["id"])

    groups = plan_dashboard(lancashire, on=today).exceptions

    assert [group.key for group in groups] == list(expected)
    for group in groups:
        assert [action.pk for action in group.rows] == expected[group.key]
        assert group.link.count == len(expected[group.key])
    newest = {}
    for update in sorted(updates, key=lambda u: (u["created_at"], u["id"])):
        newest[update["action_id"]] = update["narrative"]
    for action in groups[0].rows:
        assert action.narrative == newest[action.pk]


def test_every_count_links_to_a_plan_table_filtered_to_exactly_that_many(lancashire, board_client):
    today = timezone.localdate()
    dashboard = plan_dashboard(lancashire, on=today)
    links = [link for _, link in dashboard.summary.cells] + [dashboard.summary.total]
    links += [dashboard.overdue, dashboard.not_updated, dashboard.deadline_moved]
    links += [group.link for group in dashboard.exceptions]
    for breakdown in dashboard.breakdowns:
        for row in breakdown.rows:
            links += [link for _, link in row.cells] + [row.total]
    period = lancashire.periods.current(on=today)
    base = reverse("actionplans:plan-detail", args=["lancashire", lancashire.pk])
    for link in links:
        path, _, query = link.url.partition("?")
        assert path == base
        table = PlanActionFilter(
            QueryDict(query),
            queryset=Action.objects.filter(plan=lancashire),
            plan=lancashire,
            period=period,
            today=today,
        )
        assert table.is_valid(), (link.url, table.errors)
        assert table.qs.count() == link.count, link.url
    # And as the page itself says, for the flags and exception groups.
    for link in [dashboard.overdue, dashboard.not_updated, *[g.link for g in dashboard.exceptions]]:
        page = board_client.get(link.url).content.decode()
        shown = re.search(r"(\d+) actions? match", page)
        assert shown and int(shown.group(1)) == link.count, link.url


def test_the_trend_replays_each_periods_end_by_hand(lancashire):
    today = timezone.localdate()
    actions, _, _, updates, _, periods = rows(lancashire)
    points = plan_dashboard(lancashire, on=today).trend.points

    begun = sorted((p for p in periods if p["starts_on"] <= today), key=lambda p: p["starts_on"])
    assert [point.period.pk for point in points] == [p["id"] for p in begun] and len(points) == 4
    for point, period in zip(points, begun, strict=True):
        end = timezone.make_aware(datetime.datetime.combine(period["ends_on"], datetime.time.max))
        expected = dict.fromkeys(RAGS, 0)
        for action in actions:
            history = [
                u for u in updates if u["action_id"] == action["id"] and u["created_at"] <= end
            ]
            if action["created_at"] > end and not history:
                continue
            latest = max(history, key=lambda u: (u["created_at"], u["id"]), default=None)
            expected[latest["rag"] if latest else "none"] += 1
        assert point.counts == expected, period["name"]
    # The demo history moves: the plan is not the same at the end of each quarter.
    assert len({tuple(sorted(point.counts.items())) for point in points}) > 1
    assert points[-1].is_current and points[-1].counts == by_rag(actions)


def _issue_pack(plan, owner, at=None):
    board = Board.objects.get(organisation__slug="lancashire", name="Corporate Parenting Board")
    meeting = Meeting.objects.create(board=board, date=timezone.localdate(), title="Test")
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
    )
    board_pack_start(pack=pack, at=at)
    pack = board_pack_store(pack=pack, content=b"%PDF-1.7 test", pages=1)
    return board_pack_issue(pack=pack, issued_by=owner)


def test_changes_since_the_last_issued_pack_list_what_moved_after_it(
    lancashire, board_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.get(username="lancashire-owner")
    pack = _issue_pack(lancashire, owner)
    frozen = pack.snapshot["plans"][str(lancashire.pk)]["actions"]
    open_actions = list(Action.objects.filter(plan=lancashire, status="open").order_by("pk"))
    red = next(a for a in open_actions if a.rag == Rag.RED)
    green = next(a for a in open_actions if a.rag == Rag.GREEN)
    amber = next(a for a in open_actions if a.rag == Rag.AMBER)
    later = timezone.now() + datetime.timedelta(seconds=1)
    for action, rag in ((red, Rag.AMBER), (green, Rag.RED), (amber, Rag.BLUE)):
        progress_update_record(
            action=action, author=owner, narrative="Moved", rag=rag, period=None, recorded_at=later
        )
    action_deadline_change(
        action=green, changed_by=owner, new_text="June 2030", reason="Later", changed_at=later
    )

    response = board_client.get(
        reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk])
    )

    since = response.context["dashboard"].since
    assert since.basis == "pack" and since.pack == pack
    now = {str(a["id"]): a for a in Action.objects.filter(plan=lancashire).values()}
    step = {"red": 0, "amber": 1, "green": 2, "blue": 3}
    up = [
        k
        for k, a in now.items()
        if a["rag"] != "blue"
        and frozen[k]["rag"] in step
        and step.get(a["rag"], -1) > step[frozen[k]["rag"]]
    ]
    down = [
        k
        for k, a in now.items()
        if frozen[k]["rag"] in step and a["rag"] in step and step[a["rag"]] < step[frozen[k]["rag"]]
    ]
    done = [
        k for k, a in now.items() if a["status"] == "complete" and frozen[k]["status"] != "complete"
    ]
    assert sorted(str(r.action_id) for r in since.changes.moved_up) == sorted(up) == [str(red.pk)]
    assert (
        sorted(str(r.action_id) for r in since.changes.moved_down)
        == sorted(down)
        == [str(green.pk)]
    )
    assert [str(r.action_id) for r in since.changes.completed] == done == [str(amber.pk)]
    assert [r.action_id for r in since.changes.deadline_moved] == [green.pk]
    page = response.content.decode()
    assert "Changes since the last board pack" in page
    assert "Moved up a RAG step: 1" in page and "Completed: 1" in page
    assert f"issued {pack.issued_at:%-d %B %Y}" in page


def test_a_chosen_date_compares_with_the_plan_as_it_stood_then(lancashire, board_client):
    today = timezone.localdate()
    first = lancashire.periods.order_by("starts_on").first()
    day = first.ends_on + datetime.timedelta(days=1)
    url = reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk])

    response = board_client.get(url, {"since": day.strftime("%d/%m/%Y")})

    since = response.context["dashboard"].since
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    before, after = plan_state(lancashire, at=at)["actions"], plan_state(lancashire)["actions"]
    done = sorted(
        int(k)
        for k, a in after.items()
        if a["status"] == "complete"
        and before.get(k, {}).get("status") != "complete"
        and k in before
    )
    assert since.basis == "date" and since.at == at
    assert sorted(r.action_id for r in since.changes.completed) == done and done
    assert f"Changes since {day:%-d %B %Y}" in response.content.decode()
    future = board_client.get(url, {"since": (today + datetime.timedelta(days=3)).isoformat()})
    assert "The date must be today or in the past" in future.content.decode()
    assert future.context["dashboard"].since.basis == ""  # no pack issued in this test
    nonsense = board_client.get(url, {"since": "31/02/2026"})
    assert "Enter a real date" in nonsense.content.decode()


def test_measures_show_care_leavers_in_eet_53_then_69_and_that_it_is_better(
    lancashire, board_client
):
    page = board_client.get(
        reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk])
    ).content.decode()
    name = "CLA and care leavers in education, employment or training"
    section = page[page.index(f">{name}<") :]
    section = section[: section.index("</table>")]
    assert re.search(r"Latest</dt>\s*<dd[^>]*>69% \(May 2018\)", section)
    assert "Higher is better" in section
    assert "Better than 53% (May 2017)" in section
    assert re.search(r"May 2017</th>\s*<td[^>]*>53%</td>", section)
    assert "<desc" in section and "53% (May 2017), then 69% (May 2018)" in section


def test_the_council_dashboard_shows_each_live_plan_with_its_counts(lancashire, board_client):
    response = board_client.get(reverse("governance:council-dashboard", args=["lancashire"]))
    actions = list(Action.objects.filter(plan=lancashire).values())
    # The current plan alone: the seeded 2014-17 one it carries on is of a superseded
    # strategy, kept as history (actionplans.models.plans.superseded_q).
    summaries = {summary.plan: summary for summary in response.context["dashboard"].plans}
    assert lancashire.actions.first().carried_from.plan.strategy.is_superseded
    assert set(summaries) == {lancashire}
    summary = summaries[lancashire]
    assert cells(summary.row) == by_rag(actions)
    page = response.content.decode()
    assert reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk]) in page
    assert "CLA and care leavers in education, employment or training" in page


def test_every_role_reads_the_dashboard_and_links_lead_there(lancashire, client):
    from django.contrib.auth import get_user_model

    url = reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk])
    for role in ("admin", "owner", "officer", "board", "viewer"):
        client.force_login(get_user_model().objects.get(username=f"lancashire-{role}"))
        assert client.get(url).status_code == 200
    assert (
        url in client.get(reverse("governance:council-home", args=["lancashire"])).content.decode()
    )
    plan_page = client.get(reverse("actionplans:plan-detail", args=["lancashire", lancashire.pk]))
    assert url in plan_page.content.decode()


def test_the_dashboard_cache_serves_the_same_page_until_a_service_changes_the_plan(
    lancashire, board_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    settings.PLEDGE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    url = reverse("governance:plan-dashboard", args=["lancashire", lancashire.pk])

    def main(response) -> str:
        page = response.content.decode()
        return page[page.index("<main") : page.index("</main>")]

    with CaptureQueriesContext(connection) as first:
        computed = main(board_client.get(url))
    with CaptureQueriesContext(connection) as second:
        cached = main(board_client.get(url))
    assert cached == computed and len(second) < len(first) - 5
    action = Action.objects.filter(plan=lancashire, status="open", rag="green").first()
    with django_capture_on_commit_callbacks(execute=True):  # as if the service's commit ran
        progress_update_record(
            action=action,
            author=get_user_model().objects.get(username="lancashire-owner"),
            narrative="Slipped badly",
            rag=Rag.RED,
            period=None,
        )
    after = main(board_client.get(url))
    assert after != cached
    red = Action.objects.filter(plan=lancashire, rag="red", status="open").count()
    assert (
        f'<span class="pledge-counts__number">{red}</span> <span class="pledge-counts__label">Red'
        in after
    )
    # Asking for another date is another page.
    other = main(board_client.get(url, {"since": "1/1/2026"}))
    assert "Changes since 1 January 2026" in other and "Changes since 1 January 2026" not in after
    # Issuing a pack is another page too: changes are now counted from it.
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        _issue_pack(lancashire, get_user_model().objects.get(username="lancashire-owner"))
    assert "Changes since the last board pack" in main(board_client.get(url))
