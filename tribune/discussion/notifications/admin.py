"""Admin pages for email subscriptions and the outbox: failed deliveries are found here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery, ReaderPreference, Subscriber, Subscription
from .services.deliveries import delivery_requeue


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    raw_id_fields = ["thread"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "user", "suppressed_at", "created_at"]
    list_select_related = ["user"]
    list_filter = [("suppressed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    raw_id_fields = ["user"]
    inlines = [SubscriptionInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "thread", "kind", "cadence", "confirmed_at", "created_at"]
    list_select_related = ["subscriber", "thread__article"]
    list_filter = ["kind", "cadence", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["subscriber__email"]
    raw_id_fields = ["subscriber", "thread"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "subscriber", "kind", "reason", "state", "attempts", "next_attempt_at",
                    "sent_at", "short_error"]
    list_filter = ["state", "kind", "reason"]
    search_fields = ["subscriber__email", "key", "last_error"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["queue_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Queue the selected failed emails again"))
    def queue_again(self, request, queryset):
        count = delivery_requeue(deliveries=queryset)
        self.message_user(request, ngettext("%(count)s email queued again.", "%(count)s emails queued again.",
                                            count) % {"count": count}, messages.SUCCESS)


@admin.register(ReaderPreference)
class ReaderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "notify_mentions"]
    raw_id_fields = ["user"]
