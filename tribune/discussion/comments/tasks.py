"""Background tasks of the comment section (django-tasks; `tribune worker` runs them)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def data_link_send_task(email: str, link: str) -> None:
    """Send a guest the link to download or erase what they wrote under `email`."""
    context = {"link": link, "site_name": settings.SITE_NAME}
    send_mail(
        subject=_("Your comments on %(site)s") % {"site": settings.SITE_NAME},
        message=render_to_string("discussion/email/data_link.txt", context),
        from_email=None,
        recipient_list=[email],
        html_message=render_to_string("discussion/email/data_link.html", context),
    )
