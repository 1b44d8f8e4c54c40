"""Staff downloads: the ledger and the yearly statements, as CSV."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tribune.core.ids import id_parse

from ..exports import ledger_csv_response
from ..models import Campaign
from ..statements import statements_csv_response


@staff_member_required
def ledger_export_view(request):
    """The ledger as CSV for staff, all campaigns or ?campaign=<id>."""
    if not request.user.has_perm("donations.view_ledgerentry"):
        raise PermissionDenied
    campaign = None
    if request.GET.get("campaign"):
        campaign_id = id_parse(request.GET["campaign"])
        if campaign_id is None:
            raise Http404("unknown campaign")
        campaign = get_object_or_404(Campaign, pk=campaign_id)
    return ledger_csv_response(campaign=campaign)


@staff_member_required
def statements_export_view(request):
    """The yearly statements as CSV for staff: ?year=2026 (default this year) gives one row per
    donor and currency; adding &email= gives that donor's payments one by one."""
    if not request.user.has_perm("donations.view_ledgerentry"):
        raise PermissionDenied
    year_text = request.GET.get("year") or str(timezone.localdate().year)
    if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
        raise Http404("unknown year")
    email = (request.GET.get("email") or "").strip()[:254]
    return statements_csv_response(year=int(year_text), email=email)
