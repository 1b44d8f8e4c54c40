"""The goal meter and the calls to give on article pages (see newsroom.panels)."""

from tribune.newsroom.panels import panel_register

from .selectors import campaign_for_article, goal_progress


def register() -> None:
    panel_register(slot="masthead", template="donations/includes/goal_meter.html", context=_meter)
    panel_register(slot="before_headline", template="donations/includes/call_to_give.html",
                   context=_cta_above)
    panel_register(slot="after_body", template="donations/includes/call_to_give.html",
                   context=_cta_below)


def _meter(request, article):
    campaign = _campaign(request, article)
    if campaign is None or not campaign.show_meter:
        return None
    return {"progress": goal_progress(campaign=campaign)}


def _cta_above(request, article):
    campaign = _campaign(request, article)
    if campaign is None or not campaign.cta_above:
        return None
    return {"campaign": campaign, "position": "above"}


def _cta_below(request, article):
    campaign = _campaign(request, article)
    if campaign is None or not campaign.cta_below:
        return None
    return {"campaign": campaign, "position": "below"}


def _campaign(request, article):
    # Three panels ask for the same campaign; look it up once per request and article.
    cache = request.__dict__.setdefault("_tribune_campaigns", {})
    if article.pk not in cache:
        cache[article.pk] = campaign_for_article(article=article)
    return cache[article.pk]
