"""The notifications room's models, as they were in the discussion app: state only, on the
discussion app's existing tables (0002 renames them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('discussion', '0013_notifications_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='ReaderPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('notify_mentions', models.BooleanField(default=False, verbose_name='email me when I am mentioned')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='discussion_preference', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'discussion_readerpreference',
                'verbose_name': 'reader preference',
                'verbose_name_plural': 'reader preferences',
            },
        ),
        migrations.CreateModel(
            name='Subscriber',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='email')),
                ('suppressed_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped all email')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='discussion_subscribers', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'discussion_subscriber',
                'verbose_name': 'subscriber',
                'verbose_name_plural': 'subscribers',
            },
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(choices=[('thread', 'New follow-up comments'), ('replies', 'New replies to my comments')], max_length=16, verbose_name='notify of')),
                ('cadence', models.CharField(choices=[('each', 'One email per comment'), ('daily', 'A daily digest')], default='each', max_length=16, verbose_name='how often')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='notifications.subscriber')),
                ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='discussion.thread')),
            ],
            options={
                'db_table': 'discussion_subscription',
                'verbose_name': 'subscription',
                'verbose_name_plural': 'subscriptions',
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(choices=[('comment', 'Comment'), ('digest', 'Daily digest'), ('confirm', 'Confirmation request')], max_length=16, verbose_name='kind')),
                ('key', models.CharField(max_length=64)),
                ('reason', models.CharField(choices=[('thread', 'Follows the thread'), ('reply', 'Reply to their comment'), ('mention', 'Mentioned'), ('confirm', 'Asked to subscribe'), ('digest', 'Daily digest')], max_length=16, verbose_name='reason')),
                ('state', models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('waiting', 'Waiting for the digest'), ('in_digest', 'In a digest'), ('failed', 'Failed'), ('skipped', 'Skipped')], default='queued', max_length=16, verbose_name='state')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt')),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='discussion.comment')),
                ('digest', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='items', to='notifications.delivery')),
                ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notifications.subscriber')),
                ('subscription', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='notifications.subscription')),
            ],
            options={
                'db_table': 'discussion_delivery',
                'verbose_name': 'email delivery',
                'verbose_name_plural': 'email deliveries',
            },
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(fields=['thread', 'kind'], name='subscription_thread_kind'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(fields=('subscriber', 'thread', 'kind'), name='subscription_unique'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['state', 'next_attempt_at'], name='delivery_state_due'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['subscriber', 'state'], name='delivery_subscriber_state'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('subscriber', 'key'), name='delivery_unique_key'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(condition=models.Q(('comment__isnull', False)), fields=('subscriber', 'comment'), name='delivery_one_per_comment'),
        ),
    ], database_operations=[])]
