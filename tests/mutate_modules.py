"""What `make mutate` mutates, and the tests that judge each module: the one list to edit.
tests/mutate.py runs it (see there for how)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Module:
    title: str
    sources: tuple[str, ...]
    # Test files, or single tests ("file::test_name").
    tests: tuple[str, ...]

    def judges(self, test: str) -> bool:
        return test in self.tests or test.split("::")[0] in self.tests


UA_STYLESHEET = (
    "tests/governance/test_board_pack.py"
    "::test_packs_lay_out_with_weasyprints_stylesheet_less_its_rules_for_every_element"
)
UA_REWRITES = (
    "tests/governance/test_board_pack.py"
    "::test_the_slimmer_stylesheet_keeps_markers_for_list_items_and_drops_footnotes_and_notes"
)

PAGE_REFERENCES = (
    "tests/governance/test_board_pack.py"
    "::test_pydyfs_page_references_are_kept_until_a_page_is_added_and_stay_pydyfs_own"
)
ISSUING = "tests/governance/test_pack_issuing.py::"

# Tests that read plan files through the rules, from the file to the preview and the import:
# both importing modules are judged by them.
READING_TESTS = (
    "tests/actionplans/importing/test_xlsx.py",
    "tests/actionplans/importing/test_xlsx_values.py",
    "tests/actionplans/importing/test_docx.py",
    "tests/actionplans/importing/test_reading.py",
    "tests/actionplans/importing/test_reading_text.py",
    "tests/actionplans/importing/test_reading_office.py",
    "tests/actionplans/importing/test_round_trip.py",
    "tests/actionplans/importing/test_import_command.py",
    "tests/actionplans/importing/test_import_lancashire.py",
    "tests/actionplans/importing/test_messages.py",
    "tests/actionplans/test_import_pages.py",
    "tests/actionplans/test_import_reading.py",
)

MODULES = {
    "permissions": Module(
        "Permissions",
        ("actionplans/permissions.py", "governance/permissions.py"),
        (
            "tests/test_url_access.py",
            "tests/actionplans/test_permissions.py",
            "tests/governance/test_permissions.py",
            "tests/actionplans/test_updates.py",
            "tests/actionplans/test_plan_page.py",
            "tests/governance/test_meetings.py",
            "tests/governance/test_voice.py",
        ),
    ),
    # Which council a page or a link belongs to: the URL's council, and links that never cross.
    "scoping": Module(
        "Council scoping",
        ("strategies/scoping.py", "strategies/integrity.py", "governance/links.py"),
        (
            "tests/test_url_access.py",
            "tests/strategies/test_council_links.py",
            "tests/governance/test_council_plans.py",
            "tests/strategies/test_scoping.py",
        ),
    ),
    "services": Module(
        "Services",
        (
            "actionplans/services.py",
            "governance/boards/services.py",
            "governance/packs/request.py",
            "governance/packs/build.py",
            "governance/packs/store.py",
            "governance/packs/issue.py",
            "governance/voice/services.py",
        ),
        (
            "tests/actionplans/test_updates.py",
            "tests/actionplans/test_stale.py",
            "tests/actionplans/test_history.py",
            "tests/governance/test_meetings.py",
            "tests/governance/test_board_services.py",
            "tests/governance/test_pack_life.py",
            "tests/governance/test_voice.py",
            "tests/governance/test_voice_forms.py",
            "tests/governance/test_council_plans.py",
            "tests/strategies/test_council_links.py",
            "tests/actionplans/test_periods.py",
            "tests/test_history_kept.py",
            # Not the whole file: its test of one transaction needs PostgreSQL's.
            ISSUING + "test_once_a_newer_version_is_issued_older_ones_are_superseded_and_an_older"
            "_draft_refused",
            ISSUING + "test_part_i_and_part_ii_are_separate_papers_neither_supersedes_the_other",
            ISSUING + "test_a_refusal_names_the_day_the_newer_version_was_issued",
            # Scheduling a meeting adds the period up to it, for a plan aligned to meetings.
            "tests/governance/test_cycle_pages.py",
        ),
    ),
    "exports": Module(
        "Exports",
        ("actionplans/exports.py",),
        (
            "tests/actionplans/test_plan_export.py",
            "tests/actionplans/test_plan_export_sheets.py",
            "tests/test_hostile_input.py",
        ),
    ),
    "pdf": Module(
        "PDF fetcher",
        ("governance/packs/pdf.py",),
        # The board pack's other tests check what a pack says (document.py, the templates), at
        # seconds a pack: too slow to repeat for each of pdf.py's 150 mutants.
        ("tests/governance/test_pdf_safety.py", UA_STYLESHEET, UA_REWRITES, PAGE_REFERENCES),
    ),
    "deadlines": Module(
        "Deadline reading",
        ("actionplans/deadlines.py",),
        ("tests/actionplans/test_deadlines.py", "tests/actionplans/test_updates.py"),
    ),
    # The throttles' rules (accounts/services.py: sign-in, password reset) and the address
    # they count by.
    "throttle": Module(
        "Sign-in and reset throttling",
        ("accounts/services.py", "accounts/addresses.py"),
        (
            "tests/accounts/test_sign_in_throttle.py",
            "tests/accounts/test_sign_in_pages.py",
            "tests/accounts/test_password_reset_limit.py",
        ),
    ),
    # The read rules, each defined once (overdue, not updated, moved, RAG order, current period).
    "rules": Module(
        "Rule definitions",
        (
            "actionplans/models/actions.py",
            "actionplans/models/plans.py",
            "governance/models/recommendations.py",
        ),
        (
            "tests/actionplans/test_rules.py",
            "tests/actionplans/test_plan_rows.py",
            "tests/actionplans/test_periods.py",
            "tests/actionplans/test_overdue.py",
            "tests/governance/test_dashboard_counts.py",
            "tests/governance/test_recommendations.py",
            "tests/actionplans/test_plan_filters.py",
            "tests/actionplans/test_plan_page.py",
            "tests/actionplans/test_query_counts.py",
            "tests/actionplans/test_updates.py",
            "tests/actionplans/test_history.py",
            "tests/actionplans/test_my_actions.py",
            "tests/governance/test_dashboard.py",
            "tests/governance/test_dashboard_queries.py",
            "tests/governance/test_snapshot.py",
        ),
    ),
    # What changed since a board pack or a date: a plan's state then and now, and the five
    # kinds of change a board reads (moved up or down, completed, added, deadline moved).
    "changes": Module(
        "Changes since a meeting",
        ("governance/dashboard/snapshot.py", "governance/dashboard/frozen.py"),
        (
            "tests/governance/test_snapshot.py",
            "tests/governance/test_frozen_rows.py",
            "tests/governance/test_references.py",
            "tests/governance/test_dashboard.py",
        ),
    ),
    # Who is reminded or chased for an update, when, and what the email says.
    "reminders": Module(
        "Reminders and chasers",
        (
            "actionplans/reminders/due.py",
            "actionplans/reminders/chase.py",
            "actionplans/reminders/sending.py",
            "actionplans/reminders/preferences.py",
        ),
        (
            "tests/actionplans/test_reminders.py",
            "tests/actionplans/test_reminders_choices.py",
            "tests/actionplans/test_reminders_edges.py",
            "tests/actionplans/test_cycle.py",
            "tests/actionplans/test_superseded.py",
        ),
    ),
    # Reading a council's own plan table into Pledge: columns, points, ratings, and writing it.
    "importing": Module(
        "Importing a plan",
        (
            "actionplans/importing/columns.py",
            "actionplans/importing/points.py",
            "actionplans/importing/ratings.py",
            "actionplans/importing/reading.py",
            "actionplans/importing/writing.py",
        ),
        (
            *READING_TESTS,
            "tests/actionplans/importing/test_writing.py",
            "tests/actionplans/importing/test_ratings.py",
        ),
    ),
    # Each file format read into tables of cells, and the preview kept between requests.
    "readers": Module(
        "Reading a plan's file",
        (
            "actionplans/importing/readers/__init__.py",
            "actionplans/importing/readers/archive.py",
            "actionplans/importing/readers/colours.py",
            "actionplans/importing/readers/csvfile.py",
            "actionplans/importing/readers/docx.py",
            "actionplans/importing/readers/pdf.py",
            "actionplans/importing/readers/text.py",
            "actionplans/importing/readers/xlsx.py",
            "actionplans/importing/table.py",
            "actionplans/importing/preview.py",
        ),
        (
            *READING_TESTS,
            "tests/actionplans/importing/test_pdf.py",
            "tests/actionplans/importing/test_hostile_files.py",
            "tests/actionplans/importing/test_refusals.py",
        ),
    ),
    # A council setting itself up: strategies, plans, key outcomes, actions and leads.
    "setup": Module(
        "Setting up in the app",
        ("strategies/setup.py", "actionplans/setup.py", "actionplans/action_setup.py"),
        (
            "tests/strategies/test_strategy_setup.py",
            "tests/strategies/test_principles_served.py",
            "tests/actionplans/test_plan_setup.py",
            "tests/actionplans/test_action_setup.py",
            "tests/actionplans/test_carry_over.py",
            "tests/actionplans/test_setup_scope.py",
            "tests/actionplans/test_superseded.py",
            "tests/actionplans/test_leads.py",
            "tests/governance/test_action_pickers.py",
        ),
    ),
    # The reporting cycle: a plan's cadence and periods, and closing a period's figures.
    "cycle": Module(
        "The reporting cycle",
        ("actionplans/cycle.py", "actionplans/periods.py", "actionplans/closing.py"),
        (
            "tests/actionplans/test_cycle.py",
            "tests/actionplans/test_periods.py",
            "tests/actionplans/test_closing.py",
            "tests/actionplans/test_reminders_choices.py",
            "tests/actionplans/test_stale.py",
            "tests/actionplans/test_history.py",
            "tests/governance/test_dashboard_counts.py",
        ),
    ),
    # What a rating says against the facts, and the text every writer keeps.
    "ratings": Module(
        "Rating warnings",
        ("actionplans/ratings.py",),
        ("tests/actionplans/test_rating_warnings.py", "tests/actionplans/test_updates.py"),
    ),
    "text": Module(
        "Plain-text rules",
        ("core/text.py",),
        (
            "tests/test_hostile_input.py",
            "tests/actionplans/test_updates.py",
            "tests/governance/test_voice_forms.py",
            "tests/strategies/test_strategy_wording.py",
        ),
    ),
}
