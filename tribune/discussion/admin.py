from django.contrib import admin

from .models import Comment, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "url", "is_open", "created_at"]
    list_filter = ["is_open"]
    search_fields = ["title", "url"]
    raw_id_fields = ["article"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["body", "guest_name"]
    raw_id_fields = ["thread", "parent", "user"]


# Subscriptions and the email outbox register their own pages.
from . import admin_subscriptions  # noqa: E402, F401
