"""Donations reads: which campaign shows where, and how far it has come."""

from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Campaign, Donation, LedgerEntry, SupporterBrowser, SupporterMark
from .money import money_format, percent_format
from .tokens import donation_id_from_token


@dataclass(frozen=True)
class GoalProgress:
    """A campaign's meter: the money raised against the goal, with labels ready to show."""

    campaign: Campaign
    raised_minor: int
    goal_minor: int
    share: Decimal  # raised / goal; above 1 once the goal is passed
    fill_percent: Decimal  # the bar's width, 0 to 100
    label_zero: str
    label_half: str
    label_goal: str
    label_raised: str
    label_share: str

    @property
    def reached(self) -> bool:
        return self.raised_minor >= self.goal_minor

    @property
    def meter_value(self) -> int:
        """The meter's aria-valuenow: kept within 0..goal, as a meter's value must be."""
        return max(0, min(self.raised_minor, self.goal_minor))

    @property
    def past_goal_label(self) -> str:
        """How far past the goal the campaign is ("+ 124 $"), empty below the goal."""
        if self.raised_minor <= self.goal_minor:
            return ""
        return "+\u00a0" + money_format(self.raised_minor - self.goal_minor,
                                    currency=self.campaign.currency, pattern=self.campaign.amount_format)


def campaign_for_article(*, article) -> Campaign | None:
    """Return the running campaign placed on `article`, the most recently started first."""
    return Campaign.objects.running().shown_with(article).first()


def campaign_get_active(*, slug: str) -> Campaign:
    """Return the active campaign with `slug` (its page shows even after it ends), or raise Http404."""
    return get_object_or_404(Campaign.objects.filter(is_active=True), slug=slug)


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
    """
    total = LedgerEntry.objects.filter(campaign=campaign, is_test=False).aggregate(total=Sum("amount_minor"))
    return total["total"] or 0


def goal_progress(*, campaign: Campaign) -> GoalProgress:
    """Return the meter for `campaign`, computed from its ledger."""
    raised = raised_minor(campaign=campaign)
    goal = campaign.goal_minor
    share = Decimal(raised) / Decimal(goal)

    def fmt(amount: int) -> str:
        return money_format(amount, currency=campaign.currency, pattern=campaign.amount_format)

    return GoalProgress(
        campaign=campaign,
        raised_minor=raised,
        goal_minor=goal,
        share=share,
        fill_percent=max(Decimal(0), min(Decimal(100), (share * 100).quantize(Decimal("0.1")))),
        label_zero=fmt(0),
        label_half=fmt(goal // 2),
        label_goal=fmt(goal),
        label_raised=fmt(raised),
        label_share=percent_format(share.quantize(Decimal("0.01"))),
    )
