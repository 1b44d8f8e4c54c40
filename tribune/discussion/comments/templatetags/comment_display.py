"""A comment's time, as the page's script writes it too (see ..display)."""

from django import template

from ..display import comment_time_iso, comment_time_text

register = template.Library()
register.filter("comment_time", comment_time_text)
register.filter("comment_time_iso", comment_time_iso)
