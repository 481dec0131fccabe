from django.contrib import admin

from governance.links import (
    AGENDA_ITEM_PLANS,
    BOARD_PLANS,
    RECOMMENDATION_ACTIONS,
    RESPONSE_ACTIONS,
)
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


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    form = council_links_form(AGENDA_ITEM_PLANS)
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
    """Read-only: packs are built and issued from the meeting page (governance/packs/),
    and an issued pack is the record of what members were told."""

    list_display = ("meeting", "version", "part", "listed_as", "pages", "created_at", "issued_at")
    list_filter = ("meeting__board__organisation", "status", "part")

    def get_queryset(self, request):
        return super().get_queryset(request).with_superseded()

    @admin.display(description="status")
    def listed_as(self, pack: BoardPack) -> str:
        """As the meeting page lists it: superseded, issued, or the build's status."""
        return pack.listing[0]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A draft may go (its PDF with it); an issued pack never (governance/packs/store.py).
        return obj is None or not obj.is_issued


class RecommendationUpdateInline(admin.TabularInline):
    """A recommendation's trail is what the board was told: shown, never edited here."""

    model = RecommendationUpdate
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    form = council_links_form(RECOMMENDATION_ACTIONS)
    list_display = ("text", "board", "owner", "due_on", "status")
    list_filter = ("board__organisation", "board", "status")
    search_fields = ("text", "owner")
    inlines = [RecommendationUpdateInline]


class ResponseInline(admin.StackedInline):
    """What the council answered young people: corrected here if need be, never deleted."""

    model = Response
    form = council_links_form(RESPONSE_ACTIONS)
    extra = 0
    can_delete = False


@admin.register(VoiceItem)
class VoiceItemAdmin(admin.ModelAdmin):
    list_display = ("said", "theme", "board", "organisation", "date_text")
    list_filter = ("organisation", "theme", "board")
    search_fields = ("said", "raised_at")
    inlines = [ResponseInline]
