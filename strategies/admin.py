from django.contrib import admin

from strategies.models import (
    CarePrinciple,
    CouncilRole,
    Objective,
    Organisation,
    Strategy,
    StrategyPrinciple,
)


class CouncilRoleInline(admin.TabularInline):
    model = CouncilRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "demo_since")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CouncilRoleInline]


@admin.register(CouncilRole)
class CouncilRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("organisation", "role")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    autocomplete_fields = ["user"]


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0


class StrategyPrincipleInline(admin.TabularInline):
    model = StrategyPrinciple
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "period_start_year", "period_end_year", "status")
    list_filter = ("organisation", "status")
    search_fields = ("title", "summary", "decision_reference")
    inlines = [ObjectiveInline, StrategyPrincipleInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "strategy")
    list_filter = ("strategy__organisation", "strategy")
    search_fields = ("title", "aim")


@admin.register(CarePrinciple)
class CarePrincipleAdmin(admin.ModelAdmin):
    list_display = ("number", "text")
    search_fields = ("text",)
