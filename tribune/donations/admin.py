from django.contrib import admin

from .models import Campaign, LedgerEntry


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "goal_minor", "currency", "starts_at", "ends_at", "is_active"]
    list_filter = ["is_active", "currency"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "campaign", "kind", "amount_minor", "currency", "donor_name"]
    list_filter = ["kind", "campaign"]
    search_fields = ["reference", "donor_name", "note"]

    # Entries are never edited or deleted here; corrections are new entries.
    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
