"""How a partner's name and a contact's greeting are written in a letter's sentences.

Spanish puts an article before most institutions' names ("agradecemos a *la* Oficina de
las Naciones Unidas", "*al* Fondo de Población") and English before some ("we thank *the*
United Nations Office", but "we thank Guatemalan Red Cross"). A partner keeps its article in
each language (``article_es``, ``article_en``); :func:`guess_article_es` and
:func:`guess_article_en` propose one from the name's first words when a partner is created
(migration ``0008`` filled them the same way for the partners that existed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mobiliza.directory.choices import ArticleEn, ArticleEs, Salutation

# The first word of a name, and the article it takes (a noun's gender in Spanish).
FEMININE = {
    "oficina",
    "organización",
    "organizacion",
    "agencia",
    "embajada",
    "unión",
    "union",
    "fundación",
    "fundacion",
    "comisión",
    "comision",
    "cooperación",
    "cooperacion",
    "universidad",
    "asociación",
    "asociacion",
    "secretaría",
    "secretaria",
    "red",
    "alianza",
    "iniciativa",
    "corporación",
    "corporacion",
    "coalición",
    "coalicion",
    "delegación",
    "delegacion",
    "dirección",
    "direccion",
    "procuraduría",
    "procuraduria",
    "fiscalía",
    "fiscalia",
    "mesa",
    "liga",
    "federación",
    "federacion",
}
MASCULINE = {
    "fondo",
    "banco",
    "programa",
    "gobierno",
    "ministerio",
    "instituto",
    "departamento",
    "consejo",
    "centro",
    "comité",
    "comite",
    "observatorio",
    "servicio",
    "sistema",
    "alto",
    "parlamento",
    "grupo",
    "foro",
    "movimiento",
    "colectivo",
    "proyecto",
    "despacho",
}
MASCULINE_PLURAL = {"estados", "países", "paises", "servicios", "amigos"}
FEMININE_PLURAL = {"naciones", "hermanas", "misioneras"}

# English names that take "the": their first word, or their first two.
THE_FIRST_WORDS = {
    "office",
    "organization",
    "organisation",
    "european",
    "embassy",
    "agency",
    "world",
    "international",
    "inter-american",
    "united",
    "fund",
    "bank",
    "programme",
    "program",
    "government",
    "ministry",
    "institute",
    "department",
    "council",
    "commission",
    "secretariat",
    "foundation",
    "regional",
    "national",
    "global",
    "pan",
    "pan-american",
    "delegation",
    "association",
    "centre",
    "center",
    "committee",
    "coalition",
    "network",
    "alliance",
    "american",
    "spanish",
    "german",
    "swiss",
    "canadian",
    "japan",
    "korea",
    "high",
}

# ... or that hold one of these nouns ("the Food and Agriculture Organization", "the
# Central American Integration System"); "Guatemalan Red Cross", "Save the Children" do not.
INSTITUTION_NOUNS = {
    "office",
    "organization",
    "organisation",
    "bank",
    "foundation",
    "network",
    "system",
    "observatory",
    "department",
    "committee",
    "ministry",
    "fund",
    "programme",
    "program",
    "agency",
    "embassy",
    "union",
    "council",
    "commission",
    "institute",
    "university",
    "secretariat",
    "alliance",
    "association",
    "coalition",
    "centre",
    "center",
    "federation",
    "delegation",
    "initiative",
    "service",
}


def _first_word(name: str) -> str:
    words = (name or "").strip().split()
    return words[0].lower().strip("«»\"'“”(") if words else ""


def guess_article_es(name: str) -> str:
    """The article a Spanish institution's ``name`` most likely takes (``-`` for none)."""
    first = _first_word(name)
    if first in FEMININE:
        return ArticleEs.LA
    if first in MASCULINE:
        return ArticleEs.EL
    if first in MASCULINE_PLURAL:
        return ArticleEs.LOS
    if first in FEMININE_PLURAL:
        return ArticleEs.LAS
    return ArticleEs.NONE


def guess_article_en(name: str) -> str:
    """Whether an English institution's ``name`` most likely takes "the" (``-`` for none)."""
    words = {w.lower().strip(",.()") for w in (name or "").split()}
    if _first_word(name) in THE_FIRST_WORDS or words & INSTITUTION_NOUNS:
        return ArticleEn.THE
    return ArticleEn.NONE


# Spanish contracts "a el" into "al" and "de el" into "del".
_CONTRACTIONS = {("a", "el"): "al", ("de", "el"): "del"}


def with_article(name: str, article: str, *, language: str, preposition: str = "") -> str:
    """``name`` as written in a sentence, after ``preposition`` ("a", "de"; none in English).

    >>> with_article("Fondo de Población", "el", language="es", preposition="a")
    'al Fondo de Población'
    >>> with_article("United Nations Office", "the", language="en")
    'the United Nations Office'
    """
    article = "" if article in ("", "-") else article
    if language == "es":
        joined = _CONTRACTIONS.get((preposition, article))
        words = [joined] if joined else [w for w in (preposition, article) if w]
    else:
        words = [w for w in (preposition, article) if w]
    return " ".join([*words, name]) if name else ""


def partner_article(partner: Any, language: str) -> str:
    """The article ``partner``'s name takes in ``language`` ("es" or "en")."""
    if partner is None:
        return ""
    return getattr(partner, f"article_{language}", "") or ""


def greeting(contact: Any, language: str) -> str:
    """A letter's greeting line for ``contact``, in the active ``language``: "Estimada Sra.
    Laura Méndez:" / "Dear Ms Laura Méndez,". Without a known form of address Spanish, whose
    greetings are gendered, opens with a neutral formula instead of "Estimado/a"."""
    values = {"name": contact.full_name}
    formulas: dict[str, Callable[[], str]] = {
        Salutation.MR: lambda: _("Dear Mr {name},"),
        Salutation.MS: lambda: _("Dear Ms {name},"),
        Salutation.DR_M: lambda: pgettext("greeting a man", "Dear Dr {name},"),
        Salutation.DR_F: lambda: pgettext("greeting a woman", "Dear Dr {name},"),
        Salutation.EXCMO: lambda: pgettext("greeting a man", "Your Excellency {name},"),
        Salutation.EXCMA: lambda: pgettext("greeting a woman", "Your Excellency {name},"),
    }
    formula = formulas.get(str(getattr(contact, "salutation", "") or ""))
    if formula is not None:
        return formula().format(**values)
    if language == "es":
        return _("Please accept our cordial greetings.")
    return _("Dear {name},").format(**values)
