"""Young people's voice: what they said, and what the council did about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from actionplans.models import Action
from governance.models.boards import Board
from strategies.models import Organisation


class VoiceItemQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> VoiceItemQuerySet:
        return self.filter(organisation=organisation)

    def with_responses(self) -> VoiceItemQuerySet:
        """Each ask with the council's answers, newest first, and the actions behind them."""
        return self.select_related("board").prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.prefetch_related(
                    Prefetch("actions", queryset=Action.objects.select_related("key_outcome"))
                ).order_by("-created_at", "-pk"),
            )
        )


class VoiceItem(models.Model):
    """ "You said": something young people asked for, where and when they said it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="voice_items"
    )
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="voice_items"
    )
    said = models.TextField()
    theme = models.CharField(max_length=200, blank=True)
    raised_at = models.CharField(max_length=300, blank=True, help_text="The event or body.")
    raised_on = models.DateField(null=True, blank=True)
    date_text = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=200, blank=True)

    objects = VoiceItemQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "theme", "pk"]

    def __str__(self) -> str:
        return self.said[:80]


class Response(models.Model):
    """ "We did": the council's plain-words answer to a voice item, and the actions behind it."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "Under way"
        DONE = "done", "Done"
        NOT_POSSIBLE = "not_possible", "Not possible"

    voice_item = models.ForeignKey(VoiceItem, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    actions = models.ManyToManyField(Action, blank=True, related_name="voice_responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    STATUS_TAG_CLASSES = {
        Status.PLANNED: "govuk-tag--grey",
        Status.IN_PROGRESS: "govuk-tag--teal",
        Status.DONE: "govuk-tag--green",
        Status.NOT_POSSIBLE: "govuk-tag--red",
    }

    class Meta:
        ordering = ["voice_item", "-created_at"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def status_tag_class(self) -> str:
        return self.STATUS_TAG_CLASSES[self.status]
