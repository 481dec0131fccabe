"""Measures: the indicators a council tracks and their dated values."""

from django.db import models

from actionplans.models.actions import Action
from strategies.models import Organisation, Strategy


class Measure(models.Model):
    """An indicator the council tracks, such as care leavers in education or work."""

    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="measures"
    )
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    good_direction = models.CharField(max_length=4, choices=Direction.choices)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="measures")
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="measure_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """One dated value of a measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    date = models.DateField()
    date_text = models.CharField(max_length=100, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="measure_value_date_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.date_text or self.date})"
