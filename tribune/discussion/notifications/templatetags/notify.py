"""Template helpers for the "Notify me of" controls."""

from django import template

from ..models import Subscription

register = template.Library()


@register.simple_tag
def notify_state(form) -> dict:
    """Return what a reader chose in the "Notify me of" controls of a form sent back with errors."""
    data = getattr(form, "data", None)
    if not data or not hasattr(data, "getlist"):
        return {"checked": [], "cadence": Subscription.Cadence.EACH}
    return {"checked": data.getlist("notify"),
            "cadence": data.get("notify_cadence") or Subscription.Cadence.EACH}
