from django.shortcuts import get_object_or_404, render

from .models import Campaign
from .selectors import goal_progress


def campaign_detail(request, slug):
    """A campaign's own page: what the money is for and how far it has come."""
    campaign = get_object_or_404(Campaign.objects.filter(is_active=True), slug=slug)
    return render(request, "donations/campaign.html",
                  {"campaign": campaign, "progress": goal_progress(campaign=campaign)})
