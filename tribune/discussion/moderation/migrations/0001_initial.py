"""The moderation room's models, as they were in the discussion app: state only, on the
discussion app's existing tables (0002 renames them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('discussion', '0014_moderation_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='ModerationSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('mode', models.CharField(choices=[('post', 'Post-moderation: comments appear at once'), ('pre', 'Pre-moderation: each comment waits for approval')], default='post', max_length=8, verbose_name='mode')),
                ('close_after_days', models.PositiveIntegerField(blank=True, help_text='Days after publication; empty keeps discussions open.', null=True, verbose_name='close comments after (days)')),
                ('max_links', models.PositiveIntegerField(default=3, verbose_name='links allowed per comment')),
                ('flood_limit', models.PositiveIntegerField(default=8, help_text='More than this from one connection are held as a flood.', verbose_name='comments per address in 10 minutes')),
                ('trust_after', models.PositiveIntegerField(default=3, verbose_name='approved comments before skipping pre-moderation')),
                ('report_threshold', models.PositiveIntegerField(default=3, help_text='Counted once per connection: reports from one address count as one.', verbose_name='reports that hide a comment until a moderator decides')),
                ('reports_hide_from', models.CharField(choices=[('anyone', 'Anyone, guests included'), ('signed_in', 'Signed-in readers'), ('trusted', 'Trusted readers (as for pre-moderation)')], default='anyone', help_text="Other readers' reports still reach the moderators' queue, but never hide a comment.", max_length=10, verbose_name='whose reports can hide a comment')),
            ],
            options={
                'db_table': 'discussion_moderationsettings',
                'verbose_name': 'moderation settings',
                'verbose_name_plural': 'moderation settings',
            },
        ),
        migrations.CreateModel(
            name='ModerationAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('approve', 'Approved'), ('reject', 'Rejected'), ('spam', 'Marked as spam'), ('edit', 'Edited'), ('feature', 'Featured'), ('unfeature', 'No longer featured'), ('ban', 'Banned the author')], max_length=10)),
                ('reason', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('comment', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='moderation_actions', to='discussion.comment')),
                ('moderator', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'discussion_moderationaction',
                'verbose_name': 'moderation action',
                'verbose_name_plural': 'moderation log',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='WordRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('phrase', models.CharField(max_length=100, verbose_name='word or phrase')),
                ('kind', models.CharField(choices=[('banned', 'Banned: the comment is refused'), ('suspect', 'Suspect: the comment waits for review')], max_length=8, verbose_name='kind')),
            ],
            options={
                'db_table': 'discussion_wordrule',
                'verbose_name': 'word rule',
                'verbose_name_plural': 'word rules',
                'constraints': [models.UniqueConstraint(fields=('phrase', 'kind'), name='wordrule_unique')],
            },
        ),
        migrations.CreateModel(
            name='Block',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(choices=[('account', 'Account'), ('email', 'Email address'), ('guest', "Guest's browser"), ('address', 'Connection (hashed address)')], max_length=8, verbose_name='kind')),
                ('value', models.CharField(max_length=254, verbose_name='value')),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='expires')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'discussion_block',
                'verbose_name': 'ban',
                'verbose_name_plural': 'bans',
                'indexes': [models.Index(fields=['kind', 'value'], name='moderation__kind_9eee79_idx')],
            },
        ),
        migrations.CreateModel(
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reporter', models.CharField(max_length=80)),
                ('address_hash', models.CharField(blank=True, editable=False, max_length=64)),
                ('counted', models.BooleanField(default=False, editable=False, verbose_name='counted')),
                ('reason', models.CharField(choices=[('spam', 'Spam or advertising'), ('abuse', 'Abuse or harassment'), ('hate', 'Attacks a group of people'), ('off_topic', 'Off topic'), ('other', 'Something else')], max_length=16, verbose_name='reason')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('resolved', models.BooleanField(default=False)),
                ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='discussion.comment')),
            ],
            options={
                'db_table': 'discussion_report',
                'verbose_name': 'report',
                'verbose_name_plural': 'reports',
                'constraints': [models.UniqueConstraint(fields=('comment', 'reporter'), name='report_once'), models.UniqueConstraint(condition=models.Q(('counted', True), models.Q(('address_hash', ''), _negated=True)), fields=('comment', 'address_hash'), name='report_counted_once_per_address')],
            },
        ),
    ], database_operations=[])]
