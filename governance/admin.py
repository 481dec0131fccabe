"""Staff read a council's meetings, packs, recommendations and "You said, we did" here for
support; plan owners and administrators record them in the app, through services that write
their ChangeRecords (README, Decisions, 2026-12-06). Boards have no page that sets them up in
the app yet, so staff still set them up here, never deleting one."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyStackedInline, ReadOnlyTabularInline
from governance.links import BOARD_PLANS
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
from strategies.integrity import council_links_form


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    form = council_links_form(BOARD_PLANS)
    list_display = ("name", "kind", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name", "description")
    filter_horizontal = ("plans",)
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AgendaItemInline(ReadOnlyStackedInline):
    model = AgendaItem


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("board", "date", "title")
    list_filter = ("board__organisation", "board")
    search_fields = ("title", "board__name")
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(BoardPack)
class BoardPackAdmin(ReadOnlyAdmin):
    """Packs are built and issued from the meeting page (governance/packs/), and an issued
    pack is the record of what members were told."""

    list_display = ("meeting", "version", "part", "listed_as", "pages", "created_at", "issued_at")
    list_filter = ("meeting__board__organisation", "status", "part")

    def get_queryset(self, request):
        return super().get_queryset(request).with_superseded()

    @admin.display(description="status")
    def listed_as(self, pack: BoardPack) -> str:
        """As the meeting page lists it: superseded, issued, or the build's status."""
        return pack.listing[0]


class RecommendationUpdateInline(ReadOnlyTabularInline):
    """A recommendation's trail is what the board was told: shown, never edited here."""

    model = RecommendationUpdate


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("text", "board", "owner", "due_on", "status")
    list_filter = ("board__organisation", "board", "status")
    search_fields = ("text", "owner")
    inlines = [RecommendationUpdateInline]


class ResponseInline(ReadOnlyStackedInline):
    """What the council answered young people: shown, never changed or deleted here."""

    model = Response


@admin.register(VoiceItem)
class VoiceItemAdmin(ReadOnlyAdmin):
    list_display = ("said", "theme", "board", "organisation", "date_text")
    list_filter = ("organisation", "theme", "board")
    search_fields = ("said", "raised_at")
    inlines = [ResponseInline]
