"""Staff read a council's plans here for support; plan owners and administrators keep them in
the app, through services that write their ChangeRecords (README, Decisions, 2026-12-06).
Measures have no page in the app yet, so staff still set them up here, never deleting one."""

from django.contrib import admin

from actionplans.links import MEASURE_ACTIONS
from actionplans.models import (
    Action,
    ActionPlan,
    DeadlineChange,
    KeyOutcome,
    Lead,
    Measure,
    MeasureValue,
    PlanSection,
    ProgressUpdate,
    ReminderSent,
    ReportingPeriod,
)
from core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from strategies.integrity import council_links_form


class PlanSectionInline(ReadOnlyTabularInline):
    model = PlanSection


class ReportingPeriodInline(ReadOnlyTabularInline):
    model = ReportingPeriod


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "strategy", "cadence")
    list_filter = ("strategy__organisation", "cadence")
    search_fields = ("title", "strategy__title")
    inlines = [PlanSectionInline, ReportingPeriodInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "plan",
        "starts_on",
        "ends_on",
        "update_deadline",
        "locked_at",
        "reminders_paused",
    )
    list_filter = ("plan__strategy__organisation", "plan")
    search_fields = ("name",)


@admin.register(KeyOutcome)
class KeyOutcomeAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "section", "plan")
    list_filter = ("plan__strategy__organisation", "plan", "section")
    search_fields = ("title",)
    list_select_related = ("section", "plan")


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)


class ProgressUpdateInline(ReadOnlyTabularInline):
    """Updates are append-only: shown here, never edited here."""

    model = ProgressUpdate
    fields = ("created_at", "period", "rag", "narrative", "author")


class DeadlineChangeInline(ReadOnlyTabularInline):
    model = DeadlineChange
    fields = ("changed_at", "old_text", "old_date", "new_text", "new_date", "reason", "changed_by")


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("description", "key_outcome", "deadline_text", "deadline", "status", "rag")
    list_filter = ("plan__strategy__organisation", "plan", "status", "rag", "leads")
    search_fields = ("description", "leads_text", "key_outcome__title")
    list_select_related = ("key_outcome",)
    inlines = [ProgressUpdateInline, DeadlineChangeInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ("action", "rag", "period", "author", "created_at")
    list_filter = ("action__plan__strategy__organisation", "rag", "period")
    search_fields = ("narrative", "action__description")
    list_select_related = ("action", "period", "author")
    # An update is recorded through progress_update_record, which also moves the action's
    # rating and version and writes its change record.


class MeasureValueInline(admin.TabularInline):
    """A figure may be corrected; none is deleted, as the dashboards chart them over time."""

    model = MeasureValue
    extra = 0
    can_delete = False


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    form = council_links_form(MEASURE_ACTIONS)
    list_display = ("name", "unit", "good_direction", "target", "organisation")
    list_filter = ("organisation", "good_direction")
    search_fields = ("name",)
    inlines = [MeasureValueInline]
    filter_horizontal = ("actions",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    """Who was emailed what, and when: read only, as send_reminders and "chase now" keep it.
    Changing or deleting a row would send an email again."""

    list_display = (
        "kind",
        "person",
        "organisation",
        "period",
        "round_on",
        "actions",
        "claimed_at",
        "sent_at",
    )
    list_filter = ("organisation", "kind", "round_on")
    search_fields = ("person__email", "person__username", "period__name")
    list_select_related = ("person", "organisation", "period")
    date_hierarchy = "claimed_at"
