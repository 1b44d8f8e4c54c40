"""The demo's outbox pages (mounted by urls.py, which only the demo's settings use)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .outbox import outbox_list, outbox_message


@never_cache
@require_safe
def outbox_list_view(request):
    """List every email the demo sent, newest first."""
    return render(request, "demo/outbox.html", {"messages_sent": outbox_list()})


@never_cache
@require_safe
def outbox_message_view(request, name):
    """Show one email the demo sent, its links ready to follow."""
    message = outbox_message(name)
    if message is None:
        raise Http404
    return render(request, "demo/outbox_message.html", {"email": message})
