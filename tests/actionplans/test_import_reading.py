"""An uploaded plan is read in the background (actionplans/imports.py): the page shows how
far the reading has got, nothing can be imported until it is done, and what the person
checked in the preview is what is imported."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans.importing.reading import preview_file
from actionplans.imports import (
    READ_FAILED,
    STILL_READING,
    plan_import_confirm,
    plan_import_read,
)
from actionplans.models import ActionPlan, PlanImport, PlanImportStatus
from tests.actionplans.test_import_pages import PLAN_CSV, confirm_url, preview_url, upload_url

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def being_read(council, owner, data: bytes = b"x", **fields) -> PlanImport:
    """An upload whose file is being read (the page and the services' view of it)."""
    return PlanImport.objects.create(
        organisation=council,
        uploaded_by=owner,
        file_name="plan.csv",
        data=data,
        sha256="0",
        size=len(data),
        format="csv",
        plan_title="Homes",
        status=PlanImportStatus.READING,
        **fields,
    )


def test_the_file_is_read_after_the_upload_commits_and_the_page_says_so_meanwhile(
    client, owner, council, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    body = {
        "plan_title": "Homes plan",
        "strategy": "",
        "file": SimpleUploadedFile("p.csv", PLAN_CSV),
    }
    with django_capture_on_commit_callbacks() as queued:
        client.post(upload_url(council), body)
    plan_import = PlanImport.objects.get()
    assert (plan_import.status, plan_import.preview) == (PlanImportStatus.READING, None)
    reading = client.get(preview_url(plan_import)).content.decode()
    assert "Reading your file" in reading and "Opening the file." in reading
    assert client.post(confirm_url(plan_import)).status_code == 302  # back to the page
    assert not ActionPlan.objects.filter(title="Homes plan").exists()

    for callback in queued:  # the commit: the task runs (in this process, by default)
        callback()

    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.UPLOADED
    assert plan_import.preview["actions"][0]["text"] == "Open two new flats"
    assert (
        "Check the plan before importing it"
        in client.get(preview_url(plan_import)).content.decode()
    )


def test_the_page_shows_how_many_rows_have_been_read(client, owner, council):
    plan_import = being_read(council, owner, rows_read=2500, rows_total=5004)
    client.force_login(owner)
    assert "Read 2500 of 5004 rows." in client.get(preview_url(plan_import)).content.decode()


def test_reading_tells_its_progress_every_250_rows():
    rows = "".join(f"Outcome,Action {n},Lead\r\n" for n in range(600))
    told = []
    preview_file(f"Key Outcome,Action,Lead\r\n{rows}".encode(), progress=lambda *p: told.append(p))
    assert told == [(250, 601), (500, 601)]


def test_nothing_is_imported_while_the_file_is_being_read(owner, council):
    plan_import = being_read(council, owner, data=PLAN_CSV)
    with pytest.raises(Exception, match=STILL_READING):
        plan_import_confirm(plan_import=plan_import, actor=owner)
    assert not ActionPlan.objects.filter(title="Homes").exists()


def test_what_the_person_checked_is_what_is_imported(owner, council):
    plan_import = being_read(council, owner, data=PLAN_CSV)
    plan_import_read(plan_import.pk)
    # The file changes underneath after the preview (it cannot through the pages): the plan
    # is still the one previewed.
    PlanImport.objects.filter(pk=plan_import.pk).update(data=b"Key Outcome,Action\r\nX,Y\r\n")
    done, imported = plan_import_confirm(
        plan_import=PlanImport.objects.get(pk=plan_import.pk), actor=owner
    )
    assert imported
    assert [a.description for a in done.plan.actions.order_by("key_outcome__number", "number")] == [
        "Open two new flats",
        "Train foster carers, twice a year",
        "Check every health assessment",
    ]


def test_a_file_whose_reading_fails_unforeseen_is_refused_with_what_to_do(
    client, owner, council, monkeypatch, caplog
):
    def fails(data, **options):
        raise RuntimeError("a fault no test foresaw")

    monkeypatch.setattr("actionplans.imports.preview_file", fails)
    plan_import = being_read(council, owner, data=PLAN_CSV)

    plan_import_read(plan_import.pk)

    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.UPLOADED  # no longer "being read"
    assert plan_import.preview["errors"] == [
        {"row": None, "column": None, "message": READ_FAILED, "where": ""}
    ]
    assert "a fault no test foresaw" in caplog.text  # the traceback, for the support team
    client.force_login(owner)
    page = client.get(preview_url(plan_import)).content.decode()
    assert "Pledge could not read this file." in page
    with pytest.raises(ValidationError):
        plan_import_confirm(plan_import=plan_import, actor=owner)
    assert not ActionPlan.objects.filter(title="Homes").exists()


def test_a_workbook_as_excel_saves_it_is_uploaded_read_and_imported(
    client, owner, council, django_capture_on_commit_callbacks
):
    from tests.actionplans.importing.excel import with_shared_strings
    from tests.actionplans.importing.test_xlsx import plan_workbook, saved

    client.force_login(owner)
    workbook = with_shared_strings(saved(plan_workbook()))
    body = {
        "plan_title": "Homes plan",
        "strategy": "",
        "file": SimpleUploadedFile("Plan 2025.xlsx", workbook),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(upload_url(council), body)
    plan_import = PlanImport.objects.get()

    assert plan_import.status == PlanImportStatus.UPLOADED
    assert "Train landlords" in client.get(preview_url(plan_import)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_url(plan_import))
    plan = ActionPlan.objects.get(title="Homes plan")
    assert list(plan.actions.order_by("number").values_list("description", flat=True)) == [
        "Find flats",
        "and support",
        "Train landlords",
        "Review rents",
    ]
