"""The backup drill (`manage.py backup_drill`, `make backup-drill`): a real pg_dump and
pg_restore of a seeded database with a built board pack, compared table by table and file by
file, and the restored copy smoke-checked. Runs in the PostgreSQL pass only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from governance.management.commands.backup_drill import _compare_files

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the drill needs PostgreSQL's pg_dump and pg_restore",
)
def test_a_backup_restores_into_an_empty_database_and_storage_whole(tmp_path):
    env = os.environ | {"DJANGO_MEDIA_ROOT": str(tmp_path / "media"), "DJANGO_DEBUG": "1"}
    # The run's own database ("pledge"), not the tests' (pytest-django's test_ copy).
    assert manage("migrate", "-v0", env=env).returncode == 0
    assert manage("seed", "--council", "lancashire", "-v0", env=env).returncode == 0
    meeting = manage(
        "shell",
        "-v0",
        "-c",
        "import datetime; from governance.models import Board, Meeting; "
        "print(Meeting.objects.create(board=Board.objects.order_by('pk').first(), "
        "date=datetime.date(2026, 12, 10)).pk)",
        env=env,
    )
    assert meeting.returncode == 0, meeting.stderr
    built = manage("build_board_pack", "--meeting", meeting.stdout.strip(), env=env)
    assert built.returncode == 0, built.stderr

    drill = manage("backup_drill", "--backup-dir", str(tmp_path / "backup"), env=env)

    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "Backed up the database and 1 files" in drill.stdout
    assert "The restored copy is whole." in drill.stdout
    assert (tmp_path / "backup" / "database.dump").stat().st_size > 10_000


def test_a_file_that_changed_in_the_restore_is_reported(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "a.pdf").write_bytes(b"%PDF-1.7 tampered")
    manifest = {"packs/a.pdf": "0" * 64}
    assert _compare_files(manifest, tmp_path) == ["File packs/a.pdf differs after restoring."]
