"""What the comment section's templates need: on the article page, and on the page this site
keeps for a thread of a page elsewhere."""

from django.urls import reverse

from tribune.core.ids import id_parse
from tribune.core.notices import notices_take

from . import conf
from .display import renderer_config
from .form_parts import form_parts
from .forms import CommentForm
from .identity import reader_from_request
from .places import FOLLOW_PLACE, FORM_PLACE, comment_place
from .selectors import SORTS, anchors_for_article, comment_section, thread_for_article
from .widget import widget_part_panels


def section_context(request, article) -> dict:
    """Return the context of the comment section of `article` for this request's reader."""
    context = _section_context(request, thread_for_article(article=article), article=article)
    passages = anchors_for_article(article=article)
    context.update({
        "post_url": reverse("discussion:comment_create", kwargs={"article_id": article.pk}),
        "article_url": article.get_absolute_url(),
        "passages": [
            {"id": p.pk, "exact": p.exact, "start": p.start, "end": p.end, "state": p.state,
             "question": p.question, "count": p.answer_count}
            for p in passages
            if p.state != p.State.ORPHANED and (p.created_by_id or p.question or p.answer_count)
        ],
    })
    return context


def thread_section_context(request, thread) -> dict:
    """Return the context of the comment section of a page elsewhere (a thread by URL), on its
    page on this site (views.embed.thread_page_view)."""
    context = _section_context(request, thread, article=None)
    context.update({
        "post_url": reverse("discussion:thread_comment_create", kwargs={"thread_id": thread.pk}),
        "page_url": thread.url,
        "passages": [],
    })
    return context


def _section_context(request, thread, *, article) -> dict:
    reader = reader_from_request(request)
    section = comment_section(
        thread=thread,
        sort=request.GET.get("sort", ""),
        show_all=request.GET.get("comments") == "all",
        reader=reader,
        inline_only=article is not None and request.GET.get("filter") == "inline",
    )
    return {
        "article": article,
        "thread": thread,
        "section": section,
        "reader": reader,
        # What a form posted without JavaScript came back to say, beside the control it used.
        "notices": notices_take(request, _places(section)),
        "sorts": [{"key": key, "label": label, "current": key == section.sort}
                  for key, label in SORTS.items()],
        "form": CommentForm(),
        "form_parts": form_parts(),
        # The page's scripts do everything in place through the API (section.js, inline.js).
        "api_root": reverse("api:api-root"),
        "is_open": section.is_open,
        "reply_to": _reply_to(section, request.GET.get("reply", "")),
        "prompt_cookie": conf.get("DISCUSSION_PROMPT_COOKIE"),
        "show_prompt": not request.COOKIES.get(conf.get("DISCUSSION_PROMPT_COOKIE")),
        "renderer": renderer_config(),
        # Panels other rooms open under a comment ("Report"), with their scripts.
        "comment_panels": widget_part_panels(),
        # Where the page hears of new comments, edits and votes (live.js); empty: it does not.
        "live_url": conf.get("DISCUSSION_LIVE_URL"),
        "max_length": conf.get("DISCUSSION_MAX_LENGTH"),
    }


def _places(section) -> list[str]:
    """Return the ids of the controls a notice may be said beside: the comment form, its
    "Notify me of" (FOLLOW_PLACE) and each comment shown."""
    forms = [FORM_PLACE, FOLLOW_PLACE] if section.is_open else []
    return [*forms, *(comment_place(node.comment.pk) for node in section.nodes)]


def _reply_to(section, raw_id: str):
    """Return the shown comment a reader chose to answer (?reply=<id>), if it is there."""
    wanted = id_parse(raw_id)
    if wanted is None:
        return None
    for node in section.nodes:
        if node.comment.pk == wanted and node.comment.status == node.comment.Status.VISIBLE:
            return node.comment
    return None
