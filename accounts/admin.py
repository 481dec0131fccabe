from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import PasswordResetRequest, SignInFailure, User


@admin.register(User)
class PledgeUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Pledge", {"fields": ("job_title", "is_demo")}))
    list_display = ("username", "email", "first_name", "last_name", "job_title", "is_staff")
    list_filter = (*UserAdmin.list_filter, "is_demo")


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):
    """Read only: deleting a username's rows (or an address's) lets it sign in again at once."""

    list_display = ("username", "address", "at")
    list_filter = ("at",)
    search_fields = ("username", "address")
    date_hierarchy = "at"
    readonly_fields = ("username", "address", "at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(admin.ModelAdmin):
    """Read only: deleting an address's rows lets it ask for a reset link again at once."""

    list_display = ("email", "address", "at")
    search_fields = ("email", "address")
    date_hierarchy = "at"
    readonly_fields = ("email", "address", "at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
