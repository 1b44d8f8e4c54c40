"""Format amounts of money in the language of the page (core.languages)."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_percent, get_currency_precision

from tribune.core.languages import formatting_locale


def money_format(amount_minor: int, *, currency: str, pattern: str = "") -> str:
    """Return `amount_minor` (cents) as text for the page's locale, e.g. "3,048 $" or "$3,048.00".

    Whole amounts drop their cents, as goal meters do.
    """
    precision = get_currency_precision(currency)
    amount = Decimal(amount_minor) / (10**precision)
    whole = amount == amount.to_integral_value()
    if not pattern:
        pattern = Locale.parse(formatting_locale()).currency_formats["standard"].pattern
    if whole:
        amount = amount.to_integral_value()
        # Drop the fraction digits of the pattern ("¤#,##0.00" becomes "¤#,##0").
        pattern = ";".join(part.split(".")[0] + _after_fraction(part) for part in pattern.split(";"))
    return format_currency(
        amount,
        currency,
        format=pattern,
        locale=formatting_locale(),
        currency_digits=not whole,
        decimal_quantization=not whole,
    )


def percent_format(share: Decimal) -> str:
    """Return a share (0.61) as a percentage for the page's locale ("61%")."""
    return format_percent(share, locale=formatting_locale())


def _after_fraction(part: str) -> str:
    """Return what follows the fraction digits of one pattern part ("0.00 ¤" gives " ¤")."""
    if "." not in part:
        return ""
    return part.split(".", 1)[1].lstrip("0#")
