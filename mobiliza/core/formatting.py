"""How Mobiliza writes amounts and names languages in what it sends out: letters, e-mail,
documents.

One function per question, so the coalition's regional style (still to be decided by its
daily use) changes here and nowhere else:

- :func:`format_amount`: an amount with its currency, the way the language writes numbers;
- :func:`language_tag`: the BCP 47 tag a document or an e-mail declares for a language.

Why these locales (see also ``docs/documents.md``):

- The currency is always its ISO 4217 code, before the number and separated from it by a
  no-break space (``GTQ 96,000.00``). The coalition's states use currencies whose symbols
  clash or mean nothing abroad (``$`` is the dollar of several states, ``L`` the lempira,
  ``Q`` the quetzal), and a letter often goes to a partner outside the region. The code
  is also the same in both languages, so the two halves of a bilingual letter agree.
- The digits follow Babel's generic ``es`` and ``en`` locales: ``GTQ 96.000,00`` in Spanish,
  ``GTQ 96,000.00`` in English. ``es_GT`` was considered and not taken: it writes
  Guatemala's own style (``Q96,000.00``, decimal point), which is right for Guatemala but not
  for every member state, and glues a foreign code to the number (``USD96,000.00``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, get_currency_precision
from django.conf import settings
from django.utils.translation import get_language

# The Babel locale whose digits each interface language uses for amounts.
AMOUNT_LOCALES = {"es": "es", "en": "en"}

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


def format_amount(amount: Decimal | None, currency: str, *, language: str | None = None) -> str:
    """``GTQ 96.000,00`` in Spanish, ``GTQ 96,000.00`` in English; never a float.

    The amount is rounded half up to the currency's places, as amounts are stored and
    added up (Babel alone would round half to even). ``language`` defaults to the active one.
    """
    if amount is None:
        return "—"
    if isinstance(amount, float):  # a programming error, loudly
        raise TypeError("Money must be Decimal, never float.")
    places = get_currency_precision(currency)
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    number = format_decimal(rounded, format=pattern, locale=AMOUNT_LOCALES[base_language(language)])
    return f"{currency}{NO_BREAK_SPACE}{number}"
