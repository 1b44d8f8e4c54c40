from django import forms
from django.utils.translation import gettext_lazy as _

from . import conf


class CommentForm(forms.Form):
    """A guest's comment. `website` is a honeypot: people never see it, bots fill it in."""

    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    email = forms.EmailField(
        label=_("Email"), required=False,
        help_text=_("Optional. Never shown; we use it only if you ask us to."),
    )
    website = forms.CharField(required=False, label=_("Leave this empty"))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = conf.get("DISCUSSION_MAX_LENGTH")
        self.fields["body"].widget.attrs["maxlength"] = conf.get("DISCUSSION_MAX_LENGTH")
        if not conf.get("DISCUSSION_ALLOW_ANONYMOUS"):
            self.fields["name"].required = True

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your comment could not be posted."))
        return ""
