from django.db import transaction

from ..models import Campaign
from ..signals import campaign_figures_changed


@transaction.atomic
def campaign_create(*, name: str, slug: str, goal_minor: int, currency: str, cta_label: str,
                    sections=(), **fields) -> Campaign:
    """Create a campaign after validating it. Raises ValidationError on a bad field."""
    campaign = Campaign(
        name=name, slug=slug, goal_minor=goal_minor, currency=currency.upper(), cta_label=cta_label,
        **fields,
    )
    campaign.full_clean()
    campaign.save()
    if sections:
        campaign.sections.set(sections)
    _changed(campaign)
    return campaign


@transaction.atomic
def campaign_save(*, campaign: Campaign) -> Campaign:
    """Save a campaign edited by staff (the admin validated it) and have its pages shown anew."""
    campaign.currency = campaign.currency.upper()
    campaign.save()
    _changed(campaign)
    return campaign


def _changed(campaign: Campaign) -> None:
    campaign_id = campaign.pk
    transaction.on_commit(lambda: campaign_figures_changed.send(sender=Campaign, campaign_id=campaign_id))
