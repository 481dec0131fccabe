from django.contrib import admin

from actionplans.links import ACTION_LEADS, MEASURE_ACTIONS
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
from strategies.integrity import council_links_form


class PlanSectionInline(admin.TabularInline):
    model = PlanSection
    extra = 0


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "strategy", "cadence")
    list_filter = ("strategy__organisation", "cadence")
    search_fields = ("title", "strategy__title")
    inlines = [PlanSectionInline, ReportingPeriodInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
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
class KeyOutcomeAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "section", "plan")
    list_filter = ("plan__strategy__organisation", "plan", "section")
    search_fields = ("title",)
    list_select_related = ("section", "plan")


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)
    filter_horizontal = ("officers",)

    def has_delete_permission(self, request, obj=None):
        # A lead that owns actions is part of their history (actionplans/history.py).
        return obj is None or not obj.actions.exists()


class ProgressUpdateInline(admin.TabularInline):
    """Updates are append-only: shown here, never edited here."""

    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ("created_at", "period", "rag", "narrative", "author")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DeadlineChangeInline(admin.TabularInline):
    model = DeadlineChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "old_text", "old_date", "new_text", "new_date", "reason", "changed_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    form = council_links_form(ACTION_LEADS)
    list_display = ("description", "key_outcome", "deadline_text", "deadline", "status", "rag")
    list_filter = ("plan__strategy__organisation", "plan", "status", "rag", "leads")
    search_fields = ("description", "leads_text", "key_outcome__title")
    list_select_related = ("key_outcome",)
    filter_horizontal = ("leads", "care_principles")
    readonly_fields = ("version", "rag", "status", "created_at", "updated_at")
    inlines = [ProgressUpdateInline, DeadlineChangeInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("action", "rag", "period", "author", "created_at")
    list_filter = ("action__plan__strategy__organisation", "rag", "period")
    search_fields = ("narrative", "action__description")
    list_select_related = ("action", "period", "author")

    # Read-only: an update is recorded through progress_update_record, which also moves the
    # action's rating and version and writes its change record.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeasureValueInline(admin.TabularInline):
    model = MeasureValue
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    form = council_links_form(MEASURE_ACTIONS)
    list_display = ("name", "unit", "good_direction", "target", "organisation")
    list_filter = ("organisation", "good_direction")
    search_fields = ("name",)
    inlines = [MeasureValueInline]
    filter_horizontal = ("actions",)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
