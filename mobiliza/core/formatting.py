"""How Mobiliza writes amounts and names languages in what it sends out: letters, e-mail,
documents.

One function per question, so the coalition's regional style (still to be decided by its
daily use) changes here and nowhere else:

- :func:`format_amount`: an amount with its currency, the way the language writes numbers;
- :func:`language_tag`: the BCP 47 tag a document or an e-mail declares for a language.

Why these locales (see also ``docs/documents.md``):

- The digits are the member states': a decimal point and comma groups
  (``1,849,089.25``), in Spanish as in English. Spain's style (``1.849.089,25``) is not how
  Guatemala, Mexico, Honduras, Nicaragua, El Salvador, Panama or the Dominican Republic
  write; Babel's Latin-American Spanish (``es_419``) gives the region's digits.
- The US dollar, the currency of most figures, is ``US$`` before the number
  (``US$1,849,089.25``): the region has several dollars (Belize's, and ``$`` is also the
  Mexican peso's sign), so a bare ``$`` would be ambiguous, and ``US$`` is how the region's
  press and ministries write it. Every other currency is its ISO 4217 code before the
  number, separated by a no-break space (``GTQ 96,000.00``, ``EUR 1,200.00``): symbols
  clash or mean nothing abroad (``L`` the lempira, ``Q`` the quetzal), and a letter often
  goes to a partner outside the region. Both languages write the same, so the two halves
  of a bilingual letter agree.
- Babel's own currency patterns are not used: ``es_419`` glues the code to the number
  (``GTQ1,849,089.25``) and ``es`` writes Spain's style.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, get_currency_precision
from django.conf import settings
from django.utils.translation import get_language

# The Babel locale whose digits each interface language uses for amounts and rates.
AMOUNT_LOCALES = {"es": "es_419", "en": "en"}
# Currencies written with a sign glued before the number; the others by their code.
CURRENCY_PREFIXES = {"USD": "US$"}

# The tag documents and e-mail declare (``<html lang>``, the PDF's /Lang, Word's w:lang).
# Spanish is tagged for Central America, where the coalition's Spanish is written.
LANGUAGE_TAGS = {"es": "es-GT", "en": "en"}

NO_BREAK_SPACE = "\u00a0"


def base_language(language: str | None = None) -> str:
    """``es`` or ``en``: ``language`` (or the active one) reduced to an interface language."""
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2].lower()
    return code if code in AMOUNT_LOCALES else settings.LANGUAGE_CODE[:2]


def language_tag(language: str | None = None) -> str:
    """The BCP 47 tag of ``language`` (or the active one): ``es-GT`` or ``en``."""
    return LANGUAGE_TAGS[base_language(language)]


def currency_prefix(currency: str) -> str:
    """What is written before an amount of ``currency``: ``US$`` or ``GTQ`` and a no-break space."""
    return CURRENCY_PREFIXES.get(currency, f"{currency}{NO_BREAK_SPACE}")


def amount_locale(language: str | None = None) -> str:
    """The Babel locale of ``language``'s (or the active language's) digits."""
    return AMOUNT_LOCALES[base_language(language)]


def format_number(number: Decimal, places: int, *, language: str | None = None) -> str:
    """``number`` with comma groups and exactly ``places`` decimals: ``1,849,089.25``."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale=amount_locale(language))


def format_amount(amount: Decimal | None, currency: str, *, language: str | None = None) -> str:
    """``US$1,849,089.25``, ``GTQ 96,000.00``, ``-US$12.50`` in both languages; never a float.

    The amount is rounded half up to the currency's places, as amounts are stored and
    added up (Babel alone would round half to even). ``language`` defaults to the active
    one. Every page, table, letter, e-mail and export text writes amounts through here
    (``core.money.format_money`` and ``{% money %}`` call it).
    """
    if amount is None:
        return "—"
    if isinstance(amount, float):  # a programming error, loudly
        raise TypeError("Money must be Decimal, never float.")
    places = get_currency_precision(currency)
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    number = format_number(abs(rounded), places, language=language)
    return f"{sign}{currency_prefix(currency)}{number}"
