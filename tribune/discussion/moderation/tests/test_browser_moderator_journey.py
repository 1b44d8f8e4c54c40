"""A moderator's day in Chromium: from the site's header to the queue, the reporter's note and
the author's record, counts that follow each decision, a ban that blocks what was chosen and
shows in the list of bans, the Staff mark on their own comment, and the admin with its link back."""


import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from tribune.core.tests.screens import shoot
from tribune.discussion.comments.identity import Reader
from tribune.discussion.comments.services import comment_post
from tribune.discussion.comments.tests.factories import (
    guest_reader,
    moderator_factory,
    thread_factory,
    user_factory,
)
from tribune.discussion.moderation.models import Block, ModerationSettings
from tribune.discussion.moderation.services.decisions import comment_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def signed_in(chromium, live_server, user, width=1440):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page




def test_moderator_works_through_reports_and_bans_from_the_sites_header(live_server, chromium, tmp_path,
                                                                         settings):
    settings.SITE_NAME = "The Valley Courier"
    ModerationSettings.objects.create(mode="pre", report_threshold=100)
    thread = thread_factory(headline="Bridge reopens after repairs")
    held = [comment_post(thread=thread, body=f"Held comment {n}", reader=guest_reader()) for n in range(2)]
    # A troll, already approved, reported by three readers sharing one office connection.
    troll = comment_post(thread=thread, body="You are all idiots", reader=guest_reader(),
                         guest_name="Tess Troll", guest_email="tess@example.org")
    troll.status = "visible"
    troll.save(update_fields=["status"])
    for reason, note in (("abuse", "Insults every reader under this article"), ("abuse", ""), ("spam", "")):
        comment_report(comment=troll, reader=guest_reader(address="office"), reason=reason, note=note)
    moderator = moderator_factory("Nadia Mod")
    context, page = signed_in(chromium, live_server, moderator)

    # The article: the header leads to moderation.
    page.goto(live_server.url + thread.article.get_absolute_url())
    page.locator(".masthead").get_by_role("link", name="Moderation").click()
    expect(page.locator("h1")).to_have_text("Moderation")
    expect(page.locator('[data-count="pending"]')).to_have_text("2")
    expect(page.locator('[data-count="reported"]')).to_have_text("1")

    # Approving a held comment: the pending count follows without a reload.
    page.locator(f'[data-queue-item="{held[0].pk}"]').get_by_role("button", name="Approve").click()
    expect(page.locator("[data-queue-item]")).to_have_count(1)
    expect(page.locator('[data-count="pending"]')).to_have_text("1")

    # The reported queue: why, what the reporter wrote, and the author's whole record.
    page.get_by_role("link", name="Reported").click()
    item = page.locator(f'[data-queue-item="{troll.pk}"]')
    expect(item.locator(".queue__reasons")).to_contain_text("Abuse or harassment ×2")
    expect(item.locator(".queue__notes")).to_contain_text("Insults every reader under this article")
    expect(item.locator("[data-record]")).to_contain_text("3 reports")
    item.get_by_text("Ban the author").click()
    ban = item.locator(".queue__ban")
    expect(ban.get_by_label("Their email address (tess@example.org), on any device.")).to_be_checked()
    expect(ban.get_by_label("This browser: the guest's browser that wrote the comment.")).to_be_checked()
    connection = ban.get_by_label("This connection", exact=False)
    expect(connection).not_to_be_checked()
    expect(connection.locator("xpath=..")).to_contain_text("staff excepted")
    shoot(page, "moderation-queue", tmp_path)
    ban.get_by_label("Reason").fill("Insults")
    ban.get_by_role("button", name="Ban").click()
    expect(page.locator(".messages")).to_contain_text("Banned: the email address, this browser.")
    expect(page.locator('[data-count="reported"]')).to_have_text("0")
    assert sorted(Block.objects.values_list("kind", flat=True)) == ["email", "guest"]

    # Every ban shows in the list of bans, with whom it blocks.
    page.locator(".moderation__nav").get_by_role("link", name="Bans").click()
    rows = page.locator("[data-ban]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Tess Troll")
    expect(page.locator("table.bans")).to_contain_text("tess@example.org")
    shoot(page, "moderation-bans", tmp_path)

    # The moderator's own comment carries the Staff mark.
    comment_post(thread=thread, body="Please keep it civil.", reader=Reader(user=moderator, address_hash="office"))
    page.goto(live_server.url + thread.article.get_absolute_url())
    staff_comment = page.locator(".comment", has_text="Please keep it civil.")
    expect(staff_comment.locator(".comment__mark--staff")).to_have_text("Staff")
    context.close()

    # An editor in the admin: the site's name, and the link to moderation.
    editor = user_factory("Ed Itor", is_staff=True, is_superuser=True)
    context, page = signed_in(chromium, live_server, editor)
    page.goto(live_server.url + "/admin/")
    expect(page.locator("#site-name")).to_have_text("The Valley Courier")
    assert page.title().endswith("| The Valley Courier")
    page.locator("#user-tools").get_by_role("link", name="Moderation").click()
    expect(page.locator("h1")).to_have_text("Moderation")
    context.close()
