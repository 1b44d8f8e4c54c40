"""Store a stream of neutral import records (see discussion.portability) in one transaction.

Comments are inserted in batches, one prepared statement per batch (core.rows.rows_insert);
replies are linked to their parents, and every comment's root is computed, in SQL once all rows
are in (import_links), so the importer keeps only the thread map in memory however big the
file. A comment already stored under the same source and id is left as it is, so importing a
file twice changes nothing. Any exception leaves the database as it was.
"""

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tribune.core.rows import InsertRow, pks_reserve, rows_insert
from tribune.core.text import COMMENT, render_markdown, sanitize_html
from tribune.discussion.comments import conf
from tribune.discussion.comments.models import Anchor, Comment, Thread, Vote, comment_fields_derive
from tribune.discussion.comments.services.anchors import anchors_relocate
from tribune.discussion.comments.services.threads import threads_published_recount
from tribune.discussion.comments.signals import thread_changed
from tribune.discussion.notifications.models import Subscriber, Subscription
from tribune.newsroom.models import Article
from tribune.newsroom.services import article_cache_invalidate

from ..export import export_site_tag
from ..readers.clean import text_to_html
from ..records import (
    DELETED,
    VISIBLE,
    AnchorRecord,
    ArticleRecord,
    CommentRecord,
    Problem,
    SubscriptionRecord,
    ThreadRecord,
    VoteRecord,
)
from ..report import ImportReport
from .import_links import comment_tree_link
from .import_threads import ThreadResolver

BATCH = 2000


def comments_import(
    *,
    records: Iterable,
    report: ImportReport,
    dry_run: bool = False,
    create_articles: bool = False,
    base_url: str = "",
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Store `records` (articles, threads, comments, votes, problems) and return the report.

    All or nothing: the records are read and stored inside one transaction, and an exception
    from the reader (a file that is not what it claims) or the database rolls everything back.
    With `dry_run` everything runs, then rolls back. Call it with the reader's generator.
    """
    report.dry_run = dry_run
    with transaction.atomic():
        writer = _Writer(report=report, create_articles=create_articles, base_url=base_url,
                         progress=progress)
        for record in records:
            writer.take(record)
        writer.finish()
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Writer:
    def __init__(self, *, report, create_articles, base_url, progress):
        self.report = report
        self.threads = ThreadResolver(report=report, create_articles=create_articles,
                                      base_url=base_url)
        self.progress = progress
        self.comments: dict[tuple[str, str], InsertRow] = {}
        self.votes: list[VoteRecord] = []
        self.subscriptions: list[SubscriptionRecord] = []
        self.anchors: dict[str, int] = {}
        # Articles given passages without a position (other systems): placed at the end.
        self.placed: set[int] = set()
        self.first_pk: int | None = None
        self.touched: set[int] = set()
        self.users: dict[str, int | None] = {}
        self.thread_dates: dict[int, datetime] = {}
        self.now = timezone.now()
        self.seen = 0

    def take(self, record) -> None:
        if isinstance(record, CommentRecord):
            self._comment(record)
        elif isinstance(record, VoteRecord):
            self.votes.append(record)
            if len(self.votes) >= BATCH:
                self._flush_votes()
        elif isinstance(record, ThreadRecord):
            self.threads.add(record)
        elif isinstance(record, AnchorRecord):
            self._anchor(record)
        elif isinstance(record, SubscriptionRecord):
            self.subscriptions.append(record)
        elif isinstance(record, ArticleRecord):
            self.threads.add_article(record)
        elif isinstance(record, Problem):
            self.report.add(record)

    def finish(self) -> None:
        self._flush_comments()
        self._flush_votes()
        self._subscriptions()
        for article in Article.objects.filter(pk__in=self.placed):
            anchors_relocate(article=article)
        if self.first_pk is not None:
            comment_tree_link(first_pk=self.first_pk, report=self.report)
        _threads_touch(self.touched)
        if self.progress:
            self.progress(self.report)

    def _comment(self, record: CommentRecord) -> None:
        self.seen += 1
        if self.progress and self.seen % 5000 == 0:
            self.progress(self.report)
        thread_pk = self.threads.pk_for(record.thread_key)
        if thread_pk is None:
            self.report.add(Problem(kind="comment", item=record.source_id,
                                    reason=f"its thread {record.thread_key!r} is not in the file "
                                           "or was skipped"))
            return
        key = (record.source, record.source_id)
        if key in self.comments:
            self.report.add(Problem(kind="comment", item=record.source_id,
                                    reason="the same id appears twice in the file; the first is kept"))
            return
        comment = self._build(record, thread_pk)
        if comment is None:
            return
        self.comments[key] = comment
        if len(self.comments) >= BATCH:
            self._flush_comments()

    def _build(self, record: CommentRecord, thread_pk: int) -> InsertRow | None:
        limit = conf.get("DISCUSSION_IMPORT_MAX_LENGTH")
        if len(record.body or "") > limit or len(record.body_html or "") > limit:
            self.report.add(Problem(kind="comment", item=record.source_id, skipped=False,
                                    reason=f"its text is longer than {limit} characters; the rest was cut"))
            record.body, record.body_html = (record.body or "")[:limit], (record.body_html or "")[:limit]
        body, body_html = _bodies(record)
        deleted = record.status == DELETED
        if not deleted and not _has_text(body_html):
            self.report.add(Problem(kind="comment", item=record.source_id,
                                    reason="no text left after cleaning"))
            return None
        user_pk = self._user(record)
        row = InsertRow(
            Comment,
            thread_id=thread_pk,
            user_id=user_pk,
            # A deleted comment keeps its place for its replies, but not its words or author.
            guest_name="" if deleted or user_pk else record.author_name[:80],
            guest_email="" if deleted or user_pk else record.author_email,
            guest_key_hash=record.guest_key_hash[:64],
            address_hash=record.address_hash[:64],
            body="" if deleted else body,
            body_html="" if deleted else body_html,
            status=record.status,
            created_at=record.created_at or self._thread_date(record, thread_pk),
            edited_at=record.edited_at,
            upvotes=max(record.upvotes, 0),
            downvotes=max(record.downvotes, 0),
            import_source=record.source[:32],
            import_id=record.source_id,
            import_parent_source=record.parent_source[:32] if record.parent_id else "",
            import_parent_id=record.parent_id,
            anchor_id=self.anchors.get(record.anchor_key) if record.anchor_key else None,
            is_featured=record.is_featured and record.status == VISIBLE,
            moderator_note=record.moderator_note[:300],
        )
        # The digest and the score, as save() and comment_post set them. The roots follow
        # once every row is in and the replies are linked (comment_tree_link).
        comment_fields_derive(row)
        return row

    def _thread_date(self, record: CommentRecord, thread_pk: int) -> datetime:
        """Return the date of the comment's thread for a comment without a readable date, and
        report it: a comment is never older than its page, and the import time would show a
        years-old comment as the newest."""
        if thread_pk not in self.thread_dates:
            found = Thread.objects.filter(pk=thread_pk).values_list("created_at", flat=True)
            self.thread_dates[thread_pk] = found.first() or self.now
        when = self.thread_dates[thread_pk]
        what = f"unreadable date {record.date_text!r}" if record.date_text.strip() else "no date"
        self.report.add(Problem(kind="comment", item=record.source_id, skipped=False,
                                reason=f"{what}; stored with its thread's date, "
                                       f"{when.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"))
        return when

    def _anchor(self, record: AnchorRecord) -> None:
        """Store a passage once: importing the same file again finds the one stored before."""
        article = Article.objects.filter(slug=record.article_slug).first()
        if article is None:
            self.report.add(Problem(kind="passage", item=record.key,
                                    reason=f"no article {record.article_slug!r} here"))
            return
        fields = {"exact": record.exact, "question": record.question[:300]}
        # The same passage: same article, text and question; of several, the one at this place.
        same = Anchor.objects.filter(article=article, **fields)
        anchor = same.filter(start=record.start).first() or same.first()
        if anchor is None:
            anchor = Anchor.objects.create(
                article=article, prefix=record.prefix[:64], suffix=record.suffix[:64],
                start=record.start, end=record.end,
                state=record.state if record.state in Anchor.State.values else Anchor.State.ANCHORED,
                **fields,
            )
            self.report.created["passage"] += 1
            if record.end == 0:
                # Other systems give the text but not its place: find it in the article.
                self.placed.add(article.pk)
        else:
            self.report.present["passage"] += 1
        self.anchors[record.key] = anchor.pk

    def _subscriptions(self) -> None:
        """Store who follows which thread, as they had confirmed it (no token travels)."""
        for record in self.subscriptions:
            email = record.email.strip().lower()
            thread_pk = self.threads.pk_for(record.thread_key)
            if not email or thread_pk is None or record.kind not in Subscription.Kind.values:
                self.report.add(Problem(kind="subscription", item=email or "?",
                                        reason="no address, an unknown thread or an unknown kind"))
                continue
            user_pk = self._user_pk(record.username) if record.username else None
            subscriber, _ = Subscriber.objects.get_or_create(
                email=email, defaults={"user_id": user_pk, "suppressed_at": record.suppressed_at})
            if subscriber.user_id is None and user_pk is not None:
                Subscriber.objects.filter(pk=subscriber.pk).update(user_id=user_pk)
            _, created = Subscription.objects.get_or_create(
                subscriber=subscriber, thread_id=thread_pk, kind=record.kind,
                defaults={"confirmed_at": record.confirmed_at,
                          "cadence": record.cadence if record.cadence in Subscription.Cadence.values
                          else Subscription.Cadence.EACH},
            )
            if created:
                self.report.created["subscription"] += 1
            else:
                self.report.present["subscription"] += 1

    def _voter(self, voter: str) -> str | None:
        """Return the vote's voter on this site: "user:<name>" becomes "u:<this site's id>"."""
        if not voter.startswith("user:"):
            return voter
        pk = self._user_pk(voter[5:])
        return f"u:{pk}" if pk is not None else None

    def _user(self, record: CommentRecord) -> int | None:
        if not record.username:
            return None
        pk = self._user_pk(record.username)
        if pk is None:
            self.report.add(Problem(kind="comment", item=record.source_id, skipped=False,
                                    reason=f"no account {record.username!r} here; kept as a guest's"))
            record.author_name = record.author_name or record.username
        return pk

    def _user_pk(self, username: str) -> int | None:
        if username not in self.users:
            model = get_user_model()
            found = model.objects.filter(**{model.USERNAME_FIELD: username}).values_list("pk", flat=True)
            self.users[username] = found.first()
        return self.users[username]

    def _flush_comments(self) -> None:
        if not self.comments:
            return
        batch = self.comments
        self.comments = {}
        for source in {s for s, _ in batch}:
            ids = [i for s, i in batch if s == source]
            stored = Comment.objects.filter(import_source=source, import_id__in=ids)
            for import_id in stored.values_list("import_id", flat=True):
                del batch[(source, import_id)]
                self.report.present["comment"] += 1
        # This site's own comments, exported and imported back, are the rows they came from.
        # The creation time must match too: a database rebuilt under the same SECRET_KEY reuses
        # primary keys for other comments.
        own = {pk: key for key in batch if (pk := _own_pk(*key)) is not None}
        stored = Comment.objects.filter(pk__in=own, import_source="")
        for pk, created_at in stored.values_list("pk", "created_at"):
            if batch[own[pk]].created_at == created_at:
                del batch[own[pk]]
                self.report.present["comment"] += 1
        self._link_to_own_parents(batch.values())
        created = list(batch.values())
        # Keys drawn before the INSERT, so that a top-level comment is written with its root
        # (itself) at once: setting it afterwards would write a million rows, and every index
        # entry of theirs (the text's trigrams included), a second time.
        pks = pks_reserve(Comment, len(created))
        for comment, pk in zip(created, pks, strict=True):
            comment.id = comment.pk = pk
            if comment.parent_id is None and not comment.import_parent_id:
                comment.root_id = pk
        if created and self.first_pk is None:
            # Every row the import inserts gets a key from this one on.
            self.first_pk = pks[0]
        rows_insert(Comment, created, with_pk=True)
        self.report.created["comment"] += len(created)
        self.touched.update(c.thread_id for c in created)

    def _link_to_own_parents(self, comments) -> None:
        wanted = [(c, _own_pk(c.import_parent_source, c.import_parent_id)) for c in comments]
        wanted = [(c, pk) for c, pk in wanted if pk is not None]
        if not wanted:
            return
        found = set(Comment.objects.filter(pk__in=[pk for _, pk in wanted], import_source="")
                    .values_list("pk", flat=True))
        for comment, pk in wanted:
            if pk in found:
                comment.parent_id = pk

    def _flush_votes(self) -> None:
        if not self.votes:
            return
        self._flush_comments()
        votes, self.votes = self.votes, []
        pks = {}
        for source in {v.comment_source for v in votes}:
            ids = [v.comment_id for v in votes if v.comment_source == source]
            rows = Comment.objects.filter(import_source=source, import_id__in=ids)
            pks.update({(source, i): pk for i, pk in rows.values_list("import_id", "pk")})
        own = {_own_pk(v.comment_source, v.comment_id): v for v in votes}
        own.pop(None, None)
        for pk in Comment.objects.filter(pk__in=own, import_source="").values_list("pk", flat=True):
            pks[(own[pk].comment_source, own[pk].comment_id)] = pk
        rows = []
        for vote in votes:
            pk = pks.get((vote.comment_source, vote.comment_id))
            if pk is None or vote.value not in (1, -1) or not vote.voter:
                self.report.add(Problem(kind="vote", item=f"{vote.voter} on {vote.comment_id}",
                                        reason="its comment is not here, or the vote is not ±1"))
                continue
            voter = self._voter(vote.voter)
            if voter is None:
                self.report.add(Problem(kind="vote", item=f"{vote.voter} on {vote.comment_id}",
                                        reason="no such account here"))
                continue
            rows.append(Vote(comment_id=pk, voter=voter[:80], value=vote.value,
                             address_hash=vote.address_hash[:64],
                             created_at=vote.created_at or self.now))
        added = rows_insert(Vote, rows, ignore_conflicts=True)
        self.report.created["vote"] += added
        self.report.present["vote"] += len(rows) - added


def _threads_touch(pks: set[int]) -> None:
    """Bump every changed thread's version at once; tell listeners after commit, as thread_touch
    does for one."""
    ordered = sorted(pks)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        Thread.objects.filter(pk__in=chunk).update(version=F("version") + 1)
        threads_published_recount(pks=chunk)
    threads = list(Thread.objects.filter(pk__in=ordered)) if ordered else []
    article_ids = {t.article_id for t in threads if t.article_id}
    # Many articles at once: one site-wide bump instead of one per article.
    for article_id in article_ids if len(article_ids) <= 100 else [None]:
        article_cache_invalidate(article_id=article_id)

    def announce():
        for thread in threads:
            thread_changed.send(sender=Thread, thread=thread)

    transaction.on_commit(announce)


def _own_pk(source: str, source_id: str) -> int | None:
    """Return the primary key behind this site's own export key ("tribune:<tag>-<pk>")."""
    tag, _, pk = source_id.rpartition("-")
    if source == "tribune" and tag == export_site_tag() and pk.isdigit():
        return int(pk)
    return None


def _bodies(record: CommentRecord) -> tuple[str, str]:
    body = (record.body or "").replace("\x00", "").strip()
    if record.body_format == "markdown":
        return body, render_markdown(body, profile=COMMENT)
    if record.body_format == "text":
        return body, sanitize_html(text_to_html(body), profile=COMMENT)
    if record.body_format == "rendered" and record.body_html.strip():
        return body, sanitize_html(record.body_html, profile=COMMENT)
    if record.body_format == "rendered":
        return body, render_markdown(body, profile=COMMENT)
    return body, sanitize_html(body, profile=COMMENT)


def _has_text(html: str) -> bool:
    return bool(re.sub(r"<[^>]*>|&nbsp;", "", html).strip())
