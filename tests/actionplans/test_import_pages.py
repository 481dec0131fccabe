"""Importing a plan in the browser: upload, preview, correct the columns, confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from actionplans import imports
from actionplans.importing import writing
from actionplans.importing.readers import MAX_BYTES
from actionplans.imports import IMPORT_FAILED, plan_import_read, plan_import_upload
from actionplans.models import (
    Action,
    ActionPlan,
    KeyOutcome,
    Lead,
    PlanImport,
    PlanImportStatus,
    ProgressUpdate,
)
from strategies.models import ChangeRecord, Strategy
from tests.conftest import build_strategy

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture(autouse=True)
def files_read_at_once(monkeypatch):
    """A test's transaction never commits, so the reading queued for the commit would never
    run: here it runs at once. tests/actionplans/test_import_reading.py tests the queueing."""
    monkeypatch.setattr(imports, "_read_in_background", lambda done: plan_import_read(done.pk))


# "Owner" is read as the lead column; "Notes" is not a column the product knows.
PLAN_CSV = (
    b"Key Outcome,Action,Owner,By when?,Progress,RAG,Notes\r\n"
    b"Care leavers have a home,Open two new flats,Housing / Leaving Care Team,31/03/2026,"
    b"Two flats found,Green,ask Sam\r\n"
    b',"Train foster carers, twice a year",Fostering Service,Ongoing,,Amber,\r\n'
    b"Children are healthy,Check every health assessment,Health Trust,Mar-27,,R,\r\n"
)
# The second row's action has no key outcome above it.
BROKEN_CSV = b"Key Outcome,Action,Lead\r\n,An action with no outcome,Housing\r\n"


def upload_url(council) -> str:
    return reverse("actionplans:import-upload", kwargs={"org": council.slug})


def preview_url(plan_import: PlanImport) -> str:
    kwargs = {"org": plan_import.organisation.slug, "pk": plan_import.pk}
    return reverse("actionplans:import-preview", kwargs=kwargs)


def confirm_url(plan_import: PlanImport) -> str:
    kwargs = {"org": plan_import.organisation.slug, "pk": plan_import.pk}
    return reverse("actionplans:import-confirm", kwargs=kwargs)


def upload(client, council, data: bytes, *, name="plan.csv", title="Care leavers plan", **more):
    body = {"plan_title": title, "strategy": "", "file": SimpleUploadedFile(name, data)}
    return client.post(upload_url(council), body | more)


def kept(council, owner, data: bytes = PLAN_CSV) -> PlanImport:
    return plan_import_upload(
        organisation=council,
        uploaded_by=owner,
        file_name="plan.csv",
        data=data,
        file_format="csv",
        plan_title="Care leavers plan",
        strategy=None,
    )


def plan_rows() -> dict[str, int]:
    models = (ActionPlan, Strategy, KeyOutcome, Action, Lead, ProgressUpdate, ChangeRecord)
    return {model.__name__: model.objects.count() for model in models}


def test_a_plan_owner_uploads_previews_corrects_a_column_and_imports_the_plan(
    client, owner, council
):
    Lead.objects.create(organisation=council, name="Fostering service")
    client.force_login(owner)
    before = plan_rows()

    response = upload(client, council, PLAN_CSV)

    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(plan_import)
    assert plan_rows() == before  # nothing written to the plan's tables yet
    page = client.get(preview_url(plan_import)).content.decode()
    assert "Check the plan before importing it" in page
    assert "3 new, 1 already in Testshire County Council" in page
    kind = '</span> <span class="pledge-import-table__kind">'
    assert f"Fostering service{kind}existing</span>" in page
    assert f"Housing{kind}new</span>" in page
    assert '31/03/2026<br><span class="pledge-import-table__kind">read as 31 Mar 2026' in page
    assert "Column 7: Notes" in page
    assert "This column is not imported." in page

    # The progress column is really a second lead column, say: it is not imported.
    corrected = {f"column-0-{i}": f for i, f in enumerate(
        ["key_outcome", "action", "lead", "deadline", "none", "rag", "none"]
    )}  # fmt: skip
    response = client.post(preview_url(plan_import), corrected)
    assert response.status_code == 302
    plan_import.refresh_from_db()
    assert plan_import.mapping == {"": ["key_outcome", "action", "lead", "deadline", "", "rag", ""]}
    page = client.get(preview_url(plan_import)).content.decode()
    assert "Two flats found" not in page

    response = client.post(confirm_url(plan_import), follow=True)

    plan = ActionPlan.objects.get(title="Care leavers plan")
    assert response.redirect_chain == [
        (reverse("actionplans:plan-detail", kwargs={"org": council.slug, "pk": plan.pk}), 302)
    ]
    assert "Care leavers plan is imported, with 3 actions" in response.content.decode()
    assert sorted(plan.actions.values_list("description", flat=True)) == [
        "Check every health assessment",
        "Open two new flats",
        "Train foster carers, twice a year",
    ]
    assert not ProgressUpdate.objects.filter(action__plan=plan).exists()  # progress ignored
    assert plan.strategy.title == "Care leavers plan"
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.IMPORTED
    assert (plan_import.plan, plan_import.uploaded_by, plan_import.imported_by) == (
        plan,
        owner,
        owner,
    )
    assert plan_import.imported_at is not None
    assert (plan_import.file_name, plan_import.size, plan_import.format) == (
        "plan.csv",
        len(PLAN_CSV),
        "csv",
    )
    assert bytes(plan_import.data) == PLAN_CSV


def test_an_existing_strategy_can_be_chosen_and_a_taken_title_is_refused(client, owner, council):
    strategy = build_strategy(council, title="Care leavers plan")
    client.force_login(owner)

    refused = upload(client, council, PLAN_CSV)
    chosen = upload(client, council, PLAN_CSV, strategy=str(strategy.pk))

    assert "already has a strategy called" in refused.content.decode()
    assert chosen.status_code == 302
    assert PlanImport.objects.get().strategy == strategy


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Word or Excel format"),
        ("Key Outcome,Action\nCaf\xe9,Tea\n".encode("latin-1"), "not readable as UTF-8"),
    ],
    ids=["empty", "old office format", "not utf-8"],
)
def test_a_file_that_cannot_be_read_is_refused_on_its_field(client, owner, council, data, message):
    client.force_login(owner)

    response = upload(client, council, data)

    assert response.status_code == 200
    assert response.content.decode().count(message) == 2  # the summary and the field
    assert not PlanImport.objects.exists()


def test_a_50_mb_upload_gets_a_clear_message_and_is_not_kept(client, owner, council):
    client.force_login(owner)

    response = upload(client, council, b"Key Outcome,Action\n" + b"x" * (50 * 1024 * 1024))

    assert response.status_code == 200
    assert "The selected file must be smaller than 10 MB" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_a_file_just_over_the_readers_limit_is_refused_too(client, owner, council):
    client.force_login(owner)

    response = upload(client, council, b"a,b\n" * (MAX_BYTES // 4) + b"x")

    assert "The selected file must be smaller than 10 MB" in response.content.decode()


def test_a_post_without_a_file_or_title_shows_the_errors(client, owner, council):
    client.force_login(owner)

    response = client.post(upload_url(council), {"strategy": "9" * 30})

    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Enter the plan&#x27;s title",
        "Select a strategy of this council, or a new strategy",
        "Select the file that holds your action plan",
    ):
        assert message in page


def test_a_file_with_errors_cannot_be_imported(client, owner, council):
    plan_import = kept(council, owner, BROKEN_CSV)
    client.force_login(owner)
    before = plan_rows()

    page = client.get(preview_url(plan_import)).content.decode()
    response = client.post(confirm_url(plan_import))

    assert "<title>Error: Check the plan" in page
    assert "The file has 1 problem to fix before it can be imported" in page
    assert "Row 2, column Key outcome:" in page
    assert "Import the plan</button>" not in page
    assert response.status_code == 200
    assert "The file has errors to fix before it can be imported" in response.content.decode()
    assert plan_rows() == before
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.UPLOADED


def test_columns_that_name_no_action_or_one_kind_twice_are_refused(client, owner, council):
    plan_import = kept(council, owner)
    client.force_login(owner)
    columns = ["key_outcome", "lead", "lead", "deadline", "progress", "rag", "none"]

    response = client.post(
        preview_url(plan_import), {f"column-0-{i}": f for i, f in enumerate(columns)}
    )
    tampered = client.post(preview_url(plan_import), {"column-0-0": "<script>", "column-0-1": ""})

    page = response.content.decode()
    assert "Select which column holds the actions" in page
    assert "Select each kind of column once: Lead is selected for more than one column" in page
    assert "Select what the column holds" in tampered.content.decode()
    plan_import.refresh_from_db()
    assert plan_import.mapping == {}


def test_a_failure_inside_the_import_leaves_no_plan_and_no_half_rows(
    client, owner, council, monkeypatch
):
    plan_import = kept(council, owner)
    client.force_login(owner)
    before = plan_rows()

    def refuse(*args, **kwargs):
        raise IntegrityError("as if the database refused the updates")

    # After the strategy, plan, outcomes, leads and actions are written.
    monkeypatch.setattr(writing.ProgressUpdate.objects, "bulk_create", refuse)
    response = client.post(confirm_url(plan_import))

    assert response.status_code == 200
    assert IMPORT_FAILED.replace("'", "&#x27;") in response.content.decode()
    assert plan_rows() == before
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.plan) == (PlanImportStatus.FAILED, None)

    monkeypatch.undo()
    assert client.post(confirm_url(plan_import)).status_code == 302
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImportStatus.IMPORTED


def test_a_second_confirmation_imports_nothing_more(client, owner, admin_user, council):
    plan_import = kept(council, owner)
    client.force_login(owner)
    client.post(confirm_url(plan_import))
    after_first = plan_rows()
    client.force_login(admin_user)

    response = client.post(confirm_url(plan_import), follow=True)

    assert plan_rows() == after_first
    assert "This file was already imported: this is its plan" in response.content.decode()
    plan = ActionPlan.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/plans/{plan.pk}/")
    assert client.get(preview_url(plan_import))["Location"].endswith(f"/plans/{plan.pk}/")


@pytest.mark.parametrize("role", ["officer", "board", "viewer"])
def test_other_roles_are_refused_every_step(client, personas, council, role):
    plan_import = kept(council, personas["owner"])
    client.force_login(personas[role])

    answers = [
        client.get(upload_url(council)).status_code,
        upload(client, council, PLAN_CSV).status_code,
        client.get(preview_url(plan_import)).status_code,
        client.post(confirm_url(plan_import)).status_code,
    ]

    assert answers == [403, 403, 403, 403]
    assert PlanImport.objects.count() == 1
    assert not ActionPlan.objects.exists()


def test_another_councils_import_is_404(client, owner, outsider, council, other_council):
    theirs = kept(other_council, outsider)
    client.force_login(owner)
    under_ours = {"org": council.slug, "pk": theirs.pk}

    answers = [
        client.get(reverse("actionplans:import-preview", kwargs=under_ours)).status_code,
        client.post(reverse("actionplans:import-confirm", kwargs=under_ours)).status_code,
        client.get(preview_url(theirs)).status_code,
    ]

    assert answers == [404, 404, 404]
    assert not ActionPlan.objects.exists()


def test_a_large_preview_shows_its_actions_a_page_at_a_time(client, owner, council):
    rows = "".join(f"Outcome {n // 50},Action number {n},Lead {n % 7}\r\n" for n in range(250))
    plan_import = kept(council, owner, f"Key Outcome,Action,Lead\r\n{rows}".encode())
    client.force_login(owner)

    first = client.get(preview_url(plan_import)).content.decode()
    last = client.get(preview_url(plan_import), {"page": 3}).content.decode()

    assert "Showing actions 1 to 100 of 250" in first
    assert "Action number 99<" in first and "Action number 100<" not in first
    assert "Showing actions 201 to 250 of 250" in last
    for page in ("4", "0", "abc", "9" * 30):
        assert client.get(preview_url(plan_import), {"page": page}).status_code == 404


def test_the_council_home_offers_the_import_to_plan_owners_only(client, owner, officer, council):
    home = reverse("governance:council-home", kwargs={"org": council.slug})
    link = f'href="{upload_url(council)}"'
    client.force_login(owner)
    assert link in client.get(home).content.decode()
    client.force_login(officer)
    assert link not in client.get(home).content.decode()
