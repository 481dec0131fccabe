"""Importing a generated 5,000-action Excel workbook, for `make bench`.

The workbook is made as a council's would be: a title and subtitle above the header, a sheet
per section, each key outcome merged down over its actions, references, leads, deadlines in
words and as Excel dates, progress, and RAG as words on a fill. It is read and written in a
fresh process, as the upload page does it: the preview (reading every cell and applying the
plan rules), then the import in one transaction. The peak memory is the whole process's.
Goal (issue 12): under 10 s and under 500 MB, preview included.

`import_table(bench)` is one of tests/bench.py's TABLES. On its own, `python -m
tests.bench_import` migrates the database DATABASE_URL names (SQLite by default) and prints
the same table.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.actionplans.importing.excel import with_shared_strings
from tests.benchkit import Table, verdict

ROOT = Path(__file__).resolve().parent.parent
ACTIONS, SECTIONS, LEADS = 5000, 5, 500
MAX_SECONDS, MAX_MB = 10, 500
HEADERS = ("file", "actions", "MB", "preview s", "import s", "total s", "peak MB", "goal", "met?")
FILLS = {"Red": "FF0000", "Amber": "FFC000", "Green": "00B050", "Complete": "0070C0"}


def workbook(actions: int = ACTIONS, seed: int = 12) -> bytes:
    """A council's plan as an Excel workbook, its text in one shared list as Excel saves it:
    a sheet per section."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    rng = random.Random(seed)
    book = Workbook()
    book.remove(book.active)
    per_section = actions // SECTIONS
    for section in range(1, SECTIONS + 1):
        sheet = book.create_sheet(f"Section {section}")
        sheet.append([f"Corporate Parenting Action Plan: section {section}"])
        sheet.append(["Updated for the board, with progress to the end of the quarter"])
        sheet.append(
            ["Ref", "Key Outcome", "Action", "Lead Officer(s)", "By when?", "Progress", "RAG"]
        )
        row = 4
        for outcome in range(1, per_section // 10 + 1):
            first = row
            for number in range(1, 11):
                rag = rng.choice([*FILLS, None])
                deadline = (
                    datetime.date(2026, rng.randint(1, 12), 28)
                    if number % 2
                    else rng.choice(["Mar-26", "Q3 2025/26", "June 2026", "Ongoing"])
                )
                sheet.append(
                    [
                        f"{section}.{outcome}.{number}",
                        f"Key outcome {section}.{outcome}: children and young people thrive"
                        if number == 1
                        else None,
                        f"Action {number} of outcome {outcome}: "
                        + " ".join(
                            rng.choice(
                                (
                                    "review",
                                    "improve",
                                    "report",
                                    "agree",
                                    "fund",
                                    "train",
                                    "visit",
                                    "plan",
                                )
                            )
                            for _ in range(12)
                        ),
                        " / ".join(
                            f"Lead {rng.randrange(LEADS)}" for _ in range(rng.randint(1, 3))
                        ),
                        deadline,
                        "Progress reported to the board." if rng.random() < 0.3 else None,
                        rag,
                    ]
                )
                if isinstance(deadline, datetime.date):
                    sheet.cell(row, 5).number_format = "dd/mm/yyyy"
                if rag:
                    sheet.cell(row, 7).fill = PatternFill("solid", fgColor=FILLS[rag])
                row += 1
            sheet.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
        sheet.append([])
        sheet.append(["* RAG: Red off track, Amber at risk, Green on track."])
    out = io.BytesIO()
    book.save(out)
    return with_shared_strings(out.getvalue())


def measure(path: str) -> dict:
    """In this (fresh) process: preview and import the workbook, as the upload page would."""
    from actionplans.importing.reading import preview_file
    from actionplans.importing.writing import import_plan
    from strategies.models import Organisation

    data = Path(path).read_bytes()
    council, _ = Organisation.objects.get_or_create(
        slug="bench-import", defaults={"name": "Import Benchmark Council"}
    )
    started = time.perf_counter()
    preview = preview_file(data)
    previewed = time.perf_counter()
    if preview.errors:
        raise RuntimeError(f"the workbook has errors: {preview.errors[:3]}")
    plan = import_plan(
        organisation=council,
        preview=preview,
        plan_title=f"Imported {time.time()}",
        file_name="plan.xlsx",
        data=data,
    )
    done = time.perf_counter()
    return {
        "actions": plan.actions.count(),
        "preview": previewed - started,
        "import": done - previewed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def import_rows(tmp: Path) -> list[tuple[str, ...]]:
    data = workbook()
    path = tmp / "plan-5000.xlsx"
    path.write_bytes(data)
    command = [sys.executable, "-m", "tests.bench_import", "--measure", str(path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("IMPORT ")]
    if done.returncode or not lines:
        raise RuntimeError(f"the import failed:\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1].removeprefix("IMPORT "))
    total = result["preview"] + result["import"]
    met = result["actions"] == ACTIONS and total < MAX_SECONDS and result["peak_mb"] < MAX_MB
    return [
        (
            "generated workbook (.xlsx)",
            f"{result['actions']:,}",
            f"{len(data) / 1e6:.1f}",
            f"{result['preview']:.2f}",
            f"{result['import']:.2f}",
            f"{total:.2f}",
            f"{result['peak_mb']:.0f}",
            f"< {MAX_SECONDS} s, < {MAX_MB} MB",
            verdict(met),
        )
    ]


def import_table(bench) -> Table:
    """For tests/bench.py: the import in a fresh process."""
    from django.db import connection

    connection.close()  # the child opens its own
    return Table(
        "Importing a plan (preview and import, in a fresh process)", HEADERS, import_rows(bench.tmp)
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    if sys.argv[1:2] == ["--measure"]:
        print("IMPORT " + json.dumps(measure(sys.argv[2])))
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="pledge-import-") as directory:
        print(Table("Importing a plan", HEADERS, import_rows(Path(directory))).render())


if __name__ == "__main__":
    main()
