from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision
from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Campaign, Donation, DonationChange, LedgerEntry, PaymentEvent, SupporterMark
from .services import campaign_save, donation_thanks_choose, manual_entry_record, payment_event_retry
from .webhooks.stripe import stripe_event_handle


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "goal_minor", "stretch_goal_minor", "currency", "placement", "starts_at",
                    "ends_at", "is_active"]
    list_filter = ["is_active", "currency", "placement"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sections"]
    # A site may hold thousands of articles: they are searched, not listed.
    autocomplete_fields = ["articles"]

    def save_model(self, request, obj, form, change):
        campaign_save(campaign=obj)


class ManualEntryForm(forms.ModelForm):
    """Staff record money received outside the site: a cheque, a bank transfer, a correction."""

    amount = forms.DecimalField(
        label=_("amount"),
        max_digits=14,
        decimal_places=3,
        help_text=_("In the campaign's currency, like 150.00. A negative amount corrects an earlier entry."),
    )

    class Meta:
        model = LedgerEntry
        fields = ["campaign", "amount", "occurred_at", "donor_name", "note"]

    def clean(self):
        data = super().clean()
        campaign, amount = data.get("campaign"), data.get("amount")
        if campaign is None or amount is None:
            return data
        precision = get_currency_precision(campaign.currency)
        try:
            minor = amount.scaleb(precision)
            if minor != minor.to_integral_value():
                raise InvalidOperation
        except InvalidOperation:
            self.add_error(
                "amount",
                _("%(currency)s has %(digits)s decimal places.")
                % {"currency": campaign.currency, "digits": precision},
            )
            return data
        if minor == Decimal(0):
            self.add_error("amount", _("The amount cannot be zero."))
        data["amount_minor"] = int(minor)
        return data


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "campaign", "kind", "amount_minor", "currency", "is_test", "donor_name",
                    "reference"]
    list_filter = ["kind", "is_test", "campaign"]
    search_fields = ["reference", "payment_ref", "donor_name", "note"]
    form = ManualEntryForm
    change_list_template = "admin/donations/ledgerentry/change_list.html"

    # Entries are never edited or deleted here; corrections are new entries.
    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        entry = manual_entry_record(
            campaign=form.cleaned_data["campaign"],
            amount_minor=form.cleaned_data["amount_minor"],
            occurred_at=form.cleaned_data.get("occurred_at"),
            donor_name=form.cleaned_data.get("donor_name", ""),
            note=form.cleaned_data.get("note", ""),
            recorded_by=request.user.get_username(),
        )
        # The admin's messages and redirect use the saved row.
        obj.pk = entry.pk
        obj._state.adding = False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_url": reverse("donations:ledger_export")}
        return super().changelist_view(request, extra_context)


class DonationChangeInline(admin.TabularInline):
    """A monthly gift's changes, each once, as the donor's page lists them."""

    model = DonationChange
    fields = ["occurred_at", "kind", "amount_minor", "previous_amount_minor", "until", "by_donor",
              "reference"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LedgerEntryInline(admin.TabularInline):
    """The money of a gift: its first payment, renewals, refunds and disputes."""

    model = LedgerEntry
    fields = ["occurred_at", "kind", "amount_minor", "currency", "is_test", "reference"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "campaign",
        "amount_minor",
        "currency",
        "frequency",
        "monthly_status",
        "next_payment_at",
        "provider",
        "donor_name",
        "list_publicly",
    ]
    # Staff find the monthly donors whose payments fail (failing) or stopped for it (lapsed) here.
    list_filter = ["monthly_status", "provider", "frequency", "list_publicly", "campaign"]
    search_fields = ["email", "payer_email", "donor_name", "checkout_id", "subscription_id", "customer_id"]
    readonly_fields = [f.name for f in Donation._meta.fields]
    inlines = [DonationChangeInline, LedgerEntryInline]
    actions = ["unlist_names"]
    change_list_template = "admin/donations/donation/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Stop thanking the selected donors by name on campaign pages"))
    def unlist_names(self, request, queryset):
        count = 0
        for donation in queryset.filter(list_publicly=True):
            donation_thanks_choose(donation=donation, listed=False)
            count += 1
        self.message_user(request, _("%(count)s names taken off.") % {"count": count}, messages.INFO)

    def changelist_view(self, request, extra_context=None):
        year = timezone.localdate().year
        statements = reverse("donations:statements_export")
        extra_context = {**(extra_context or {}), "statement_links": [
            (year, f"{statements}?year={year}"), (year - 1, f"{statements}?year={year - 1}"),
        ]}
        return super().changelist_view(request, extra_context)


@admin.register(PaymentEvent)
class PaymentEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "provider", "type", "event_id", "outcome", "detail_short"]
    list_filter = ["provider", "outcome", "type"]
    search_fields = ["event_id", "payload"]
    readonly_fields = [f.name for f in PaymentEvent._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("detail"))
    def detail_short(self, obj):
        return format_html("<span title='{}'>{}</span>", obj.detail, obj.detail[:80])

    @admin.action(description=_("Process the selected failed or waiting events again"))
    def retry(self, request, queryset):
        done = 0
        for event in queryset.filter(provider=Donation.Provider.STRIPE):
            event = payment_event_retry(event=event, handler=stripe_event_handle)
            done += event.outcome == PaymentEvent.Outcome.RECORDED
        self.message_user(request, _("%(count)s events recorded.") % {"count": done}, messages.INFO)


@admin.register(SupporterMark)
class SupporterMarkAdmin(admin.ModelAdmin):
    list_display = ["email", "user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["email"]
    readonly_fields = ["email", "user", "created_at"]

    def has_add_permission(self, request):
        return False
