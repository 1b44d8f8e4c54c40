import pytest
from django.test import override_settings

from tribune.discussion.comments.services import (
    ThreadUrlNotAllowedError,
    thread_for_url_get_or_create,
    thread_url_normalize,
)

pytestmark = pytest.mark.django_db


class TestThreadForUrlAnyHost:
    @override_settings(DISCUSSION_EMBED_HOSTS=["https://news.example.org"])
    def test_the_widget_is_held_to_its_hosts_but_an_import_is_not(self):
        with pytest.raises(ThreadUrlNotAllowedError):
            thread_for_url_get_or_create(url="https://elsewhere.example/page")
        thread = thread_for_url_get_or_create(url="https://elsewhere.example/page/#c1", any_host=True)
        assert thread.url == "https://elsewhere.example/page"

    def test_only_whole_http_addresses_are_accepted(self):
        for url in ("/relative/path", "javascript:alert(1)", "ftp://x.example/", ""):
            with pytest.raises(ThreadUrlNotAllowedError):
                thread_url_normalize(url=url, any_host=True)
