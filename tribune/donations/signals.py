"""Signals the donations app sends."""

from django.dispatch import Signal

# Sent after the commit that changed what a campaign's meter or calls to give show: a ledger
# entry recorded, a campaign created or saved. Arguments: campaign_id (int).
# Article pages that show the campaign must be rendered anew.
campaign_figures_changed = Signal()
