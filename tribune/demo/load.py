"""Load the seed page into Tribune as the demo site, once.

Everything goes through the apps' services, inside one transaction: a failure leaves nothing
behind, and a second load finds the article and changes nothing.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from tribune.discussion.comments.services import comment_post, thread_for_article_get_or_create
from tribune.donations.models import Campaign, LedgerEntry
from tribune.donations.services import campaign_create, ledger_entry_record
from tribune.newsroom.models import Article, Section
from tribune.newsroom.services import article_create, image_create

from .image import lead_image_jpeg
from .seed import seed_read

PUBLISHED_AT = datetime(2018, 4, 20, 17, 30, tzinfo=UTC)
CAMPAIGN_SLUG = "support-southfront"
OPENING_REFERENCE = "demo:raised-so-far"
# The page lists its comments newest first; the demo spaces them this far apart.
COMMENT_SPACING = timedelta(minutes=37)
# Currencies the seed's symbol may stand for.
CURRENCY_BY_SYMBOL = {"$": "USD", "€": "EUR", "£": "GBP"}


@dataclass(frozen=True)
class DemoLoadResult:
    article: Article
    created: bool


def demo_load() -> DemoLoadResult:
    """Store the seed page's article, campaign and comments unless the article is there."""
    page = seed_read()
    slug = slugify(page.headline)[:200]
    existing = Article.objects.filter(slug=slug).first()
    if existing is not None:
        return DemoLoadResult(article=existing, created=False)
    with transaction.atomic():
        campaign = _campaign(page)
        section, _ = Section.objects.get_or_create(slug="middle-east", defaults={"name": "Middle East"})
        image = image_create(
            file=ContentFile(lead_image_jpeg(), name="eastern-qalamun.jpg"),
            alt_text="Mountain ridges of Eastern Qalamun at dusk",
            caption="The mountains of Eastern Qalamun",
            credit="Illustration",
        )
        article = article_create(
            headline=page.headline,
            slug=slug,
            body="\n\n".join(page.paragraphs),
            source=page.site_name,
            section=section,
            lead_image=image,
            status=Article.Status.PUBLISHED,
            publish_at=PUBLISHED_AT,
        )
        thread = thread_for_article_get_or_create(article=article)
        newest = PUBLISHED_AT + timedelta(hours=9)
        for position, seed_comment in enumerate(page.comments):
            comment_post(
                thread=thread,
                body=seed_comment.body,
                guest_name=seed_comment.author,
                created_at=newest - position * COMMENT_SPACING,
            )
        if not LedgerEntry.objects.filter(reference=OPENING_REFERENCE).exists():
            ledger_entry_record(
                campaign=campaign,
                kind=LedgerEntry.Kind.MANUAL,
                amount_minor=int(page.raised * 100),
                currency=campaign.currency,
                reference=OPENING_REFERENCE,
                note="Gifts received before the demo site opened.",
            )
    return DemoLoadResult(article=article, created=True)


def _campaign(page) -> Campaign:
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is not None:
        return campaign
    return campaign_create(
        name=f"Keep {page.site_name} independent",
        slug=CAMPAIGN_SLUG,
        goal_minor=int(page.goal * 100),
        currency=CURRENCY_BY_SYMBOL.get(page.currency_symbol, "USD"),
        amount_format="#,##0\u00a0¤",
        cta_label=page.cta_label,
        cta_text=f"{page.site_name} is paid for by its readers. No ads, no trackers.",
        description=(
            f"{page.site_name} reports from places where few others go, and it is paid for by "
            "its readers. Every gift counts towards this drive."
        ),
        starts_at=PUBLISHED_AT - timedelta(days=14),
    )
