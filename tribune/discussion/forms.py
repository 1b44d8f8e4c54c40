from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf


class CommentForm(forms.Form):
    """A comment or a reply. `website` is a honeypot: people never see it, bots fill it in."""

    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), strip=True)
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    website = forms.CharField(required=False, label=_("Leave this empty"))
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # The passage the comment is about: an editor's question by id, or a reader's selection.
    anchor = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    anchor_exact = forms.CharField(required=False, max_length=1000, strip=False)
    anchor_prefix = forms.CharField(required=False, max_length=64, strip=False)
    anchor_suffix = forms.CharField(required=False, max_length=64, strip=False)
    anchor_start = forms.IntegerField(required=False, min_value=0, max_value=10_000_000)
    anchor_end = forms.IntegerField(required=False, min_value=0, max_value=10_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = conf.get("DISCUSSION_MAX_LENGTH")
        self.fields["body"].max_length = limit
        self.fields["body"].validators.append(
            forms.CharField(max_length=limit).validators[-1]
        )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your comment could not be posted."))
        return ""


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}), strip=True)


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=[("1", "up"), ("-1", "down"), ("0", "none")], coerce=int)


class ModerationDecisionForm(forms.Form):
    """What a moderator decided about the comments chosen in the queue (their ids come apart)."""

    action = forms.CharField(label=_("Decision"), max_length=16)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class AuthorBanForm(forms.Form):
    """A ban from the moderation queue: for a number of days, until a date, or for good."""

    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=36500)
    until = forms.DateField(label=_("Until"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

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
