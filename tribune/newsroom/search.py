"""Full-text search over published articles, ranked, on PostgreSQL and on SQLite.

PostgreSQL matches the reader's words with websearch_to_tsquery (quotes, "or" and "-word" work;
nothing a reader types is a syntax error) against the generated column made by migration 0003,
and ranks with ts_rank_cd. SQLite matches against the FTS5 table made by the same migration,
ranking with bm25 (headline weighted over standfirst over body). FTS5 has its own query syntax,
so each word the reader typed is quoted as a literal term: "a AND (" finds articles with "a" and
"and", instead of failing.
"""

import re

from django.db import connection

from . import conf
from .models import Article
from .selectors import article_list_published

# Words: letters and digits in any script; everything else separates them.
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_LENGTH = 200


def article_search(*, query: str) -> list[Article]:
    """Return the published articles matching `query`, best first (at most NEWSROOM_SEARCH_LIMIT)."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not _WORD.search(query):
        return []
    limit = conf.get("NEWSROOM_SEARCH_LIMIT")
    if connection.vendor == "postgresql":
        ranked_ids = _postgres_ids(query, limit)
    else:
        ranked_ids = _sqlite_ids(query, limit)
    if not ranked_ids:
        return []
    by_id = article_list_published().in_bulk(ranked_ids)
    return [by_id[pk] for pk in ranked_ids if pk in by_id]


def _postgres_ids(query: str, limit: int) -> list[int]:
    visible = Article.objects.published().values("id")
    visible_sql, visible_params = visible.query.sql_with_params()
    sql = f"""
        SELECT a.id FROM newsroom_article a, websearch_to_tsquery('english', %s) q
        WHERE a.search_vector @@ q AND a.id IN ({visible_sql})
        ORDER BY ts_rank_cd(a.search_vector, q) DESC, a.published_at DESC
        LIMIT %s
    """  # noqa: S608 - the only interpolated SQL is Django's own, with its parameters passed on
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *visible_params, limit])
        return [row[0] for row in cursor.fetchall()]


def _sqlite_ids(query: str, limit: int) -> list[int]:
    terms = _WORD.findall(query)
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    visible = Article.objects.published().values("id")
    visible_sql, visible_params = visible.query.sql_with_params()
    sql = f"""
        SELECT newsroom_article_fts.rowid FROM newsroom_article_fts
        JOIN newsroom_article a ON a.id = newsroom_article_fts.rowid
        WHERE newsroom_article_fts MATCH %s AND a.id IN ({visible_sql})
        ORDER BY bm25(newsroom_article_fts, 10.0, 4.0, 1.0), a.published_at DESC
        LIMIT %s
    """  # noqa: S608 - the only interpolated SQL is Django's own, with its parameters passed on
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *visible_params, limit])
        return [row[0] for row in cursor.fetchall()]
