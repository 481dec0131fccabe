"""The admin's shape for council data the app keeps (README, Decisions, 2026-12-06): staff
read it for support and change nothing, as every change goes through a service that checks
who may make it and writes its ChangeRecord. Nothing is registered here."""

from django.contrib import admin


class ReadOnly:
    """No add, change or delete, whoever asks: a staff superuser sees the list and each row."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnly, admin.TabularInline):
    extra = 0


class ReadOnlyStackedInline(ReadOnly, admin.StackedInline):
    extra = 0
