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

# Candidates ranked per result kept: room for drafts and scheduled articles among the best matches.
_CANDIDATES = 2
# Words: letters and digits in any script; everything else separates them.
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_LENGTH = 200


def article_search(*, query: str) -> list[Article]:
    """Return the published articles matching `query`, best first (at most NEWSROOM_SEARCH_LIMIT)."""
    return article_list_by_ids(ids=article_search_ids(query=query))


def article_search_ids(*, query: str) -> list[int]:
    """Return the ids of the published articles matching `query`, best first.

    Pages of results load only their own articles (article_list_by_ids).
    """
    # PostgreSQL refuses NUL characters in text; they never mean anything in a search.
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if not _WORD.search(query):
        return []
    limit = conf.get("NEWSROOM_SEARCH_LIMIT")
    if connection.vendor == "postgresql":
        return _postgres_ids(query, limit)
    return _sqlite_ids(query, limit)


def article_list_by_ids(*, ids: list[int]) -> list[Article]:
    """Return the published articles with `ids`, in that order, without their bodies."""
    if not ids:
        return []
    by_id = article_list_published().defer("body", "body_html").in_bulk(list(ids))
    return [by_id[pk] for pk in ids if pk in by_id]


def _postgres_ids(query: str, limit: int) -> list[int]:
    sql = """
        SELECT a.id FROM newsroom_article a, websearch_to_tsquery('english', %s) q
        WHERE a.search_vector @@ q
        ORDER BY ts_rank(a.search_vector, q) DESC, a.published_at DESC
        LIMIT %s
    """
    return _visible(_ranked(sql, [query, _CANDIDATES * limit]), limit)


def _sqlite_ids(query: str, limit: int) -> list[int]:
    terms = _WORD.findall(query)
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    sql = """
        SELECT rowid FROM newsroom_article_fts WHERE newsroom_article_fts MATCH %s
        ORDER BY bm25(newsroom_article_fts, 10.0, 4.0, 1.0) LIMIT %s
    """
    return _visible(_ranked(sql, [match, _CANDIDATES * limit]), limit)


def _ranked(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _visible(ranked_ids: list[int], limit: int) -> list[int]:
    # Ranking runs on the search index alone; only the best candidates are then checked against
    # published() (reading 10,000 full rows to check their status would cost more than ranking).
    visible = set(Article.objects.published().filter(pk__in=ranked_ids).values_list("pk", flat=True))
    return [pk for pk in ranked_ids if pk in visible][:limit]
