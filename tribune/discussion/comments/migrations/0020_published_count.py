"""Each thread keeps the count of its published comments (Thread.published_count), which every
count on the site reads: a post's answer, the lists of articles, the API. Counting the comments
instead took a walk of the thread's rows on every post (40 % of a post's time in a thread of a few
thousand). The partial index makes counting again (after a moderator's decision, an import)
read index entries only."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def published_counts_fill(apps, schema_editor):
    Thread = apps.get_model("discussion", "Thread")
    Comment = apps.get_model("discussion", "Comment")
    published = (Comment.objects.filter(thread_id=OuterRef("pk"), status="visible")
                 .order_by().values("thread_id").annotate(n=Count("pk")).values("n"))
    Thread.objects.update(published_count=Coalesce(Subquery(published), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0019_editors_ask_about_passages"),
    ]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="published_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(condition=models.Q(("status", "visible")), fields=["thread"],
                               name="comment_visible_thread"),
        ),
        migrations.RunPython(published_counts_fill, migrations.RunPython.noop, elidable=True),
    ]
