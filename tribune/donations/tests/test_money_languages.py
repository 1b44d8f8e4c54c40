"""Money is written as the page's language writes it."""

from django.utils import translation

from tribune.donations.money import money_format


def test_money_is_written_in_the_pages_language():
    assert money_format(123450, currency="USD") == "$1,234.50"
    with translation.override("fr"):
        assert money_format(123450, currency="EUR").replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    with translation.override("de"):
        assert money_format(123450, currency="EUR").replace("\xa0", " ") == "1.234,50 €"
