"""A paginator for the admin's lists of large tables: it counts what the pages need, not every row.

Django's admin counts the whole list for its pages ("1 2 3 ... 10,000") on every view: a full
count of a million comments, or of every comment a search matches, takes longer than the page
itself (a common word matches hundreds of thousands). This paginator counts the rows of the
page asked for and of the next PAGES_AHEAD pages, one row more, and never more than COUNT_LIMIT:
past that, the list says "more than N" and shows the pages up to there; the next pages extend
it, and a narrower filter or search finds the rest.
"""

from django.contrib.admin.views.main import PAGE_VAR
from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Rows counted at most: 100 pages of the admin's 100 rows.
COUNT_LIMIT = 10_000
# Pages counted past the one shown: enough to offer the next pages, few enough that a word in
# half a million comments is counted in milliseconds.
PAGES_AHEAD = 9


class CountLimitedPaginator(Paginator):
    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, page=1):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        # The rows counted exactly; one more says there are more.
        self.limit = min(COUNT_LIMIT, int(per_page) * (max(page, 1) + PAGES_AHEAD))

    @cached_property
    def count(self):
        """Return the number of rows, or `limit` + 1 when there are more than `limit`."""
        # SELECT COUNT(*) FROM (SELECT ... LIMIT n): the database stops at the limit.
        return self.object_list[:self.limit + 1].count()

    @property
    def capped(self) -> bool:
        """Whether there are more rows than were counted (the list shows "more than `limit`")."""
        return self.count > self.limit


def admin_page_number(request) -> int:
    """Return the page of an admin list the request asks for (1 for anything unreadable)."""
    try:
        return int(request.GET.get(PAGE_VAR, 1))
    except ValueError:
        return 1
