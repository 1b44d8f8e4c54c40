"""The donations app's emails: receipts, a failed monthly payment, yearly statements, new manage
links. Each is HTML with a plain-text part, in the site's language, built on the site's shared
layout (core/templates/emails/layout.html), and goes only to an address something vouches for
(selectors.receipt_address), never to one merely typed in a form.

Imports go one way: every module uses base; none imports another.
"""

from .links import manage_links_send
from .monthly import payment_failed_send
from .receipts import receipt_context, receipt_send
from .statements import statement_send

__all__ = ["manage_links_send", "payment_failed_send", "receipt_context", "receipt_send", "statement_send"]
