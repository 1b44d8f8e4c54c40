"""A reader's own data: see, download and erase what they wrote (issue: privacy)."""

import json

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tribune.core.links import absolute_url
from tribune.core.ratelimit import RateLimitedError, rate_limit_hit

from ..identity import reader_from_request
from ..services.privacy import (
    author_comments,
    author_data_erase,
    author_data_export,
    data_link_email,
    data_link_token,
)
from ..tasks import data_link_send_task
from .comments import rate_limited_response


class DataRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)


@require_GET
def my_data_view(request):
    """What this account or this browser wrote, with download and erase buttons."""
    reader = reader_from_request(request)
    context = {"form": DataRequestForm(), "email": "", "count": None}
    if reader.user is not None or reader.guest_key:
        context.update(_actions(reader=reader, email="", token=""))
    return render(request, "discussion/privacy/my_data.html", context)


@require_http_methods(["GET"])
def my_data_by_email_view(request, token):
    """The page a guest reaches from the emailed link: what they wrote under that address."""
    email = data_link_email(token=token)
    if email is None:
        return render(request, "discussion/privacy/my_data.html",
                      {"form": DataRequestForm(), "email": "", "count": None,
                       "expired": True}, status=410)
    context = {"email": email, **_actions(reader=None, email=email, token=token)}
    return render(request, "discussion/privacy/my_data.html", context)


@require_POST
def my_data_request_view(request):
    """Send a guest a signed link to what they wrote under an email address."""
    form = DataRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "discussion/privacy/my_data.html",
                      {"form": form, "email": "", "count": None}, status=400)
    reader = reader_from_request(request)
    try:
        rate_limit_hit(scope="data_link", key=reader.address_hash, limit=5, window=3600)
    except RateLimitedError as exc:
        return rate_limited_response(request, exc)
    email = form.cleaned_data["email"]
    # The same answer whether or not the address wrote anything: nobody learns who comments here.
    if author_comments(email=email).exists():
        token = data_link_token(email=email)
        # On SITE_URL, never the request's Host: whoever asks chooses that header.
        link = absolute_url(reverse("discussion:my_data_by_email", args=[token]))
        transaction.on_commit(lambda: data_link_send_task.enqueue(email, link))
    return render(request, "discussion/privacy/link_sent.html")


@require_POST
def my_data_download_view(request):
    reader, email = _scope(request)
    data = author_data_export(reader=reader, email=email)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    return response


@require_POST
def my_data_erase_view(request):
    reader, email = _scope(request)
    if request.POST.get("confirm") != "yes":
        return HttpResponse(_("Tick the box to confirm the erasure."), status=400)
    erased = author_data_erase(reader=reader, email=email)
    return render(request, "discussion/privacy/erased.html", {"erased": erased})


def _scope(request):
    """Return whose data a download or erase acts on: an emailed link's address, else the
    account or browser making the request."""
    token = request.POST.get("token", "")
    if token:
        email = data_link_email(token=token)
        if email is None:
            raise Http404
        return None, email
    reader = reader_from_request(request)
    if reader.user is None and not reader.guest_key:
        raise Http404
    return reader, ""


def _actions(*, reader, email, token) -> dict:
    count = author_comments(reader=reader, email=email).count()
    if email:
        scope = _("under %(email)s") % {"email": email}
    elif reader.user is not None:
        scope = _("on your account")
    else:
        scope = _("written from this browser")
    return {"count": count, "scope": scope, "token": token,
            "download_url": reverse("discussion:my_data_download"),
            "erase_url": reverse("discussion:my_data_erase")}
