"""Donations API operations: one view per operation; each calls one selector and renders."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from ninja import Router

from tribune.core.api import error_responses
from tribune.core.errors import NotFoundError

from .. import conf
from ..models import Campaign
from ..selectors import GoalProgress, campaign_get_active_or_none, goal_progress
from . import errors  # noqa: F401  (registers the numbered error codes)
from .schemas import CampaignSlug, GoalOut

router = Router(tags=["donations"])


class CampaignNotFoundError(NotFoundError):
    code = "campaign_not_found"


@router.get("/campaigns/{slug}/goal", response={200: GoalOut, **error_responses(404, 422)},
            operation_id="campaign_goal")
def CampaignGoalGetApi(request, response: HttpResponse, slug: CampaignSlug):
    """A campaign's goal meter and call to give, with live figures from the ledger.

    The same for every reader, so browsers and proxies may keep it for a minute (Cache-Control);
    the pages of the hosts allowed to embed may read it (CORS).
    """
    campaign = campaign_get_active_or_none(slug=slug)
    if campaign is None:
        raise CampaignNotFoundError(_("There is no campaign at this address."))
    progress = goal_progress(campaign=campaign)
    patch_cache_control(response, public=True, max_age=conf.get("DONATIONS_GOAL_MAX_AGE"))
    # The answer carries CORS headers for the asking page's origin: a shared cache must keep one
    # copy per origin.
    patch_vary_headers(response, ["Origin"])
    return _goal(request, campaign, progress)


def _goal(request, campaign: Campaign, progress: GoalProgress) -> dict:
    state = "ended" if campaign.has_ended else "upcoming" if campaign.is_upcoming else "open"
    return {
        "slug": campaign.slug, "name": campaign.name,
        "url": request.build_absolute_uri(campaign.get_absolute_url()),
        "cta_label": campaign.cta_label, "cta_text": campaign.cta_text, "state": state,
        "starts_at": campaign.starts_at, "ends_at": campaign.ends_at, "currency": campaign.currency,
        "raised_minor": progress.raised_minor, "goal_minor": progress.goal_minor,
        "stretch_goal_minor": campaign.stretch_goal_minor, "target_minor": progress.target_minor,
        "reached": progress.reached, "on_stretch": progress.on_stretch,
        "fill_percent": float(progress.fill_percent),
        "labels": {
            "raised": progress.label_raised, "goal": progress.label_goal,
            "first_goal": progress.label_first_goal,
            "zero": progress.label_zero, "half": progress.label_half, "share": progress.label_share,
            "status": _status(progress),
            "summary": _("%(raised)s raised of %(goal)s (%(share)s)") % {
                "raised": progress.label_raised, "goal": progress.label_goal, "share": progress.label_share},
            "result": _result(campaign, progress) if state == "ended" else "",
            "dates": _dates(campaign, state),
        },
    }


def _status(progress: GoalProgress) -> str:
    if progress.on_stretch:
        return _("raised · goal of %(goal)s reached! Stretch goal %(stretch)s: %(share)s") % {
            "goal": progress.label_first_goal, "stretch": progress.label_goal,
            "share": progress.label_target_share}
    if progress.reached:
        return _("raised · goal reached, %(share)s") % {"share": progress.label_share}
    return _("raised · %(share)s of the goal") % {"share": progress.label_share}


def _result(campaign: Campaign, progress: GoalProgress) -> str:
    return _("This campaign has ended. Together, readers gave %(raised)s of the %(goal)s goal "
             "(%(share)s).") % {"raised": progress.label_raised, "goal": progress.label_first_goal,
                                "share": progress.label_share}


def _dates(campaign: Campaign, state: str) -> str:
    # Dates as the site's pages write them, in the site's time zone.
    if state == "upcoming":
        return _("Opens on %(date)s.") % {"date": date_format(localtime(campaign.starts_at), "DATE_FORMAT")}
    if state == "open" and campaign.ends_at is not None:
        return _("Closes on %(date)s.") % {"date": date_format(localtime(campaign.ends_at), "DATE_FORMAT")}
    return ""
