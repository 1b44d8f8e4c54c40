"""The moderation rules editors change without a deploy, bans, reports and the log, in the admin."""

from django.contrib import admin

from tribune.newsroom.services import article_cache_invalidate

from .models import Block, ModerationAction, ModerationSettings, Report, WordRule


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mode", "close_after_days", "max_links", "trust_after", "report_threshold",
                    "reports_hide_from"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Closing after a number of days changes every article's comment form.
        article_cache_invalidate(article_id=None)

    # One row holds the site's rules.
    def has_add_permission(self, request):
        return not ModerationSettings.objects.exists() and super().has_add_permission(request)


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["phrase"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["author", "kind", "value", "reason", "expires_at", "created_by", "created_at"]
    list_select_related = ["created_by"]
    list_filter = ["kind"]
    search_fields = ["author", "value", "reason"]
    readonly_fields = ["created_by", "comment"]

    def save_model(self, request, obj, form, change):
        if obj.kind == Block.Kind.EMAIL:
            obj.value = obj.value.strip().lower()
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reason", "counted", "resolved", "created_at"]
    list_select_related = ["comment__user"]
    list_filter = ["reason", "counted", "resolved"]
    raw_id_fields = ["comment"]
    exclude = ["reporter"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "moderator", "action", "comment", "reason"]
    list_select_related = ["moderator", "comment__user"]
    list_filter = ["action"]

    # The log is a record: nobody edits or deletes it.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
