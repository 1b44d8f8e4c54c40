from django.db import migrations


def create_list_generation(apps, schema_editor):
    apps.get_model("newsroom", "PageCacheGeneration").objects.get_or_create(pk=2)


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0005_article_published_status_index"),
    ]

    operations = [
        migrations.RunPython(create_list_generation, migrations.RunPython.noop),
    ]
