"""The sites allowed to embed the discussion: DISCUSSION_EMBED_HOSTS, read by core.embedding.

The check lives in core so that every app with a widget on other sites (the donations' goal
meter too) answers from the same list; the discussion's names stay importable from here.
"""

from tribune.core.embedding import embed_origin_allowed, embed_origins, embed_page_allowed

__all__ = ["embed_origin_allowed", "embed_origins", "embed_page_allowed"]
