from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from setwise.productions.models import Membership, Production


class MembershipInline(admin.TabularInline[Membership, Production]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Production)
class ProductionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "title_local", "format", "stage", "country", "shoot_start"]
    list_filter = ["format", "stage", "country"]
    search_fields = ["title", "title_local", "slug"]
    inlines = [MembershipInline]
