"""The comment section on article pages (see newsroom.panels)."""

from django.urls import reverse

from tribune.newsroom.panels import panel_register

from . import conf
from .forms import CommentForm
from .selectors import SORTS, comment_section, thread_for_article


def register() -> None:
    panel_register(slot="discussion", template="discussion/includes/section.html", context=_section)


def _section(request, article):
    thread = thread_for_article(article=article)
    section = comment_section(
        thread=thread,
        sort=request.GET.get("sort", ""),
        show_all=request.GET.get("comments") == "all",
    )
    return {
        "article": article,
        "section": section,
        "sorts": [{"key": key, "label": label, "current": key == section.sort}
                  for key, label in SORTS.items()],
        "form": CommentForm(),
        "post_url": reverse("discussion:comment_create", kwargs={"article_id": article.pk}),
        "is_open": thread is None or thread.is_open,
        "reply_to": _reply_to(section, request.GET.get("reply", "")),
        "show_prompt": not request.COOKIES.get(conf.get("DISCUSSION_PROMPT_COOKIE")),
    }


def _reply_to(section, raw_id: str):
    """Return the shown comment a reader chose to answer (?reply=<id>), if it is there."""
    if not raw_id.isdigit():
        return None
    wanted = int(raw_id)
    for node in section.nodes:
        if node.comment.pk == wanted and node.comment.status == node.comment.Status.VISIBLE:
            return node.comment
    return None
