"""Full-text search over headlines, standfirsts and bodies, kept up to date by the database itself.

PostgreSQL: a generated tsvector column (headline weighted A, standfirst B, body C) with a GIN
index. SQLite: an FTS5 table over the same columns, kept in step by triggers. Neither is a Django
field: newsroom.search queries them with SQL.

On PostgreSQL a later migration that changes the type of headline, standfirst or body (a longer
max_length, say) must drop the generated column first and add it again afterwards: PostgreSQL
refuses to alter a column that a generated column reads.
"""

from django.db import migrations

POSTGRES_UP = [
    """
    ALTER TABLE newsroom_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(headline, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX newsroom_article_search ON newsroom_article USING GIN (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS newsroom_article_search",
    "ALTER TABLE newsroom_article DROP COLUMN IF EXISTS search_vector",
]
SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE newsroom_article_fts USING fts5(
        headline, standfirst, body, content='newsroom_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER newsroom_article_fts_insert AFTER INSERT ON newsroom_article BEGIN
        INSERT INTO newsroom_article_fts(rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, new.body);
    END
    """,
    """
    CREATE TRIGGER newsroom_article_fts_delete AFTER DELETE ON newsroom_article BEGIN
        INSERT INTO newsroom_article_fts(newsroom_article_fts, rowid, headline, standfirst, body)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
    END
    """,
    """
    CREATE TRIGGER newsroom_article_fts_update AFTER UPDATE OF headline, standfirst, body
    ON newsroom_article BEGIN
        INSERT INTO newsroom_article_fts(newsroom_article_fts, rowid, headline, standfirst, body)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
        INSERT INTO newsroom_article_fts(rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, new.body);
    END
    """,
    "INSERT INTO newsroom_article_fts(newsroom_article_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS newsroom_article_fts_update",
    "DROP TRIGGER IF EXISTS newsroom_article_fts_delete",
    "DROP TRIGGER IF EXISTS newsroom_article_fts_insert",
    "DROP TABLE IF EXISTS newsroom_article_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0002_authors_tags_renditions_schedule"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
