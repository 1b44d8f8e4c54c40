from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Block


class ModerationDecisionForm(forms.Form):
    """What a moderator decided about the comments chosen in the queue (their ids come apart)."""

    action = forms.CharField(label=_("Decision"), max_length=16)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class AuthorBanForm(forms.Form):
    """A ban from the moderation queue: for a number of days, until a date, or for good."""

    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=36500)
    until = forms.DateField(label=_("Until"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    block = forms.MultipleChoiceField(
        label=_("Block"), choices=Block.Kind.choices,
        error_messages={"required": _("Choose what the ban blocks.")})

    def clean_until(self):
        until = self.cleaned_data.get("until")
        # A date in the past would ban nobody; year 1 would not even fit a datetime once in UTC.
        if until is not None and until <= timezone.localdate():
            raise forms.ValidationError(_("A ban ends after today."))
        return until

    def expires_at(self):
        """Return when the ban ends, None for good. Call after is_valid()."""
        if self.cleaned_data.get("until"):
            return timezone.make_aware(datetime.combine(self.cleaned_data["until"], time.min))
        if self.cleaned_data.get("days"):
            return timezone.now() + timedelta(days=self.cleaned_data["days"])
        return None
