from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from setwise.accounts.models import ApiToken, User


@admin.register(User)
class SetwiseUserAdmin(UserAdmin[User]):
    search_fields = ["username", "display_name", "email", "first_name", "last_name"]
    list_display = ["username", "display_name", "email", "staff_role", "language", "is_active"]
    list_filter = ["staff_role", "language", "is_active", "is_staff"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Setwise", {"fields": ["display_name", "staff_role", "language", "time_zone"]}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "hint", "created_at", "last_used_at"]
