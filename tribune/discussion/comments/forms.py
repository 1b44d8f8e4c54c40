
from django import forms
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
    # "Not about this passage": the reader took the passage back; the fields above are ignored.
    anchor_off = forms.BooleanField(required=False)

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
