"""Which address a request comes from, as rate limits, votes, floods and bans count it."""

import pytest
from django.test import RequestFactory, override_settings

from tribune.core.privacy import address_hash, address_network, client_address
from tribune.core.tests.test_configuration import run_tribune

PROXY_PROTO = ("HTTP_X_FORWARDED_PROTO", "https")


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class TestForwardedFor:
    @override_settings(PROXY_COUNT=0)
    def test_a_forged_forwarded_for_changes_nothing_without_a_proxy(self):
        assert client_address(request_from("203.0.113.5", "198.51.100.9")) == "203.0.113.5"

    @override_settings(PROXY_COUNT=0, SECURE_PROXY_SSL_HEADER=PROXY_PROTO)
    def test_trusting_the_proxys_scheme_does_not_trust_its_forwarded_for(self):
        # BEHIND_PROXY with PROXY_COUNT=0: a proxy that sets X-Forwarded-Proto but passes on
        # whatever X-Forwarded-For the client wrote.
        assert client_address(request_from("10.0.0.2", "198.51.100.9")) == "10.0.0.2"
        assert address_hash(request_from("10.0.0.2", "198.51.100.9")) == \
            address_hash(request_from("10.0.0.2", "192.0.2.44"))

    @override_settings(PROXY_COUNT=1)
    def test_with_one_proxy_entries_the_client_adds_on_the_left_are_ignored(self):
        # The client sent "X-Forwarded-For: 6.6.6.6, 7.7.7.7"; the proxy appended what it saw.
        request = request_from("10.0.0.2", "6.6.6.6, 7.7.7.7, 198.51.100.9")
        assert client_address(request) == "198.51.100.9"
        assert address_hash(request) == address_hash(request_from("10.0.0.2", "1.1.1.1,198.51.100.9"))

    @override_settings(PROXY_COUNT=2)
    def test_with_two_proxies_the_outer_ones_entry_is_the_client(self):
        assert client_address(request_from("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2")) == "198.51.100.9"

    @override_settings(PROXY_COUNT=3)
    def test_fewer_entries_than_proxies_use_the_leftmost_and_none_use_the_connection(self):
        assert client_address(request_from("10.0.0.3", "198.51.100.9, 10.0.0.2")) == "198.51.100.9"
        assert client_address(request_from("10.0.0.3", " , ")) == "10.0.0.3"
        assert client_address(request_from("10.0.0.3")) == "10.0.0.3"

    @override_settings(PROXY_COUNT=1)
    def test_junk_in_forwarded_for_never_crashes(self):
        for junk in ("unknown", "not an address", "[::1", "1.2.3.4:99999", "\u202e" * 300, "[]:80"):
            assert address_hash(request_from("10.0.0.2", junk))


class TestIpv6Networks:
    def test_addresses_in_one_64_are_one_connection_and_other_64s_are_not(self):
        one = address_hash(request_from("2001:db8:1:2::1"))
        assert one == address_hash(request_from("2001:db8:1:2:ffff:ffff:ffff:fffe"))
        assert one != address_hash(request_from("2001:db8:1:3::1"))
        assert address_network("2001:db8:1:2::1") == "2001:db8:1:2::/64"

    def test_an_ipv4_address_written_as_ipv6_is_that_ipv4_address(self):
        assert address_hash(request_from("::ffff:203.0.113.5")) == address_hash(request_from("203.0.113.5"))
        assert address_hash(request_from("203.0.113.5")) != address_hash(request_from("203.0.113.6"))

    @override_settings(PROXY_COUNT=1)
    def test_ports_and_brackets_a_proxy_leaves_on_are_dropped(self):
        assert address_network("[2001:db8:1:2::7]:443") == "2001:db8:1:2::/64"
        assert address_network("203.0.113.5:8080") == "203.0.113.5"
        assert address_hash(request_from("10.0.0.2", "[2001:db8:1:2::7]:443")) == \
            address_hash(request_from("10.0.0.2", "2001:db8:1:2::8"))

    def test_strings_that_are_no_address_are_kept_and_never_crash(self):
        for text in ("", "unknown", "fe80::1%eth0", "2001:db8::zz", "999.1.1.1", "::ffff:999.1.1.1"):
            assert isinstance(address_network(text), str)
        assert address_network("fe80::1%eth0") == "fe80::/64"
        assert address_hash(request_from("")) == address_hash(request_from("unknown"))


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "0 None"),
    ({"BEHIND_PROXY": "true"}, "1 ('HTTP_X_FORWARDED_PROTO', 'https')"),
    ({"BEHIND_PROXY": "true", "PROXY_COUNT": "0"}, "0 ('HTTP_X_FORWARDED_PROTO', 'https')"),
    ({"PROXY_COUNT": "2"}, "2 None"),
])
def test_proxy_count_comes_from_the_environment_and_behind_proxy_means_one(tmp_path, env, expected):
    result = run_tribune("shell", "-c", "from django.conf import settings; "
                         "print(settings.PROXY_COUNT, settings.SECURE_PROXY_SSL_HEADER)",
                         env_changes={"BEHIND_PROXY": "", "PROXY_COUNT": "", **env}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_a_proxy_count_that_is_no_number_stops_with_one_line(tmp_path):
    result = run_tribune("check", env_changes={"PROXY_COUNT": "two"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "tribune: PROXY_COUNT: expected a whole number, got 'two'"
