"""What the service's staff do here: add a council, name its first administrator, and read the
rest for support. Strategies, objectives and roles are kept by the council's own plan owners
and administrators in the app, through services that write their ChangeRecords (README,
Decisions, 2026-12-06)."""

from django import forms
from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyStackedInline, ReadOnlyTabularInline
from strategies.models import (
    CarePrinciple,
    CouncilRole,
    Objective,
    Organisation,
    Strategy,
    StrategyPrinciple,
)
from strategies.people import council_administrator_appoint


class CouncilRoleInline(ReadOnlyTabularInline):
    model = CouncilRole


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """A council is added and renamed here (no page of the app does either); never deleted."""

    list_display = ("name", "slug", "demo_since")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CouncilRoleInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AppointAdministratorForm(forms.ModelForm):
    class Meta:
        model = CouncilRole
        fields = ("user", "organisation")

    # A person with a role in the council already is made its administrator instead, so the
    # one-role-per-person constraint is the service's to keep (it updates that role).
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


@admin.register(CouncilRole)
class CouncilRoleAdmin(admin.ModelAdmin):
    """Adding a role here appoints an administrator (council_administrator_appoint); every
    other change to a council's people is its administrators' (strategies/people.py)."""

    form = AppointAdministratorForm
    list_display = ("user", "organisation", "role")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    autocomplete_fields = ["user"]

    def get_fields(self, request, obj=None):
        return ("user", "organisation") if obj is None else ("user", "organisation", "role")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        appointed = council_administrator_appoint(
            organisation=obj.organisation, person=obj.user, appointed_by=request.user
        )
        obj.pk, obj.role = appointed.pk, appointed.role


class ObjectiveInline(ReadOnlyStackedInline):
    model = Objective


class StrategyPrincipleInline(ReadOnlyTabularInline):
    model = StrategyPrinciple


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "period_start_year", "period_end_year", "status")
    list_filter = ("organisation", "status")
    search_fields = ("title", "summary", "decision_reference")
    inlines = [ObjectiveInline, StrategyPrincipleInline]


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "strategy")
    list_filter = ("strategy__organisation", "strategy")
    search_fields = ("title", "aim")


@admin.register(CarePrinciple)
class CarePrincipleAdmin(ReadOnlyAdmin):
    """The seven principles are the law's words (seeded), the same for every council."""

    list_display = ("number", "text")
    search_fields = ("text",)
