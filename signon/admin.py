from django.contrib import admin

from signon.models import CouncilSignIn, ExternalIdentity


@admin.register(CouncilSignIn)
class CouncilSignInAdmin(admin.ModelAdmin):
    """For the service's staff, who set a council's provider up with the council's IT."""

    list_display = ("organisation", "issuer", "client_id", "is_enabled")
    list_filter = ("is_enabled",)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Read only: deleting a link lets the account be linked again, by email, at the next
    sign-in (for a person whose account at the provider was made anew)."""

    list_display = ("user", "issuer", "subject", "linked_at", "last_signed_in_at")
    search_fields = ("user__username", "user__email", "subject")
    readonly_fields = ("user", "issuer", "subject", "linked_at", "last_signed_in_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
