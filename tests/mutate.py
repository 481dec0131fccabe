"""Mutation testing of the modules that hold the rules: `make mutate`, not part of `make test`.

mutmut changes one thing at a time in a module (`<` to `<=`, `and` to `or`, a string to
another) and runs the tests that exercise it; a change that no test notices "survives" and
points at behaviour nothing checks. MODULES, in tests/mutate_modules.py, is the one list to
edit: each entry names the source files to mutate and the test files that exercise them. A
mutant runs only those tests, and of them only the ones that call the changed function
(mutmut records which do in a first, unmutated pass over all the listed tests).

    python tests/mutate.py                 every module, then the table
    python tests/mutate.py deadlines pdf   only these (`make mutate MUTATE="deadlines pdf"`)
    python tests/mutate.py --table         the table of what mutants/ holds now
    python tests/mutate.py --list          the modules and their tests

Then `.venv/bin/mutmut results` lists the survivors and `.venv/bin/mutmut show NAME` shows
one. The rest of mutmut's settings are in pyproject.toml ([tool.mutmut]).

A survivor is either killed by a new test or argued harmless in tests/mutate_survivors.txt
(its name, then why no test should fail on it). The table counts the argued ones apart and
lists every survivor that is neither, so a new survivor, or an argued one whose function
changed (mutmut renumbers its mutants), is seen at once.

The tests run on SQLite in memory, whatever DATABASE_URL says, with the schema built from the
models: each mutant runs in a forked process of its own, so nothing is shared between two
mutants tested at once (MUTATE_JOBS of them, default the number of processors). Browser tests
are left out.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from mutate_modules import MODULES, Module  # beside this file: run as a script

ROOT = Path(__file__).resolve().parent.parent
# mutmut's exit codes for a mutant, as `mutmut results` names them (mutmut.stats).
COLUMNS = ("killed", "survived", "timeout", "no tests", "other")
SURVIVORS = ROOT / "tests" / "mutate_survivors.txt"


def argued() -> dict[str, str]:
    """Survivors argued harmless: mutant name -> why (tests/mutate_survivors.txt)."""
    found = {}
    for line in SURVIVORS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition(" ")
            found[name] = why.strip()
    return found


def dotted(source: str) -> str:
    return source.removesuffix(".py").replace("/", ".")


def module_of(key: str, modules: list[Module]) -> Module | None:
    """The module a mutmut function key ("actionplans.deadlines.x_deadline_date") is in."""
    name = key.rpartition(".")[0]
    for module in modules:
        if any(name == dotted(source) for source in module.sources):
            return module
    return None


def configure(modules: list[Module]) -> None:
    """Add the modules' files and tests to the settings mutmut read from pyproject.toml, and
    have each mutant run only its own module's tests."""
    import mutmut.__main__ as mutmut_main
    from mutmut import configuration
    from mutmut.state import state

    tests = sorted({test for module in modules for test in module.tests})
    configuration._config = dataclasses.replace(
        configuration.config(),
        only_mutate=[source for module in modules for source in module.sources],
        pytest_add_cli_args_test_selection=tests,
    )

    # mutmut maps each function to every selected test that called it; keep those of its
    # module, so that a rule is judged by the tests written for it (and costs only those).
    check = mutmut_main._check_test_to_mutant_associations

    def narrowed(by_path):
        tests_by_key = state().tests_by_mangled_function_name
        for key, names in list(tests_by_key.items()):
            module = module_of(key, modules)
            if module is not None:
                tests_by_key[key] = {name for name in names if module.judges(name)}
        return check(by_path)

    mutmut_main._check_test_to_mutant_associations = narrowed


def run_one(name: str, selected: list[str]) -> int:
    """mutmut run for one module's mutants (in this process: mutmut forks from it)."""
    from mutmut.__main__ import cli

    configure([MODULES[slug] for slug in selected])
    jobs = os.environ.get("MUTATE_JOBS") or str(os.cpu_count() or 2)
    patterns = [f"{dotted(source)}.*" for source in MODULES[name].sources]
    return cli(["run", "--max-children", jobs, *patterns])


def statuses(module: Module) -> list[tuple[str, str]]:
    """(mutant name, what became of it) for each mutant of the module's sources."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    found = []
    for source in module.sources:
        data = SourceFileMutationData(path=Path(source))
        data.load()
        for name, exit_code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[exit_code]
            found.append((name, status if status in COLUMNS else "other"))
    return found


def unexplained(names: list[str]) -> list[str]:
    """Survivors of these modules that no test kills and tests/mutate_survivors.txt does not
    argue."""
    reasons = argued()
    return [
        mutant
        for name in names
        for mutant, status in statuses(MODULES[name])
        if status == "survived" and mutant not in reasons
    ]


def table(names: list[str], seconds: dict[str, float]) -> str:
    header = ("module", "mutants", *COLUMNS, "argued", "unexplained", "killed %", "wall time")
    reasons = argued()
    rows = []
    for name in names:
        found = statuses(MODULES[name])
        by_status = Counter(status for _mutant, status in found)
        survivors = [mutant for mutant, status in found if status == "survived"]
        harmless = sum(mutant in reasons for mutant in survivors)
        total = len(found)
        share = f"{100 * by_status['killed'] / total:.0f}%" if total else "-"
        wall = f"{seconds[name] / 60:.1f} min" if name in seconds else "-"
        cells = [str(by_status[column]) for column in COLUMNS]
        rows.append(
            (
                MODULES[name].title,
                str(total),
                *cells,
                str(harmless),
                str(len(survivors) - harmless),
                share,
                wall,
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [header, tuple("-" * width for width in widths), *rows]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


def stale(names: list[str]) -> list[str]:
    """Mutants argued in tests/mutate_survivors.txt that these modules' run killed: a test
    now catches them, or mutmut renumbered their function's mutants (the function changed)
    and the name now means another change. Either way the entry must be read again."""
    reasons = argued()
    return [
        mutant
        for name in names
        for mutant, status in statuses(MODULES[name])
        if mutant in reasons and status != "survived"
    ]


def report(names: list[str], seconds: dict[str, float]) -> None:
    print(table(names, seconds))
    unknown = unexplained(names)
    if unknown:
        print(f"\nSurvivors neither killed nor argued in {SURVIVORS.name} ({len(unknown)}):")
        print("\n".join(f"    {mutant}" for mutant in unknown))
    gone = stale(names)
    if gone:
        print(f"\nArgued in {SURVIVORS.name} but not surviving: read again ({len(gone)}):")
        print("\n".join(f"    {mutant}" for mutant in gone))


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    if argv[:1] == ["--run-one"]:
        return run_one(argv[1], argv[2:])
    if argv[:1] == ["--list"]:
        for name, module in MODULES.items():
            print(f"{name}: {', '.join(module.sources)}\n    {'\n    '.join(module.tests)}")
        return 0
    if argv[:1] == ["--table"]:
        report([name for name in MODULES if statuses(MODULES[name])], {})
        return 0
    names = argv or list(MODULES)
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        print(f"No such module: {', '.join(unknown)}. Known: {', '.join(MODULES)}", file=sys.stderr)
        return 2

    # A fresh copy each time: mutmut reuses what mutants/ holds, but does not mutate a file
    # it copied unmutated before, so a run over other modules would find no mutants there.
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    env = os.environ | {"DJANGO_DEBUG": "1", "DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
    env.pop("DATABASE_URL", None)
    seconds = {}
    failed = []
    for name in names:
        print(f"\n=== {MODULES[name].title}: {', '.join(MODULES[name].sources)}", flush=True)
        start = time.monotonic()
        # One process per module: mutmut keeps its state in globals, for one run.
        command = [sys.executable, __file__, "--run-one", name, *names]
        if subprocess.run(command, env=env, check=False).returncode != 0:
            failed.append(name)
        seconds[name] = time.monotonic() - start
    print()
    report(names, seconds)
    if failed:
        print(f"\nmutmut stopped early for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
