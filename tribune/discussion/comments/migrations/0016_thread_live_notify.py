"""On PostgreSQL, every change of a thread's version tells the live servers (NOTIFY tribune_live).

A trigger rather than a call in thread_touch: bulk bumps (an import, an author's marks changing)
update versions in one statement and are announced all the same. NOTIFY is sent by the
transaction of the change, so listeners hear of it on commit and never of a rollback; the same
thread changed twice in one transaction is announced once. SQLite needs nothing: the live
server reads the versions there (comments/live/watch.py).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION discussion_thread_live_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tribune_live', NEW.id::text);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER discussion_thread_live_notify
    AFTER UPDATE OF version ON discussion_thread
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION discussion_thread_live_notify();
"""
DROP = """
DROP TRIGGER IF EXISTS discussion_thread_live_notify ON discussion_thread;
DROP FUNCTION IF EXISTS discussion_thread_live_notify();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("discussion", "0015_task_paths")]

    operations = [migrations.RunPython(forward, backward)]
