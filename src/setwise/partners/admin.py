from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from setwise.partners.models import Capability, Collaboration, Contact, Partner


class ContactInline(admin.TabularInline[Contact, Partner]):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    """Read-mostly: the partner pages and services are where partners are edited (they keep search and
    duplicate keys right); the admin is for looking things up and for history."""

    list_display = ["name", "name_local", "country", "city", "status", "first_year", "collaboration_count"]
    list_filter = ["status", "country", "kinds"]
    search_fields = ["name", "name_local", "city"]
    readonly_fields = ["name_key", "name_local_key", "first_year", "collaboration_count"]
    inlines = [ContactInline]


@admin.register(Collaboration)
class CollaborationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partner", "year", "outcome"]
    list_filter = ["outcome", "year"]
    search_fields = ["title", "partner__name"]


admin.site.register(Capability)
