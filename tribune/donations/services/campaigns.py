from django.db import transaction

from ..models import Campaign


@transaction.atomic
def campaign_create(*, name: str, slug: str, goal_minor: int, currency: str, cta_label: str,
                    **fields) -> Campaign:
    """Create a campaign after validating it. Raises ValidationError on a bad field."""
    campaign = Campaign(
        name=name, slug=slug, goal_minor=goal_minor, currency=currency.upper(), cta_label=cta_label,
        **fields,
    )
    campaign.full_clean()
    campaign.save()
    return campaign
