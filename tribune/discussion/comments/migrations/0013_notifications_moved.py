"""Subscriptions and deliveries now belong to the notifications room (its migrations 0001-0002):
they leave the discussion app's state here; their tables are kept and renamed there."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('discussion', '0012_report_addresses'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='readerpreference',
            name='user',
        ),
        migrations.RemoveField(
            model_name='subscriber',
            name='user',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='subscriber',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='thread',
        ),
        migrations.DeleteModel(
            name='Delivery',
        ),
        migrations.DeleteModel(
            name='ReaderPreference',
        ),
        migrations.DeleteModel(
            name='Subscriber',
        ),
        migrations.DeleteModel(
            name='Subscription',
        ),
    ], database_operations=[])]
