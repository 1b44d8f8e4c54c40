from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription


class NotifyForm(forms.Form):
    """The "Notify me of" choices, sent with a comment or on their own ("Follow")."""

    notify = forms.MultipleChoiceField(label=_("Notify me of"), choices=Subscription.Kind.choices,
                                       required=False, widget=forms.CheckboxSelectMultiple)
    notify_cadence = forms.ChoiceField(label=_("How often"), choices=Subscription.Cadence.choices,
                                       required=False)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)

    def __init__(self, *args, registered: bool = False, require_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.registered = registered
        self.require_choice = require_choice

    def clean(self):
        data = super().clean()
        kinds = data.get("notify") or []
        if self.require_choice and not kinds:
            self.add_error("notify", _("Choose what you want to be notified of."))
        if kinds and not self.registered and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give your email address to get notifications."))
        data["notify_cadence"] = data.get("notify_cadence") or Subscription.Cadence.EACH
        return data


class ManageForm(forms.Form):
    """One change on the subscriptions page."""

    ACTIONS = ("cadence", "stop", "stop_all", "mentions", "confirm")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    subscription = forms.IntegerField(required=False, min_value=1)
    cadence = forms.ChoiceField(choices=Subscription.Cadence.choices, required=False)
    mentions = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") in ("cadence", "stop") and not data.get("subscription"):
            raise forms.ValidationError(_("Choose a subscription."))
        if data.get("action") == "cadence" and not data.get("cadence"):
            self.add_error("cadence", _("Choose one email per comment or a daily digest."))
        return data
