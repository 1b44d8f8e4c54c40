"""Signals the donations app sends."""

from django.dispatch import Signal

# Sent after the commit that changed what a campaign's meter or calls to give show: a ledger
# entry recorded, a campaign created or saved. Arguments: campaign_id (int).
# Article pages that show the campaign must be rendered anew.
campaign_figures_changed = Signal()

# Sent after the commit that granted or withdrew a Supporter mark. Arguments: user_id (int or
# None), email (str, lower-cased, may be empty). Comment lists by that donor must be rendered anew.
supporter_mark_changed = Signal()
