import re
from decimal import Decimal

from babel.numbers import (
    NumberFormatError,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    parse_decimal,
)
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tribune.core.languages import formatting_locale

from . import conf
from .models import Campaign, Donation
from .money import money_format
from .services import DonationAmountInvalidError, DonationCurrencyInvalidError, donation_amount_check

# Digits with the separators people type ("1,000.50", "1 000,50"); no signs, no exponents.
_AMOUNT_TEXT = re.compile(r"^[0-9][0-9.,'\u00a0\u202f ]*$")


class DonationForm(forms.Form):
    """The donation page's form; `cleaned_data["amount_minor"]` is the gift in minor units."""

    amount = forms.TypedChoiceField(
        label=_("Amount"), coerce=int, required=False, empty_value=None, widget=forms.RadioSelect
    )
    custom_amount = forms.CharField(label=_("Another amount"), required=False, max_length=20)
    currency = forms.CharField(widget=forms.HiddenInput, max_length=3)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Donation.Frequency.choices,
        initial=Donation.Frequency.ONCE,
        widget=forms.RadioSelect,
    )
    donor_name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        help_text=_("Shown as the giver in our thanks. Leave it empty to give anonymously."),
    )
    anonymous = forms.BooleanField(label=_("Give anonymously"), required=False)
    email = forms.EmailField(
        label=_("Email for your receipt"),
        max_length=254,
        help_text=_("We send the receipt here; it is never shown."),
    )
    show_supporter = forms.BooleanField(
        label=_("Show a “Supporter” mark beside my comments"),
        required=False,
        help_text=_("It never shows an amount, and you can withdraw it at any time."),
    )
    list_publicly = forms.BooleanField(
        label=_("Thank me by name on the campaign page"),
        required=False,
        help_text=_("The name alone, never the amount. You can take it off at any time."),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        presets = conf.get("DONATIONS_PRESET_AMOUNTS")
        self.fields["amount"].choices = [
            (amount, money_format(amount, currency=campaign.currency, pattern=campaign.amount_format))
            for amount in presets
        ]
        self.fields["amount"].initial = conf.get("DONATIONS_DEFAULT_AMOUNT")
        self.fields["currency"].initial = campaign.currency
        # Digits after the decimal separator in the campaign's currency (2 for EUR, 0 for JPY):
        # the page's script reads a typed amount as the server will.
        self.precision = get_currency_precision(campaign.currency)
        self.decimal_sign = get_decimal_symbol(formatting_locale())
        if not campaign.allow_monthly:
            self.fields["frequency"].choices = [
                c for c in Donation.Frequency.choices if c[0] == Donation.Frequency.ONCE
            ]
        # The template writes the inputs itself (their attributes included).

    def clean_custom_amount(self):
        return amount_text_parse(self.cleaned_data["custom_amount"], currency=self.campaign.currency)

    def clean(self):
        data = super().clean()
        # The amount is checked even when another field is wrong, so every mistake shows at once.
        if {"amount", "custom_amount", "currency"} & set(self.errors):
            return data
        custom = data.get("custom_amount")
        amount_minor = custom if custom is not None else data.get("amount")
        if amount_minor is None:
            self.add_error("amount", _("Choose an amount or write another one."))
            return data
        try:
            donation_amount_check(
                campaign=self.campaign, amount_minor=amount_minor, currency=data.get("currency") or ""
            )
        except DonationCurrencyInvalidError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None
        except DonationAmountInvalidError as exc:
            field = "custom_amount" if custom is not None else "amount"
            self.add_error(field, exc.message)
            return data
        data["amount_minor"] = amount_minor
        if data.get("anonymous"):
            data["donor_name"] = ""
            data["list_publicly"] = False
        if data.get("list_publicly") and not (data.get("donor_name") or "").strip():
            self.add_error("donor_name", _("Write the name we should thank, or leave the box unticked."))
        return data

    @property
    def first_error(self) -> str:
        """Name the first field to fix ("__all__" for the form's own errors): the page reloads
        with the focus there, so a keyboard or screen reader user starts where the problem is."""
        if self.non_field_errors():
            return "__all__"
        return next((name for name in self.fields if name in self.errors), "")


class MonthlyAmountForm(forms.Form):
    """A monthly donor's new amount, written as on the donation page."""

    amount = forms.CharField(label=_("New monthly amount"), max_length=20, error_messages={
        "required": _("Write the new amount, like 15 or 15.50.")})

    def __init__(self, *args, donation: Donation, **kwargs):
        super().__init__(*args, **kwargs)
        self.donation = donation

    def clean_amount(self):
        value = amount_text_parse(self.cleaned_data["amount"], currency=self.donation.currency)
        if value is None:
            raise forms.ValidationError(_("Write the new amount, like 15 or 15.50."), code="amount_missing")
        return value


class StatementForm(forms.Form):
    """The year of the statement a donor asks for: this year or the last."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(this_year, this_year), (this_year - 1, this_year - 1)]
        self.fields["year"].initial = this_year


class ManageLinkForm(forms.Form):
    """The address a donor gave with; new manage links go there if it is known."""

    email = forms.EmailField(label=_("The email address you gave with"), max_length=254)


def amount_text_parse(text: str, *, currency: str) -> int | None:
    """Return an amount typed by a donor ("1,000.50", "15 $") in minor units of `currency`, or
    None when empty. Raises ValidationError when it is not a plain positive number."""
    text = (text or "").strip()
    if not text:
        return None
    symbol = get_currency_symbol(currency, locale=formatting_locale())
    text = text.replace(symbol, "").replace(currency, "").strip()
    problem = _("Write the amount as a number, like 15 or 15.50.")
    if not _AMOUNT_TEXT.match(text):
        raise forms.ValidationError(problem, code="amount_unreadable")
    try:
        value = parse_decimal(
            text.replace("\u202f", "").replace("\u00a0", "").replace(" ", ""),
            locale=formatting_locale(),
            strict=True,
        )
    except NumberFormatError:
        raise forms.ValidationError(problem, code="amount_unreadable") from None
    precision = get_currency_precision(currency)
    if not value.is_finite() or value != value.quantize(Decimal(1).scaleb(-precision)):
        raise forms.ValidationError(problem, code="amount_unreadable")
    return int(value.scaleb(precision))
