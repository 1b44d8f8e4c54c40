"""Build a donations email: a plain-text body and its HTML alternative from one context."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tribune.core.links import absolute_url

from ..tokens import manage_token


def email_build(*, template: str, subject: str, to: str, context: dict) -> EmailMultiAlternatives:
    """Return the email `template` (donations/emails/<template>.txt and .html) to `to`.

    Call inside translation.override(the donor's language): the subject and context are
    already in it.
    """
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        **context,
    }
    text = render_to_string(f"donations/emails/{template}.txt", context)
    html = render_to_string(f"donations/emails/{template}.html", context)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[to],
        headers={"Auto-Submitted": "auto-generated", "X-Entity-Ref-ID": f"donations.{template}.{host}"},
    )
    message.attach_alternative(html, "text/html")
    return message


def manage_url(*, donation) -> str:
    """Return the absolute, signed address of the page where the donor manages `donation`."""
    return absolute_url(reverse("donations:manage", kwargs={"token": manage_token(donation=donation)}))
