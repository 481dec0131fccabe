"""Send the day's reminders, chasers and plan owners' digests: safe to run at any frequency.

Each email is sent once (actionplans.reminders.sending); what is not yet due, or already
sent, is left alone, so cron may run this every few minutes or once a day.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from actionplans.reminders.sending import reminders_send


class Command(BaseCommand):
    help = "Email officers and plan owners about actions still without an update this period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the emails that would be sent; send and record nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        report = reminders_send(dry_run=dry_run)
        if dry_run:
            for email in report.would_send:
                self.stdout.write(
                    f"Would send a {email.kind} to {email.person.email} "
                    f"({email.organisation.name}): {email.action_count} actions"
                )
            self.stdout.write(f"{len(report.would_send)} emails would be sent.")
            return
        self.stdout.write(f"{len(report.sent)} emails sent.")
        if report.failed:
            self.stderr.write(
                f"{len(report.failed)} emails could not be sent; the next run tries them again."
            )
