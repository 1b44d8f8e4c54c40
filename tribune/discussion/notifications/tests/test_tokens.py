"""Signed links: each works only for its purpose and its address."""

import pytest

from tribune.discussion.notifications import tokens


def test_each_link_only_works_for_its_own_purpose():
    manage = tokens.manage_token(subscriber_id=7)
    unsubscribe = tokens.unsubscribe_token(subscriber_id=7, scope="all")
    confirm = tokens.confirm_token(subscriber_id=7, email="a@example.org")
    assert tokens.manage_token_read(manage) == 7
    assert tokens.unsubscribe_token_read(unsubscribe) == (7, "all")
    assert tokens.confirm_token_read(confirm) == (7, "a@example.org")
    for read, token in [(tokens.manage_token_read, unsubscribe), (tokens.unsubscribe_token_read, manage),
                        (tokens.confirm_token_read, manage), (tokens.manage_token_read, confirm)]:
        with pytest.raises(tokens.TokenInvalidError):
            read(token)


def test_a_changed_link_is_refused():
    token = tokens.unsubscribe_token(subscriber_id=7, scope="s1")
    other = tokens.unsubscribe_token(subscriber_id=8, scope="s1")
    forged = other.split(":")[0] + ":" + token.split(":", 1)[1]
    with pytest.raises(tokens.TokenInvalidError):
        tokens.unsubscribe_token_read(forged)
    for junk in ("", "x", "a:b:c", "🙂" * 40):
        with pytest.raises(tokens.TokenInvalidError):
            tokens.manage_token_read(junk)
