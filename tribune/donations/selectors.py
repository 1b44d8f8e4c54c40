"""Donations reads: which campaigns show where, how far they have come, a donor's gifts."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core import signing
from django.db.models import Exists, OuterRef, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import conf
from .models import Campaign, Donation, DonationChange, LedgerEntry, SupporterBrowser, SupporterMark
from .money import money_format, percent_format
from .tokens import donation_id_from_token


@dataclass(frozen=True)
class GoalProgress:
    """A campaign's meter: the money raised against the goal, with labels ready to show.

    Once the goal is reached and the campaign has a stretch goal, the meter measures against the
    stretch goal (`target_minor`); `share` and `label_share` stay the share of the first goal.
    """

    campaign: Campaign
    raised_minor: int
    goal_minor: int
    share: Decimal  # raised / goal; above 1 once the goal is passed
    fill_percent: Decimal  # the bar's width against the target, 0 to 100
    label_zero: str
    label_half: str
    label_goal: str  # the target's amount: the goal, or the stretch goal once on it
    label_raised: str
    label_share: str
    target_minor: int = 0
    label_first_goal: str = ""
    label_target_share: str = ""

    @property
    def reached(self) -> bool:
        """Whether the (first) goal is reached."""
        return self.raised_minor >= self.goal_minor

    @property
    def on_stretch(self) -> bool:
        """Whether the meter now measures against the stretch goal."""
        return self.target_minor > self.goal_minor

    @property
    def target_reached(self) -> bool:
        return self.raised_minor >= self.target_minor

    @property
    def meter_value(self) -> int:
        """The meter's aria-valuenow: kept within 0..target, as a meter's value must be."""
        return max(0, min(self.raised_minor, self.target_minor))

    @property
    def past_goal_label(self) -> str:
        """How far past the target the campaign is ("+ 124 $"), empty below it."""
        if self.raised_minor <= self.target_minor:
            return ""
        return "+\u00a0" + money_format(self.raised_minor - self.target_minor,
                                    currency=self.campaign.currency, pattern=self.campaign.amount_format)


def campaign_for_article(*, article) -> Campaign | None:
    """Return the first of campaigns_for_article, or None."""
    campaigns = campaigns_for_article(article=article)
    return campaigns[0] if campaigns else None


def campaigns_for_article(*, article) -> list[Campaign]:
    """Return the running campaigns placed on `article`: its own first, then its section's, then
    the site-wide ones, each group the most recently started first; at most
    DONATIONS_CAMPAIGNS_PER_ARTICLE."""
    specific = {Campaign.Placement.ARTICLES: 0, Campaign.Placement.SECTIONS: 1,
                Campaign.Placement.ALL_ARTICLES: 2}
    campaigns = list(Campaign.objects.running().shown_with(article))
    # Sorted in Python: stable, so the model's order (newest start first) holds within a group.
    campaigns.sort(key=lambda campaign: specific.get(campaign.placement, 3))
    return campaigns[: conf.get("DONATIONS_CAMPAIGNS_PER_ARTICLE")]


def campaign_get_active(*, slug: str) -> Campaign:
    """Return the active campaign with `slug` (its page shows even after it ends), or raise Http404."""
    return get_object_or_404(Campaign.objects.filter(is_active=True), slug=slug)


def campaign_get_active_or_none(*, slug: str) -> Campaign | None:
    """Return the active campaign with `slug` (ended or not), or None."""
    return Campaign.objects.filter(is_active=True, slug=slug).first()


def donation_for_thanks(*, token: str) -> tuple[Donation, LedgerEntry | None]:
    """Return the donation a thank-you link stands for, and its gift once the provider reported it.

    Raises Http404 for a forged, damaged or unknown link.
    """
    try:
        donation_id = donation_id_from_token(token=token)
    except signing.BadSignature:
        raise Http404("unknown donation") from None
    donation = get_object_or_404(Donation.objects.select_related("campaign"), pk=donation_id)
    gift = donation.ledger_entries.filter(kind=LedgerEntry.Kind.GIFT).first()
    return donation, gift


def supporters_among(*, user_ids, guests) -> tuple[set[int], set[tuple[str, str]]]:
    """Return which of `user_ids` and of `guests` show a Supporter mark beside their comments.

    `guests` are (email, guest key hash) pairs of guest comments. A guest pair shows the mark only
    when that browser proved it reads that email (a SupporterBrowser of the email's mark): anyone
    may type a donor's email, so the email alone answers nothing, and the answer never tells
    whether an address belongs to a donor. For a comment list: one query each (none for an empty
    list). Pairs come back with the email lower-cased. Answers who, never how much.
    """
    user_ids = {pk for pk in user_ids if pk is not None}
    pairs = {(email.strip().lower(), key_hash) for email, key_hash in guests
             if email and email.strip() and key_hash}
    users, found = set(), set()
    if user_ids:
        users = set(SupporterMark.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    if pairs:
        proven = SupporterBrowser.objects.filter(
            mark__email__in={email for email, _ in pairs},
            guest_key_hash__in={key_hash for _, key_hash in pairs},
        ).values_list("mark__email", "guest_key_hash")
        found = pairs & set(proven)
    return users, found


def supporter_mark_exists(*, email: str = "", user=None) -> bool:
    """Return whether a Supporter mark is kept for `email` or `user` (for pages whose link proves
    the reader controls that email or is that user; never for anyone else's address)."""
    email = email.strip().lower()
    marks = SupporterMark.objects.none()
    if email:
        marks |= SupporterMark.objects.filter(email=email)
    if user is not None and user.pk is not None:
        marks |= SupporterMark.objects.filter(user=user)
    return marks.exists()


def supporter_mark_for_link(*, mark_id: int, email: str) -> SupporterMark | None:
    """Return the mark a receipt's link was made for, or None once it was withdrawn."""
    return SupporterMark.objects.filter(pk=mark_id, email=email.strip().lower()).first()


def receipt_address(*, donation: Donation, is_test: bool) -> str:
    """Return the address a receipt (or any email) about `donation` may go to, or "" for none.

    The form lets anyone type anyone's address, so it counts only when something vouches for it:
    - a signed-in donor who gave under their account's own address (accounts are made by staff);
    - for a real payment, the address the payment service reports the payer used (Stripe's
      customer email): someone paid real money under it, and Stripe writes to it too.
    A test payment costs nothing, not even with Stripe's test cards, so it vouches for no address:
    a script could otherwise have the site mail any stranger.
    """
    account = (donation.user.email or "") if donation.user_id and donation.user else ""
    if account and account.strip().lower() == donation.email.strip().lower():
        return account.strip()
    if not is_test and donation.payer_email:
        return donation.payer_email.strip()
    return ""


def ledger_list_for_export(*, campaign: Campaign | None = None):
    """Return ledger entries oldest first with their campaign and donation, for the CSV export."""
    entries = LedgerEntry.objects.select_related("campaign", "donation").order_by("occurred_at", "id")
    if campaign is not None:
        entries = entries.filter(campaign=campaign)
    return entries


def raised_minor(*, campaign: Campaign) -> int:
    """Return the money received for `campaign`, in minor units, summed from its ledger.

    Test payments are left out: they move no money, and anyone can make one on a site in test mode.
    Monthly renewals after the campaign's end are left out too: they keep coming to the newsroom,
    but the drive's result stays as it closed (gifts started before the end, refunds and
    corrections still count).
    """
    entries = LedgerEntry.objects.filter(campaign=campaign, is_test=False)
    if campaign.ends_at is not None:
        entries = entries.exclude(kind=LedgerEntry.Kind.RENEWAL, occurred_at__gte=campaign.ends_at)
    return entries.aggregate(total=Sum("amount_minor"))["total"] or 0


def goal_progress(*, campaign: Campaign) -> GoalProgress:
    """Return the meter for `campaign`, computed from its ledger."""
    raised = raised_minor(campaign=campaign)
    goal = campaign.goal_minor
    target = goal
    if campaign.stretch_goal_minor and raised >= goal:
        target = campaign.stretch_goal_minor
    share = Decimal(raised) / Decimal(goal)
    target_share = Decimal(raised) / Decimal(target)

    def fmt(amount: int) -> str:
        return money_format(amount, currency=campaign.currency, pattern=campaign.amount_format)

    return GoalProgress(
        campaign=campaign,
        raised_minor=raised,
        goal_minor=goal,
        share=share,
        fill_percent=max(Decimal(0), min(Decimal(100), (target_share * 100).quantize(Decimal("0.1")))),
        label_zero=fmt(0),
        label_half=fmt(target // 2),
        label_goal=fmt(target),
        label_raised=fmt(raised),
        label_share=percent_format(share.quantize(Decimal("0.01"))),
        target_minor=target,
        label_first_goal=fmt(goal),
        label_target_share=percent_format(target_share.quantize(Decimal("0.01"))),
    )


def campaign_thanked_names(*, campaign: Campaign) -> tuple[list[str], int]:
    """Return the names to thank on `campaign`'s page, newest gift first, and how many more there are.

    Only donors who said yes on the form (and kept it), with a name, whose gift is real money
    (never a test payment) and not all refunded. Names only: no amount, no email, no date.
    """
    real_gift = LedgerEntry.objects.filter(donation=OuterRef("pk"), kind=LedgerEntry.Kind.GIFT, is_test=False)
    donations = (
        Donation.objects.filter(campaign=campaign, list_publicly=True).exclude(donor_name="")
        .filter(Exists(real_gift))
        .annotate(net=Sum("ledger_entries__amount_minor", filter=Q(ledger_entries__is_test=False)))
        .filter(net__gt=0)
        .order_by("-created_at", "-id")
    )
    names, seen = [], set()
    for name in donations.values_list("donor_name", flat=True).iterator():
        key = " ".join(name.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            names.append(" ".join(name.split()))
    shown = conf.get("DONATIONS_THANKED_NAMES_MAX")
    return names[:shown], max(0, len(names) - shown)


def donation_for_manage(*, donation_id: int) -> Donation | None:
    """Return the donation a manage link names, with its campaign, or None when it is gone."""
    return Donation.objects.select_related("campaign", "user").filter(pk=donation_id).first()


def monthly_history(*, donation: Donation) -> list[dict]:
    """Return what happened to a gift, newest first: its payments (ledger rows) and its changes.

    Each item is {"at", "entry"} or {"at", "change"}; each ledger row and each change once.
    """
    items = [{"at": entry.occurred_at, "entry": entry, "recorded": entry.recorded_at}
             for entry in donation.ledger_entries.all()]
    items += [{"at": change.occurred_at, "change": change, "recorded": change.recorded_at}
              for change in donation.changes.all()]
    # Providers count time in whole seconds: within one second, the order they were recorded in.
    items.sort(key=lambda item: (item["at"].replace(microsecond=0), item["recorded"]), reverse=True)
    return items


def monthly_open_failure(*, donation: Donation) -> DonationChange | None:
    """Return the failed payment of `donation` not yet paid since, the newest, or None."""
    for change in donation.changes.filter(kind=DonationChange.Kind.FAILED).order_by("-occurred_at", "-id"):
        reference = f"{donation.provider}:invoice:{change.payment_ref}"
        if not LedgerEntry.objects.filter(reference=reference).exists():
            return change
    return None


def donor_donations(*, email: str):
    """Return the gifts whose donor is known to read `email` (see receipt_address): given by a
    payer Stripe reports with that address, or by a signed-in donor under their own address."""
    email = email.strip()
    if not email:
        return Donation.objects.none()
    return Donation.objects.filter(
        Q(payer_email__iexact=email) | Q(user__email__iexact=email, email__iexact=email)
    )


def statement_entries(*, email: str, year: int):
    """Return the real money (no test payments) given by the donor who reads `email` during
    `year` (in the site's time zone), oldest first, with campaigns and donations."""
    start, end = year_bounds(year)
    return (
        LedgerEntry.objects.filter(donation__in=donor_donations(email=email), is_test=False,
                                   occurred_at__gte=start, occurred_at__lt=end)
        .select_related("campaign", "donation").order_by("occurred_at", "id")
    )


def statement_rows_for_year(*, year: int):
    """Return every donor's real money of `year`, oldest first, with donations and their users:
    what the staff's yearly statements are made of."""
    start, end = year_bounds(year)
    return (
        LedgerEntry.objects.filter(donation__isnull=False, is_test=False, occurred_at__gte=start,
                                   occurred_at__lt=end)
        .select_related("campaign", "donation__user").order_by("occurred_at", "id")
    )


def ledger_payments_between(*, prefix: str, since: datetime, until: datetime, is_test: bool):
    """Return the ledger's payments (gifts and renewals) recorded from a provider whose references
    start with `prefix`, that occurred in [since, until), test ones or real ones, oldest first."""
    return (
        LedgerEntry.objects.filter(kind__in=[LedgerEntry.Kind.GIFT, LedgerEntry.Kind.RENEWAL],
                                   reference__startswith=prefix, is_test=is_test,
                                   occurred_at__gte=since, occurred_at__lt=until)
        .order_by("occurred_at", "id")
    )


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Return the first moment of `year` and of the next, in the site's time zone."""
    zone = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
