"""The site's moderation rules, bans, reports and the log now belong to the moderation room (its
migrations 0001-0002): they leave the discussion app's state here; their tables are kept and
renamed there."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('discussion', '0013_notifications_moved'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='block',
            name='created_by',
        ),
        migrations.RemoveField(
            model_name='moderationaction',
            name='comment',
        ),
        migrations.RemoveField(
            model_name='moderationaction',
            name='moderator',
        ),
        migrations.DeleteModel(
            name='ModerationSettings',
        ),
        migrations.RemoveField(
            model_name='report',
            name='comment',
        ),
        migrations.DeleteModel(
            name='WordRule',
        ),
        migrations.DeleteModel(
            name='Block',
        ),
        migrations.DeleteModel(
            name='ModerationAction',
        ),
        migrations.DeleteModel(
            name='Report',
        ),
    ], database_operations=[])]
