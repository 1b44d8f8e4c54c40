"""The goal meters and the calls to give on article pages (see newsroom.panels).

Several campaigns may run on one article at once (its own, its section's, a site-wide one): each
shows its own meter and its own call to give, the most specific first.
"""

from tribune.newsroom.panels import panel_register

from .selectors import campaigns_for_article, goal_progress


def register() -> None:
    panel_register(slot="masthead", template="donations/includes/goal_meters.html", context=_meters)
    panel_register(slot="before_headline", template="donations/includes/call_to_give.html",
                   context=_cta_above)
    panel_register(slot="after_body", template="donations/includes/call_to_give.html",
                   context=_cta_below)


def _meters(request, article):
    meters = [goal_progress(campaign=c) for c in _campaigns(request, article) if c.show_meter]
    return {"meters": meters} if meters else None


def _cta_above(request, article):
    campaigns = [c for c in _campaigns(request, article) if c.cta_above]
    return {"campaigns": campaigns, "position": "above"} if campaigns else None


def _cta_below(request, article):
    campaigns = [c for c in _campaigns(request, article) if c.cta_below]
    return {"campaigns": campaigns, "position": "below"} if campaigns else None


def _campaigns(request, article):
    # Three panels ask for the same campaigns; look them up once per request and article.
    cache = request.__dict__.setdefault("_tribune_campaigns", {})
    if article.pk not in cache:
        cache[article.pk] = campaigns_for_article(article=article)
    return cache[article.pk]
