import logging
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.seeding.councils import COUNCIL_FIXTURES, SeedError, seed_councils
from governance.seeding.demo import demo_layer_add


class Command(BaseCommand):
    help = (
        "Load the seeded councils (Lancashire, Lincolnshire, West Sussex) from fixtures/. "
        "Running it again changes nothing. With --demo, add demo users and an invented "
        "history of updates, clearly marked as demonstration data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also add the demonstration layer (password from PLEDGE_DEMO_PASSWORD).",
        )
        parser.add_argument(
            "--council",
            action="append",
            choices=COUNCIL_FIXTURES,
            help="Seed only this council (repeat for several).",
        )

    def handle(self, *args, **options):
        # The seed's hundreds of changes are recorded in the change history as usual; one
        # security log line each would bury the demo logins printed at the end.
        security = logging.getLogger("pledge.security")
        level = security.level
        security.setLevel(logging.WARNING)
        try:
            self._seed(**options)
        finally:
            security.setLevel(level)

    def _seed(self, **options):
        password = os.environ.get("PLEDGE_DEMO_PASSWORD", "")
        if options["demo"] and len(password) < 8:
            raise CommandError(
                "Set PLEDGE_DEMO_PASSWORD to the password for the demo users "
                "(at least 8 characters) before running seed --demo."
            )
        try:
            organisations = seed_councils(options["council"])
        except SeedError as error:
            raise CommandError(str(error)) from None
        for organisation in organisations:
            self.stdout.write(f"Seeded {organisation.name}.")
        if not options["demo"]:
            return
        logins = demo_layer_add(
            organisations=organisations, password=password, today=timezone.localdate()
        )
        self.stdout.write(self.style.WARNING("Demonstration data added (shown with a banner)."))
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in as one of these demo users")
        self.stdout.write(f"(password: {password}):")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role}, {login.council}")
