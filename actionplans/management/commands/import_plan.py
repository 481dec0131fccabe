import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from actionplans.importing.preview import Preview
from actionplans.importing.reading import preview_file
from actionplans.importing.writing import import_plan
from actionplans.models import Lead
from strategies.models import Organisation, Strategy

# Exit status: 0 imported (or would import) without errors, 1 the file has errors, 2 the
# command was given bad arguments (argparse's own status for them too).
HAS_ERRORS = 1
BAD_ARGUMENTS = 2


class Command(BaseCommand):
    help = (
        "Import a council's action plan from a Word, Excel, CSV, PDF or flattened text file, "
        "with the same rules as the upload page. --dry-run prints what would be created and "
        "writes nothing; --format json prints it in the shape other tools read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The plan's file.")
        parser.add_argument("--council", required=True, help="The council's slug.")
        parser.add_argument("--plan-title", required=True, help="The new plan's title.")
        parser.add_argument(
            "--council-name",
            help="Create the council with this name when --council is a new slug.",
        )
        parser.add_argument(
            "--strategy",
            type=int,
            help="The id of the council's strategy the plan serves "
            "(default: a new strategy of the plan's title).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}", returncode=2) from error
        organisation = self._council(options)
        known = [] if organisation.pk is None else _lead_names(organisation)
        preview = preview_file(data, known_leads=known)
        if options["dry_run"] or preview.errors:
            self._print(preview, options["format"])
            if preview.errors:
                sys.exit(HAS_ERRORS)
            return
        strategy = self._strategy(organisation, options["strategy"])
        try:
            with transaction.atomic():
                if organisation.pk is None:
                    organisation.save()
                plan = import_plan(
                    organisation=organisation,
                    preview=preview,
                    plan_title=options["plan_title"],
                    file_name=path.name,
                    data=data,
                    strategy=strategy,
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages), returncode=HAS_ERRORS) from error
        self._print(preview, options["format"])
        if options["format"] == "text":
            self.stdout.write(f"Imported as plan {plan.pk}: {plan.title}")

    def _council(self, options) -> Organisation:
        slug, name = options["council"], options["council_name"]
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is not None:
            return organisation
        if not name:
            raise CommandError(
                f"There is no council {slug!r}. Check the slug, or give --council-name to "
                "create it.",
                returncode=BAD_ARGUMENTS,
            )
        if slugify(slug) != slug:
            raise CommandError(
                f"{slug!r} cannot be a council's slug: use lower-case letters, digits and hyphens.",
                returncode=BAD_ARGUMENTS,
            )
        if Organisation.objects.filter(name=name).exists():
            raise CommandError(
                f"A council named {name!r} already exists with another slug.",
                returncode=BAD_ARGUMENTS,
            )
        return Organisation(slug=slug, name=name)  # saved only when the import is

    def _strategy(self, organisation: Organisation, pk: int | None) -> Strategy | None:
        if pk is None:
            return None
        strategy = Strategy.objects.filter(pk=pk, organisation__slug=organisation.slug).first()
        if strategy is None:
            raise CommandError(f"The council has no strategy {pk}.", returncode=BAD_ARGUMENTS)
        return strategy

    def _print(self, preview: Preview, form: str) -> None:
        if form == "json":
            self.stdout.write(json.dumps(preview.as_json(), indent=2, ensure_ascii=False))
            return
        counts = preview.counts
        self.stdout.write(", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()))
        for title, messages in (("Error", preview.errors), ("Warning", preview.warnings)):
            for message in messages:
                where = f"{message.place}: " if message.place else ""
                self.stdout.write(f"{title}: {where}{message.message}")


def _lead_names(organisation: Organisation) -> list[str]:
    return list(Lead.objects.for_organisation(organisation).values_list("name", flat=True))
