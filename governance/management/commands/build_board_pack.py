from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from governance.models import BoardPack, Meeting
from governance.packs.build import board_pack_build, one_reading
from governance.packs.request import board_pack_request


class DryRun(Exception):
    """Raised to roll back a --dry-run once its PDF is written."""


class Command(BaseCommand):
    help = (
        "Build the next version of a meeting's board pack now, in this process, and keep it "
        "like one built from the meeting page. For scheduled runs and for checking: "
        "--output also writes the PDF to a file, --dry-run keeps nothing but that file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, required=True, help="The meeting's id.")
        parser.add_argument("--output", type=Path, help="Also write the PDF to this file.")
        parser.add_argument(
            "--plan",
            type=int,
            action="append",
            dest="plans",
            help="A plan's id (repeat for several). Default: the plans on the meeting's "
            "agenda, else every plan the board oversees.",
        )
        parser.add_argument(
            "--part",
            choices=BoardPack.Part.values,
            default=BoardPack.Part.PART_I,
            help="Part I (public, the default) or Part II (exempt).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Build and write --output, then keep no pack version in the database.",
        )

    def handle(self, *args, meeting, output, plans, part, dry_run, **options):
        if dry_run and output is None:
            raise CommandError("--dry-run keeps nothing, so give --output to see the pack.")
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: {output.parent} is not a folder.")
        found = self._meeting(meeting)
        chosen = self._plans(found, plans)
        try:
            # One transaction, so --dry-run can roll it all back; one_reading makes it one
            # that reads the database at one moment, as the task's build does.
            with one_reading():
                pack = self._build(found, chosen, part, output)
                if dry_run:
                    pack.pdf.delete(save=False)
                    raise DryRun
        except DryRun:
            self.stdout.write(f"Wrote {output} ({pack.pages} pages); nothing was kept.")
            return
        self.stdout.write(
            f"Built version {pack.version} of the pack for {found} ({pack.pages} pages): "
            f"{pack.pdf.name}"
        )
        if output is not None:
            self.stdout.write(f"Wrote {output}")

    def _meeting(self, pk: int) -> Meeting:
        try:
            return Meeting.objects.select_related("board__organisation").get(pk=pk)
        except Meeting.DoesNotExist:
            raise CommandError(f"There is no meeting with id {pk}.") from None

    def _plans(self, meeting: Meeting, pks: list[int] | None) -> list:
        if not pks:
            plans = meeting.default_pack_plans()
            if not plans:
                raise CommandError(
                    f"{meeting.board} oversees no plans and the agenda names none: give --plan."
                )
            return plans
        allowed = {plan.pk: plan for plan in meeting.pack_plans()}
        missing = [pk for pk in pks if pk not in allowed]
        if missing:
            raise CommandError(
                f"Plan {', '.join(map(str, missing))} is not overseen by {meeting.board} "
                f"nor on the meeting's agenda. Its plans are: "
                + "; ".join(f"{plan.pk} {plan.title}" for plan in allowed.values())
            )
        return [allowed[pk] for pk in pks]

    def _build(self, meeting, plans, part, output) -> BoardPack:
        try:
            pack = board_pack_request(
                meeting=meeting, plans=plans, part=part, requested_by=None, background=False
            )
            pack = board_pack_build(pack=pack)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if output is not None:
            with pack.pdf.open("rb") as source:
                output.write_bytes(source.read())
        return pack
