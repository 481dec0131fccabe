"""Boards, meetings, recommendations and the packs built for a meeting, through the pages,
the services, the task backends and the command."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.boards.services import recommendation_record, recommendation_update_add
from governance.models import AgendaItem, BoardPack, Meeting, Membership, Recommendation
from governance.packs.build import board_pack_build, board_pack_start
from governance.packs.issue import board_pack_issue
from governance.packs.pdf import RenderedPdf
from governance.packs.request import board_pack_request
from governance.packs.store import PackIssuedError, board_pack_store
from strategies.models import ChangeRecord, Organisation, Role
from tests.conftest import build_meeting, build_plan

pytestmark = pytest.mark.django_db


def meeting_url(meeting) -> str:
    return reverse(
        "governance:meeting-detail",
        kwargs={"org": meeting.board.organisation.slug, "pk": meeting.pk},
    )


def built_pack(meeting, plan, by=None) -> BoardPack:
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=by, background=False
    )
    return board_pack_build(pack=pack)


@pytest.fixture
def meeting(council, plan):
    return build_meeting(council, plan, date=datetime.date(2027, 1, 20))


def test_the_board_page_lists_members_with_their_roles_the_plans_and_meetings(
    client, board_member, meeting, plan
):
    board = meeting.board
    board_member.first_name, board_member.last_name = "Ada", "Councillor"
    board_member.save()
    Membership.objects.create(board=board, user=board_member, role=Membership.Role.CHAIR)
    client.force_login(board_member)

    listing = client.get(reverse("governance:board-list", kwargs={"org": "testshire"}))
    page = client.get(
        reverse("governance:board-detail", kwargs={"org": "testshire", "pk": board.pk})
    )

    assert board.name in listing.text and plan.title in listing.text
    assert "Ada Councillor" in page.text and "Chair" in page.text
    assert plan.title in page.text
    assert meeting_url(meeting) in page.text


def test_the_meeting_page_shows_the_agenda_with_what_members_are_asked_to_do(
    client, viewer, meeting, plan
):
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Strategy and Action Plan",
        author_role="Assistant Director, Children's Services",
        actions_asked="Review the progress against the priorities and actions.",
    )
    item.plans.add(plan)
    client.force_login(viewer)

    page = client.get(meeting_url(meeting))

    for words in [item.title, "Assistant Director, Children&#x27;s Services", item.actions_asked]:
        assert words in page.text


def test_open_recommendations_appear_at_every_later_meeting_until_closed_then_once_as_closed(
    client, owner, council, plan
):
    first = build_meeting(council, plan, date=datetime.date(2026, 10, 1))
    board = first.board
    second = board.meetings.create(date=datetime.date(2027, 1, 20))
    third = board.meetings.create(date=datetime.date(2027, 4, 20))
    still_open = recommendation_record(
        meeting=first,
        text="Report placement stability by district",
        owner="Head of Service",
        due_on=datetime.date(2027, 3, 31),
        recorded_by=owner,
    )
    closed = recommendation_record(
        meeting=first,
        text="Invite the Children in Care Council",
        owner="",
        due_on=None,
        recorded_by=owner,
    )
    recommendation_update_add(
        recommendation=closed,
        text="They attended in December",
        status="done",
        author=owner,
        at=timezone.make_aware(datetime.datetime(2026, 12, 1)),
    )

    assert list(Recommendation.objects.at_meeting(first)) == [still_open, closed]
    # Closed in December: the January meeting is told so, with its last update; then no more.
    assert list(Recommendation.objects.at_meeting(second)) == [still_open, closed]
    assert list(Recommendation.objects.at_meeting(third)) == [still_open]
    client.force_login(owner)
    told = client.get(meeting_url(second)).text
    row = told[told.index(closed.text) : told.index("</tr>", told.index(closed.text))]
    assert "Done" in row and "Closed 1 Dec 2026" in row
    assert "1 Dec 2026, Done: They attended in December" in row
    page = client.get(meeting_url(third))
    assert still_open.text in page.text
    assert "Made at the meeting of 1 October 2026" in page.text
    assert closed.text not in page.text


def test_a_closed_recommendation_keeps_its_trail_and_takes_no_more_updates(owner, meeting):
    recommendation = recommendation_record(
        meeting=meeting, text="Publish the local offer", owner="", due_on=None, recorded_by=owner
    )
    recommendation_update_add(
        recommendation=recommendation, text="Drafted", status="in_progress", author=owner
    )
    recommendation_update_add(
        recommendation=recommendation, text="Published", status="done", author=owner
    )

    assert recommendation.is_closed and recommendation.closed_at is not None
    assert [u.text for u in recommendation.updates.order_by("created_at")] == [
        "Drafted",
        "Published",
    ]
    with pytest.raises(ValidationError):
        recommendation_update_add(
            recommendation=recommendation, text="Again", status="open", author=owner
        )


def records_written_by(change) -> list[ChangeRecord]:
    """The change records written while `change()` ran."""
    before = set(ChangeRecord.objects.values_list("pk", flat=True))
    change()
    return list(ChangeRecord.objects.exclude(pk__in=before))


def test_a_recommendation_update_writes_one_change_record_of_who_what_and_when(
    owner, council, meeting
):
    recommendation = recommendation_record(
        meeting=meeting, text="Publish the local offer", owner="", due_on=None, recorded_by=owner
    )
    at = timezone.make_aware(datetime.datetime(2027, 2, 3, 10, 30))

    records = records_written_by(
        lambda: recommendation_update_add(
            recommendation=recommendation, text="Drafted", status="in_progress", author=owner, at=at
        )
    )

    assert len(records) == 1, "an update must leave exactly one change record"
    [record] = records
    assert (record.organisation, record.actor, record.at) == (council, owner, at)
    assert record.content_type == ContentType.objects.get_for_model(Recommendation)
    assert record.object_id == recommendation.pk
    assert record.summary == "Recommendation update: In progress"
    assert record.changes == {"status": ["open", "in_progress"]}


def test_updating_a_recommendation_on_its_page_writes_one_change_record(
    client, owner, council, meeting
):
    recommendation = recommendation_record(
        meeting=meeting, text="Publish the local offer", owner="", due_on=None, recorded_by=owner
    )
    client.force_login(owner)
    url = reverse(
        "governance:recommendation-update", kwargs={"org": "testshire", "pk": recommendation.pk}
    )
    started = timezone.now()

    records = records_written_by(
        lambda: client.post(url, {"text": "Published in March", "status": "done"})
    )

    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    assert len(records) == 1, "an update must leave exactly one change record"
    [record] = records
    assert (record.organisation, record.actor, record.object_id) == (
        council,
        owner,
        recommendation.pk,
    )
    assert started <= record.at == recommendation.closed_at <= timezone.now()
    assert record.summary == "Recommendation update: Done"
    assert record.changes == {"status": ["open", "done"]}


def test_an_issued_pack_never_changes_and_a_reissue_is_a_new_version(owner, meeting, plan):
    first = board_pack_issue(pack=built_pack(meeting, plan, owner), issued_by=owner)
    first_pdf, first_snapshot = first.pdf.read(), first.snapshot
    plan.actions.update(description="Changed after the pack was issued")

    for attempt in (
        lambda: board_pack_start(pack=first),
        lambda: board_pack_store(pack=first, content=b"%PDF-1.7 other", pages=1),
        lambda: board_pack_issue(pack=first, issued_by=owner),
    ):
        with pytest.raises(PackIssuedError):
            attempt()
    second = board_pack_issue(pack=built_pack(meeting, plan, owner), issued_by=owner)

    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.is_issued and second.is_issued
    assert first.pdf.read() == first_pdf and first.snapshot == first_snapshot
    assert first.pdf.name != second.pdf.name
    assert second.file_name.endswith("-pack-v2.pdf")


@pytest.mark.django_db(transaction=True)
def test_the_build_button_builds_the_pack_through_the_immediate_task_backend(
    client, owner, meeting, plan
):
    """Committed for real, as in production, so the task runs before the page redirects."""
    client.force_login(owner)
    url = reverse("governance:pack-build", kwargs={"org": "testshire", "pk": meeting.pk})

    response = client.post(url, {"plans": [plan.pk], "part": "I"})

    assert response.status_code == 302
    pack = BoardPack.objects.get(meeting=meeting)
    assert (pack.status, pack.progress, pack.version) == ("ready", 100, 1)
    page = client.get(meeting_url(meeting))
    assert "Version 1 of the board pack is ready" in page.text
    download = client.get(
        reverse("governance:pack-download", kwargs={"org": "testshire", "pk": pack.pk})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="{pack.file_name}"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.7")


@pytest.mark.django_db(transaction=True)
def test_the_database_task_backend_leaves_the_build_to_the_worker(settings, owner, meeting, plan):
    """Committed for real: the worker (which closes its connections) runs after the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    pack = board_pack_request(meeting=meeting, plans=[plan], part="I", requested_by=owner)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.QUEUED
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY and pack.pages > 1


def test_the_meeting_page_shows_a_building_packs_progress_and_a_way_to_refresh(
    client, owner, meeting, plan
):
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=None, background=False
    )
    BoardPack.objects.filter(pk=pack.pk).update(status="building", progress=40)
    client.force_login(owner)

    page = client.get(meeting_url(meeting))

    assert "Building" in page.text and "40% done" in page.text
    assert "Refresh this page" in page.text
    assert 'http-equiv="refresh"' not in page.text  # a page that reloads itself fails WCAG 2.2.1


def test_a_failed_build_says_so_and_can_be_built_again(monkeypatch, owner, meeting, plan):
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
    )

    def broken(html, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("governance.packs.build.render_pdf", broken)
    with pytest.raises(RuntimeError):
        board_pack_build(pack=pack)
    pack.refresh_from_db()
    assert pack.status == "failed" and "no fonts" in pack.error

    monkeypatch.undo()
    assert board_pack_build(pack=pack).status == "ready"


@pytest.mark.parametrize(
    ("this_build", "raised"),
    [("rendering fails", RuntimeError), ("storing is refused", PackIssuedError)],
)
def test_a_build_that_fails_after_its_pack_was_issued_leaves_the_issued_pack_alone(
    monkeypatch, owner, meeting, plan, this_build, raised
):
    """A second run of the same build (a task run twice): the other run stored the pack and
    it was issued while this one was still rendering. This run's failure must not mark the
    record of what members were told as failed."""
    pack = board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=owner, background=False
    )

    def render_while_the_other_run_finishes(html, **kwargs):
        board_pack_store(pack=pack, content=b"%PDF-1.7 the issued pack", pages=3)
        board_pack_issue(pack=pack, issued_by=owner)
        if this_build == "rendering fails":
            raise RuntimeError("no fonts")
        return RenderedPdf(content=b"%PDF-1.7 this run", pages=1, seconds_in_weasyprint=0.0)

    monkeypatch.setattr("governance.packs.build.render_pdf", render_while_the_other_run_finishes)
    with pytest.raises(raised):
        board_pack_build(pack=pack)

    pack.refresh_from_db()
    assert (pack.status, pack.error, pack.pages) == ("ready", "", 3)
    assert pack.is_issued and pack.issued_by == owner
    assert pack.pdf.read() == b"%PDF-1.7 the issued pack"


def test_the_meeting_page_reads_a_fixed_number_of_queries_however_many_recommendations(
    client, owner, meeting
):
    client.force_login(owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(meeting_url(meeting)).status_code == 200
        return len(captured)

    recommendation_record(meeting=meeting, text="One", owner="", due_on=None, recorded_by=owner)
    one = queries()
    for number in range(5):
        recommendation = recommendation_record(
            meeting=meeting, text=f"More {number}", owner="", due_on=None, recorded_by=owner
        )
        recommendation_update_add(
            recommendation=recommendation, text="Going", status="in_progress", author=owner
        )
    assert queries() == one


def test_the_command_builds_and_keeps_a_pack_and_writes_it_to_a_file(tmp_path, meeting, plan):
    output = tmp_path / "pack.pdf"

    call_command("build_board_pack", meeting=meeting.pk, output=output, verbosity=0)

    pack = BoardPack.objects.get(meeting=meeting)
    assert pack.status == "ready" and output.read_bytes() == pack.pdf.read()
    assert list(pack.plans.all()) == [plan]


def test_the_commands_dry_run_writes_the_file_and_keeps_nothing(settings, tmp_path, meeting):
    output = tmp_path / "pack.pdf"

    call_command("build_board_pack", meeting=meeting.pk, output=output, dry_run=True)

    assert output.read_bytes().startswith(b"%PDF")
    assert not BoardPack.objects.exists()
    assert not list((settings.MEDIA_ROOT / "board-packs").rglob("*.pdf"))


def test_the_command_explains_what_is_wrong(council, meeting, tmp_path):
    other_plan = build_plan(council)
    with pytest.raises(CommandError, match="There is no meeting with id 999"):
        call_command("build_board_pack", meeting=999)
    with pytest.raises(CommandError, match="is not overseen by"):
        call_command("build_board_pack", meeting=meeting.pk, plans=[other_plan.pk])
    with pytest.raises(CommandError, match="give --output"):
        call_command("build_board_pack", meeting=meeting.pk, dry_run=True)
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("build_board_pack", meeting=meeting.pk, output=tmp_path / "no" / "x.pdf")


def test_the_seeded_meetings_appear_with_their_real_details(client, make_person):
    call_command("seed", verbosity=0)
    pages = {}
    for slug in ("lincolnshire", "west-sussex", "lancashire"):
        person = make_person(f"{slug}-reader", Organisation.objects.get(slug=slug), Role.VIEWER)
        client.force_login(person)
        home = client.get(reverse("governance:council-home", kwargs={"org": slug})).text
        boards = client.get(reverse("governance:board-list", kwargs={"org": slug})).text
        meetings = Meeting.objects.filter(board__organisation__slug=slug)
        pages[slug] = (home, boards, [client.get(meeting_url(m)).text for m in meetings])

    _, _, (lincolnshire,) = pages["lincolnshire"]
    assert "Corporate Parenting Panel, 23 July 2020" in lincolnshire
    assert "Looked After Children and Care Leavers Strategy and Action Plan" in lincolnshire
    assert "Assistant Director \N{EN DASH} Children&#x27;s (Safeguarding)" in lincolnshire
    assert "recommend any changes or actions for future consideration" in lincolnshire
    _, _, (west_sussex,) = pages["west-sussex"]
    assert "The draft strategy and implementation plan" in west_sussex
    assert 'The source gives the date as "19th July"' in west_sussex
    assert "Panel Members supported adoption of the strategy" in west_sussex
    home, boards, _ = pages["lancashire"]
    assert "Corporate Parenting Board" in boards
    assert "Children Looked After and Care Leavers Strategic Action Plan 2014-17" in boards
    assert reverse("governance:board-list", kwargs={"org": "lancashire"}) in home
