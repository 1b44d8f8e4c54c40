from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tribune.core.paginators import CountLimitedPaginator, admin_page_number

from .anchoring import text_of_html
from .identity import Reader
from .models import Anchor, Comment, Thread, Vote
from .services import comment_delete, thread_close, thread_open, thread_touch
from .services.anchors import anchor_create


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "url", "is_open", "created_at"]
    list_select_related = ["article"]
    list_filter = ["is_open"]
    search_fields = ["title", "url"]
    raw_id_fields = ["article"]
    readonly_fields = ["version"]
    actions = ["close_threads", "open_threads"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        thread_touch(thread=obj)

    @admin.action(description=_("Close for comments (they stay readable)"))
    def close_threads(self, request, queryset):
        for thread in queryset:
            thread_close(thread=thread)

    @admin.action(description=_("Open for comments"))
    def open_threads(self, request, queryset):
        for thread in queryset:
            thread_open(thread=thread)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "status", "score", "created_at"]
    list_select_related = ["thread__article", "user"]
    list_filter = ["status"]
    search_fields = ["body", "guest_name"]
    # Newest first along the primary key: with a million comments, ordering by the time would
    # sort them all for each page.
    ordering = ["-id"]
    # A filtered list says "N results" without counting the whole table again, and no list
    # counts past the next few pages (a million comments, a common word): it says "more than N"
    # (templates admin/discussion/comment/).
    show_full_result_count = False
    paginator = CountLimitedPaginator
    raw_id_fields = ["thread", "parent", "root", "user"]
    # The text and the moderator's note change only through the moderators' edit, which logs who
    # changed what and why.
    readonly_fields = ["body", "text_edit", "moderator_note", "body_html", "upvotes", "downvotes", "score",
                       "edited_at", "import_source", "import_id"]
    exclude = ["guest_key_hash", "address_hash"]
    actions = ["delete_comments"]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page,
                              page=admin_page_number(request))

    def get_actions(self, request):
        # Deleting rows outright would skip what the service keeps right: replies, counts, caches.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        # Readers write comments, through the service and its checks.
        return False

    @admin.display(description=_("change the text"))
    def text_edit(self, obj):
        if obj.pk is None:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("moderation:edit", args=[obj.pk]),
                           _("Edit with a note readers see"))

    @admin.action(description=_("Delete (replies stay, under “This comment was deleted.”)"))
    def delete_comments(self, request, queryset):
        staff = Reader(user=request.user)
        for comment in queryset.select_related("thread"):
            comment_delete(comment=comment, reader=staff)


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["comment", "value", "created_at"]
    list_select_related = ["comment__user"]
    raw_id_fields = ["comment"]


class AnchorForm(forms.ModelForm):
    """An editor marks a passage by pasting it, and may ask readers a question about it."""

    class Meta:
        model = Anchor
        fields = ["article", "exact", "question"]
        labels = {"exact": _("Passage (paste it from the article)")}

    def clean(self):
        cleaned = super().clean()
        article, exact = cleaned.get("article"), (cleaned.get("exact") or "").strip()
        if article is not None and exact and self.instance.pk is None:
            text = text_of_html(article.body_html)
            if exact not in text:
                raise forms.ValidationError(
                    _("This passage is not in the article's text. Paste it exactly as it reads."))
        return cleaned


@admin.register(Anchor)
class AnchorAdmin(admin.ModelAdmin):
    form = AnchorForm
    list_display = ["__str__", "article", "state", "start"]
    list_filter = ["state"]
    search_fields = ["exact", "question"]
    raw_id_fields = ["article"]

    def get_readonly_fields(self, request, obj=None):
        # Once placed, a passage follows the article's edits by itself.
        return ["article", "exact", "state"] if obj else ["state"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["question", "updated_at"])
            return
        created = anchor_create(article=obj.article, exact=obj.exact, question=obj.question,
                                created_by=request.user)
        obj.pk = created.pk
        obj.refresh_from_db()


# Subscriptions and the email outbox register their own pages.
