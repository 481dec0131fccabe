from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class PledgeUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Pledge", {"fields": ("job_title", "is_demo")}))
    list_display = ("username", "email", "first_name", "last_name", "job_title", "is_staff")
    list_filter = (*UserAdmin.list_filter, "is_demo")
