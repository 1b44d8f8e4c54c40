"""Template filters of the donations app."""

from django import template

from ..money import money_format

register = template.Library()


@register.filter
def money(amount_minor, campaign):
    """Format `amount_minor` (cents) in `campaign`'s currency and format: {{ x|money:campaign }}."""
    if amount_minor is None:
        return ""
    return money_format(int(amount_minor), currency=campaign.currency, pattern=campaign.amount_format)
