from django.contrib import admin

from governance.models import (
    AgendaItem,
    Board,
    BoardPack,
    Meeting,
    Membership,
    Recommendation,
    RecommendationUpdate,
    Response,
    VoiceItem,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name", "description")
    filter_horizontal = ("plans",)
    inlines = [MembershipInline]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    filter_horizontal = ("plans",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("board", "date", "title")
    list_filter = ("board__organisation", "board")
    search_fields = ("title", "board__name")
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(BoardPack)
class BoardPackAdmin(admin.ModelAdmin):
    list_display = ("meeting", "version", "part", "status", "created_at", "issued_at")
    list_filter = ("meeting__board__organisation", "status", "part")
    readonly_fields = ("snapshot", "pdf", "status", "progress", "error", "issued_at")


class RecommendationUpdateInline(admin.TabularInline):
    model = RecommendationUpdate
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("text", "board", "owner", "due_on", "status")
    list_filter = ("board__organisation", "board", "status")
    search_fields = ("text", "owner")
    inlines = [RecommendationUpdateInline]


class ResponseInline(admin.StackedInline):
    model = Response
    extra = 0


@admin.register(VoiceItem)
class VoiceItemAdmin(admin.ModelAdmin):
    list_display = ("said", "theme", "board", "organisation", "date_text")
    list_filter = ("organisation", "theme", "board")
    search_fields = ("said", "raised_at")
    inlines = [ResponseInline]
