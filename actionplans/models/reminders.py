"""The emails that remind officers and plan owners of missing updates, each sent once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from actionplans.models.plans import ReportingPeriod
from strategies.models import Organisation


class ReminderSent(models.Model):
    """An email about a period's missing updates, claimed by one run and then sent to one
    person: its row is what keeps it from being sent twice."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder before the deadline"
        CHASER = "chaser", "Chaser after the deadline"
        DIGEST = "digest", "Weekly digest"
        CHASE = "chase", "Chaser sent with \u201cchase now\u201d"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    round_on = models.DateField(
        help_text="The update deadline it is about, for a digest the Monday of its week, for "
        "\u201cchase now\u201d the day: a moved deadline, a new week or a new day is a new round."
    )
    run = models.UUIDField(help_text="The run of send_reminders that claimed it.")
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    actions = models.PositiveIntegerField(default=0, help_text="How many actions it named.")

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period", "kind", "round_on"], name="reminder_sent_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["reminder", "chaser", "digest", "chase"]),
                name="reminder_kind_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.person} for {self.period}"


class ReminderPreference(models.Model):
    """How a person wants to hear about missing updates in one council: one weekly digest
    instead of a reminder and a chaser each period."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    weekly_digest = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="reminder_preference_once"
            ),
        ]

    def __str__(self) -> str:
        how = "weekly digest" if self.weekly_digest else "reminders and chasers"
        return f"{self.person} in {self.organisation}: {how}"
