"""The emails that tell readers about comments: built here, in each reader's language, with their
unsubscribe links and headers. Builds only: it never writes rows nor talks to the mail server
(services.deliveries does both)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tribune.core.languages import email_language
from tribune.discussion.comments.models import Comment

from . import conf, tokens
from .models import Delivery


def message_for_delivery(delivery: Delivery) -> EmailMultiAlternatives:
    """Build the email for a delivery, in its reader's language, with its unsubscribe headers."""
    subscriber = delivery.subscriber
    language = email_language(subscriber.language)
    with translation.override(language):
        scope = _unsubscribe_scope(delivery)
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "language": language,
            "delivery": delivery,
            "unsubscribe_url": tokens.unsubscribe_url(subscriber_id=subscriber.pk, scope=scope),
            "manage_url": tokens.manage_url(subscriber_id=subscriber.pk),
        }
        if delivery.kind == Delivery.Kind.CONFIRM:
            subject, template = _confirm_context(delivery, context)
        elif delivery.kind == Delivery.Kind.DIGEST:
            subject, template = _digest_context(delivery, context)
        else:
            subject, template = _comment_context(delivery, context)
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.SITE_NAME} <discussion.{host}>",
            "Auto-Submitted": "auto-generated",
            # The same id on every attempt, so a mail system that got it once can drop a copy.
            "Message-ID": f"<delivery.{delivery.pk}.{delivery.key.replace(':', '.')}@{host}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def comment_link(comment: Comment) -> str:
    """Return the absolute address of a comment on its page."""
    thread = comment.thread
    base = tokens.absolute_url(thread.page_url) if thread.article_id else thread.page_url
    return f"{base}#comment-{comment.pk}"


def _comment_context(delivery: Delivery, context: dict) -> tuple[str, str]:
    comment = delivery.comment
    title = comment.thread.page_title
    author = comment.author_name or _("Anonymous")
    context.update({"comment": comment, "author": author, "title": title,
                    "comment_url": comment_link(comment),
                    "why": _why(delivery.reason, title)})
    if delivery.reason == Delivery.Reason.REPLY:
        subject = _("%(author)s replied to your comment on “%(title)s”")
    elif delivery.reason == Delivery.Reason.MENTION:
        subject = _("%(author)s mentioned you on “%(title)s”")
    else:
        subject = _("New comment by %(author)s on “%(title)s”")
    return subject % {"author": author, "title": title}, "comment"


def _digest_context(delivery: Delivery, context: dict) -> tuple[str, str]:
    items = (delivery.items.filter(comment__status=Comment.Status.VISIBLE, subscription__isnull=False)
             .select_related("comment__thread__article", "comment__user")
             .order_by("comment__thread_id", "comment__created_at"))
    entries = [{"comment": item.comment, "author": item.comment.author_name or _("Anonymous"),
                "title": item.comment.thread.page_title, "comment_url": comment_link(item.comment),
                "why": _why(item.reason, item.comment.thread.page_title)} for item in items]
    context.update({"entries": entries, "count": len(entries)})
    subject = ngettext("Your daily digest from %(site)s: %(count)s new comment",
                       "Your daily digest from %(site)s: %(count)s new comments",
                       len(entries)) % {"site": settings.SITE_NAME, "count": len(entries)}
    return subject, "digest"


def _confirm_context(delivery: Delivery, context: dict) -> tuple[str, str]:
    subscriber = delivery.subscriber
    pending = (subscriber.subscriptions.filter(confirmed_at__isnull=True)
               .select_related("thread__article").order_by("created_at"))
    context.update({
        "confirm_url": tokens.confirm_url(subscriber_id=subscriber.pk, email=subscriber.email),
        "pending": [{"title": s.thread.page_title, "kind": s.get_kind_display()} for s in pending],
        "days": conf.get("DISCUSSION_CONFIRM_MAX_AGE").days or 1,
    })
    return _("Confirm your email for comments on %(site)s") % {"site": settings.SITE_NAME}, "confirm"


def _why(reason: str, title: str) -> str:
    if reason == Delivery.Reason.REPLY:
        return _("You get this email because you asked to hear about replies to your comments "
                 "on “%(title)s”.") % {"title": title}
    if reason == Delivery.Reason.MENTION:
        return _("You get this email because someone mentioned you and you allow mention emails.")
    return _("You get this email because you follow the discussion on “%(title)s”.") % {"title": title}


def _unsubscribe_scope(delivery: Delivery) -> str:
    if delivery.kind == Delivery.Kind.CONFIRM:
        return tokens.SCOPE_ALL
    if delivery.kind == Delivery.Kind.DIGEST:
        return tokens.SCOPE_DAILY
    if delivery.reason == Delivery.Reason.MENTION:
        return tokens.SCOPE_MENTIONS
    return f"s{delivery.subscription_id}"
