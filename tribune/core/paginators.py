"""A paginator for the admin's lists of large tables: it counts up to a limit, not every row.

Django's admin counts the whole list for its pages ("1 2 3 ... 10,000") on every view: a full
count of a million comments, or of every comment a search matches, takes longer than the page
itself (a common word matches hundreds of thousands). Past COUNT_LIMIT rows this paginator
stops counting: the list shows the pages up to there, and a narrower filter or search finds
the rest.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Rows counted at most: 100 pages of the admin's 100 rows.
COUNT_LIMIT = 10_000


class CountLimitedPaginator(Paginator):
    @cached_property
    def count(self):
        """Return the number of rows, or COUNT_LIMIT when there are at least that many."""
        # SELECT COUNT(*) FROM (SELECT ... LIMIT n): the database stops at the limit.
        return self.object_list[:COUNT_LIMIT].count()
