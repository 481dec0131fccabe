"""Smoke checks of a running copy of Pledge: what the backup drill runs on a restored copy,
and what a deployment can run after an upgrade. Read only, apart from the sessions of the
people it signs in as.

- /healthz and /readyz answer ok;
- for each council: a person with a role in it sees the council's home, each plan's table
  and dashboard;
- with --files: each stored file named in the manifest (name -> SHA-256) exists in storage
  with that hash, and each issued or ready board pack downloads with its stored file's hash.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from actionplans.models import ActionPlan
from governance.models import BoardPack
from strategies.models import CouncilRole, Organisation


class Command(BaseCommand):
    help = "Check that this copy of Pledge answers: health checks, council pages, stored packs."

    def add_arguments(self, parser):
        parser.add_argument("--files", type=Path, help="A manifest of stored files' hashes.")

    def handle(self, *args, **options):
        client = Client(HTTP_HOST="localhost")
        problems = []
        checked = 0

        def expect(path: str, status: int = 200) -> bytes:
            nonlocal checked
            response = client.get(path)
            checked += 1
            if response.status_code != status:
                problems.append(f"{path} answered {response.status_code}, not {status}")
            return b"".join(response.streaming_content) if response.streaming else response.content

        expect("/healthz")
        expect("/readyz")
        for council in Organisation.objects.order_by("slug"):
            role = CouncilRole.objects.filter(organisation=council).select_related("user").first()
            if role is None:
                continue
            client.force_login(role.user)
            expect(reverse("governance:council-home", kwargs={"org": council.slug}))
            for plan in ActionPlan.objects.filter(strategy__organisation=council):
                kwargs = {"org": council.slug, "pk": plan.pk}
                expect(reverse("actionplans:plan-detail", kwargs=kwargs))
                expect(reverse("governance:plan-dashboard", kwargs=kwargs))
            client.logout()
        if options["files"]:
            problems += self._files(json.loads(options["files"].read_text()), client)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} smoke checks failed.", returncode=1)
        self.stdout.write(f"Smoke checks passed: {checked} pages.")

    def _files(self, manifest: dict[str, str], client: Client) -> list[str]:
        problems = []
        packs = BoardPack.objects.exclude(pdf="").select_related("meeting__board__organisation")
        for pack in packs:
            digest = manifest.get(pack.pdf.name)
            if digest is None:
                problems.append(f"Pack {pack.pk}'s file {pack.pdf.name} is not in the backup.")
                continue
            council = pack.meeting.board.organisation
            owner = CouncilRole.objects.filter(organisation=council, role="owner").first()
            if owner is None:
                continue
            client.force_login(owner.user)
            url = reverse("governance:pack-download", kwargs={"org": council.slug, "pk": pack.pk})
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else b""
            if response.status_code != 200 or hashlib.sha256(body).hexdigest() != digest:
                problems.append(f"Pack {pack.pk} did not download as it was backed up.")
            client.logout()
        return problems
