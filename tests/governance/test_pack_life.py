"""A board pack's life, one service at a time and without rendering a PDF: requested, started,
its progress written, stored, issued, or failed (governance/packs/)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.models import BoardPack, Meeting
from governance.packs.build import (
    PROGRESS_DOCUMENT_READY,
    PROGRESS_LAID_OUT,
    _ProgressReporter,
    board_pack_build,
    board_pack_progress,
    board_pack_start,
)
from governance.packs.issue import board_pack_issue
from governance.packs.pdf import RenderedPdf
from governance.packs.request import SELECT_PACK_PART, SELECT_PACK_PLANS, board_pack_request
from governance.packs.store import PackIssuedError, board_pack_fail, board_pack_store
from strategies.models import ChangeRecord
from tests.conftest import build_meeting, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(council, plan):
    return build_meeting(council, plan, date=datetime.date(2027, 1, 20))


def requested(meeting, plan, by=None) -> BoardPack:
    return board_pack_request(
        meeting=meeting, plans=[plan], part="I", requested_by=by, background=False
    )


def issued(meeting, plan, by) -> BoardPack:
    pack = board_pack_start(pack=requested(meeting, plan, by))
    board_pack_store(pack=pack, content=b"%PDF-1.7 test", pages=2)
    return board_pack_issue(pack=pack, issued_by=by)


def records_of(pack: BoardPack) -> list[str]:
    return list(
        ChangeRecord.objects.filter(object_id=pack.pk)
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def test_each_request_is_the_next_version_of_that_meetings_pack_and_is_recorded(
    owner, council, meeting, plan
):
    later = build_meeting(council, plan, date=datetime.date(2027, 3, 3))

    first, second = requested(meeting, plan, owner), requested(meeting, plan, owner)
    other = requested(later, plan, owner)

    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert (second.status, second.part, second.created_by) == ("queued", "I", owner)
    assert list(second.plans.all()) == [plan]
    [record] = ChangeRecord.objects.filter(object_id=second.pk, actor=owner)
    assert record.summary == "Board pack version 2 requested"
    assert record.changes == {"plans": [None, [plan.title]], "part": [None, "I"]}


def test_a_request_without_plans_or_part_is_refused_in_govuk_words(owner, meeting, plan):
    with pytest.raises(ValidationError) as no_plans:
        board_pack_request(meeting=meeting, plans=[], part="I", requested_by=owner)
    with pytest.raises(ValidationError) as no_part:
        board_pack_request(meeting=meeting, plans=[plan], part="III", requested_by=owner)

    assert no_plans.value.message_dict == {"plans": [SELECT_PACK_PLANS]}
    assert no_part.value.message_dict == {"part": [SELECT_PACK_PART]}
    assert not BoardPack.objects.exists()


def test_a_request_queues_its_build_only_when_asked_and_only_on_commit(
    django_capture_on_commit_callbacks, monkeypatch, owner, meeting, plan
):
    queued = []

    class Task:
        enqueue = staticmethod(queued.append)

    monkeypatch.setattr("governance.packs.request.board_pack_build_task", Task)

    with django_capture_on_commit_callbacks(execute=True):
        requested(meeting, plan, owner)
        pack = board_pack_request(meeting=meeting, plans=[plan], part="I", requested_by=owner)
        assert queued == []

    assert queued == [pack.pk]


def test_starting_freezes_the_plans_clears_an_old_error_and_compares_with_the_last_pack(
    owner, meeting, plan
):
    october = Meeting.objects.create(board=meeting.board, date=datetime.date(2026, 10, 1))
    earlier = issued(october, plan, owner)
    pack = requested(meeting, plan, owner)
    board_pack_fail(pack=pack, error="RuntimeError: no fonts")
    at = timezone.make_aware(datetime.datetime(2027, 1, 10, 9, 0))

    started = board_pack_start(pack=pack, at=at)

    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.error) == ("building", 10, "")
    assert pack.compared_with == earlier == started.compared_with
    assert pack.snapshot["taken_at"] == at.isoformat()
    assert list(pack.snapshot["plans"]) == [str(plan.pk)]


def test_a_pack_being_built_or_built_cannot_be_started_again(owner, meeting, plan):
    pack = board_pack_start(pack=requested(meeting, plan, owner))

    with pytest.raises(ValidationError) as building:
        board_pack_start(pack=pack)
    board_pack_store(pack=pack, content=b"%PDF-1.7 test", pages=2)
    with pytest.raises(ValidationError) as ready:
        board_pack_start(pack=pack)

    assert building.value.messages == ["Version 1 is already building"]
    assert ready.value.messages == ["Version 1 is already ready"]


def test_building_a_pack_already_building_is_refused_and_does_not_mark_it_failed(
    owner, meeting, plan
):
    pack = board_pack_start(pack=requested(meeting, plan, owner))

    with pytest.raises(ValidationError):
        board_pack_build(pack=pack)

    pack.refresh_from_db()
    assert (pack.status, pack.error) == (BoardPack.Status.BUILDING, "")


def test_progress_is_written_to_that_pack_only_while_it_builds_and_kept_between_0_and_99(
    owner, meeting, plan
):
    pack = board_pack_start(pack=requested(meeting, plan, owner))
    other = board_pack_start(pack=requested(meeting, plan, owner))
    queued = requested(meeting, plan, owner)

    def progress_after(pack, progress):
        board_pack_progress(pack=pack, progress=progress)
        pack.refresh_from_db()
        return pack.progress

    assert progress_after(pack, 37) == 37
    assert progress_after(pack, 100) == 99, "100% means stored, not laid out"
    assert progress_after(pack, -5) == 0
    assert progress_after(queued, 50) == 0, "a queued pack has not begun"
    other.refresh_from_db()
    assert other.progress == 10


def test_the_progress_of_laying_out_moves_from_document_ready_towards_laid_out(
    owner, meeting, plan
):
    pack = board_pack_start(pack=requested(meeting, plan, owner))
    reporter = _ProgressReporter(pack, expected_pages=10)

    def after_page(page):
        reporter.written_at = 0.0  # as if a second had passed
        reporter(page)
        pack.refresh_from_db()
        return pack.progress

    span = PROGRESS_LAID_OUT - PROGRESS_DOCUMENT_READY
    assert after_page(5) == PROGRESS_DOCUMENT_READY + span // 2
    assert after_page(40) == PROGRESS_DOCUMENT_READY + int(span * 0.95)
    board_pack_progress(pack=pack, progress=30)
    reporter(9)
    pack.refresh_from_db()
    assert pack.progress == 30, "written at most once a second"
    assert _ProgressReporter(pack, expected_pages=0).expected_pages == 1


def test_storing_keeps_the_pdf_marks_the_pack_ready_and_is_recorded(owner, meeting, plan):
    pack = board_pack_start(pack=requested(meeting, plan, owner))
    before = timezone.now()

    stored = board_pack_store(pack=pack, content=b"%PDF-1.7 test", pages=7)

    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.pages) == ("ready", 100, 7)
    assert before <= pack.built_at <= timezone.now()
    assert pack.pdf.read() == b"%PDF-1.7 test" and stored.pdf.name == pack.pdf.name
    record = ChangeRecord.objects.get(object_id=pack.pk, summary__contains="built")
    assert (record.summary, record.actor, record.at) == (
        "Board pack version 1 built (7 pages)",
        owner,
        pack.built_at,
    )


def test_only_a_pack_being_built_can_be_stored_and_only_a_built_one_issued(owner, meeting, plan):
    pack = requested(meeting, plan, owner)

    with pytest.raises(ValidationError) as store:
        board_pack_store(pack=pack, content=b"%PDF-1.7 test", pages=1)
    with pytest.raises(ValidationError) as issue:
        board_pack_issue(pack=pack, issued_by=owner)

    assert store.value.messages == ["Version 1 is not being built"]
    assert issue.value.messages == ["Only a pack that has been built can be issued"]
    pack.refresh_from_db()
    assert (pack.status, pack.issued_at) == ("queued", None)


def test_issuing_records_who_and_when(owner, meeting, plan):
    before = timezone.now()

    pack = issued(meeting, plan, owner)

    pack.refresh_from_db()
    assert pack.issued_by == owner and before <= pack.issued_at <= timezone.now()
    record = ChangeRecord.objects.get(object_id=pack.pk, summary__contains="issued")
    assert (record.summary, record.actor, record.at) == (
        "Board pack version 1 issued",
        owner,
        pack.issued_at,
    )
    assert records_of(pack)[-1] == "Board pack version 1 issued"


def test_an_issued_pack_refuses_change_saying_when_it_was_issued(owner, meeting, plan):
    pack = issued(meeting, plan, owner)

    with pytest.raises(PackIssuedError) as refused:
        board_pack_start(pack=pack)

    assert refused.value.messages == [
        f"Version 1 was issued on {pack.issued_at:%-d %B %Y} and cannot change: "
        "build a new version instead"
    ]


def test_a_failure_marks_only_that_unissued_pack_and_keeps_2000_characters_of_why(
    owner, meeting, plan
):
    pack = board_pack_start(pack=requested(meeting, plan, owner))
    other = board_pack_start(pack=requested(meeting, plan, owner))
    done = issued(meeting, plan, owner)

    board_pack_fail(pack=pack, error="x" * 2500)
    board_pack_fail(pack=done, error="too late")

    pack.refresh_from_db(), other.refresh_from_db(), done.refresh_from_db()
    assert (pack.status, len(pack.error)) == ("failed", 2000)
    assert (other.status, other.error) == ("building", "")
    assert (done.status, done.error) == ("ready", "")


def test_a_build_writes_its_progress_as_pages_are_laid_out_against_the_pages_expected(
    monkeypatch, owner, council, meeting
):
    plan = build_plan(council, actions=9)  # 6 section pages + 9 // 4: 8 pages expected
    pack = requested(meeting, plan, owner)
    seen = []

    def render(html, *, on_page):
        on_page(3)
        seen.append(BoardPack.objects.get(pk=pack.pk).progress)
        return RenderedPdf(content=b"%PDF-1.7 test", pages=3, seconds_in_weasyprint=0.5)

    monkeypatch.setattr("governance.packs.build.render_pdf", render)
    built = board_pack_build(pack=pack)

    assert seen == [
        PROGRESS_DOCUMENT_READY + int((PROGRESS_LAID_OUT - PROGRESS_DOCUMENT_READY) * 3 / 8)
    ]
    assert (built.status, built.pages, built.seconds_in_weasyprint) == ("ready", 3, 0.5)


def test_a_failed_build_keeps_the_kind_of_error_and_its_words(monkeypatch, owner, meeting, plan):
    pack = requested(meeting, plan, owner)

    def broken(html, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("governance.packs.build.render_pdf", broken)
    with pytest.raises(RuntimeError):
        board_pack_build(pack=pack)

    pack.refresh_from_db()
    assert (pack.status, pack.error) == ("failed", "RuntimeError: no fonts")
