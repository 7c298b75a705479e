"""Likely duplicate partners: same acronym, similar names in either language, same website.

The same body is often entered twice, once by its Spanish name and once by its
English one or by its acronym ("UNODC" and "Oficina de las Naciones Unidas contra la
Droga y el Delito"). Three signals are compared, accent- and case-insensitively:

- acronyms: the same acronym, or an acronym equal to the initials of the other's
  name in either language ("OIM" and "Organización Internacional para las Migraciones");
- names: rapidfuzz's ``token_set_ratio`` (see :func:`name_similarity`) across both
  languages, after dropping stop
  words ("de", "la", "the", "of"...) and words that almost every body's name holds
  ("organización", "international"...), which otherwise make unrelated bodies look alike;
- websites: the same domain, without "www.".

The candidates are read with one query of the few fields needed. That is fine up to a
few thousand partners; at a larger scale the database should pre-filter them first
(same acronym or domain, or a trigram index on the normalised names).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from mobiliza.directory.search import normalise

# Words that say nothing about which body a name is.
STOP_WORDS = frozenset(
    "a al and contra de del el en for la las los of on para por the to y".split()
)
# Words so common in the names of bodies that sharing them means little.
GENERIC_WORDS = frozenset(
    """
    asociacion association comite committee foundation fundacion inc institute instituto
    internacional international ltd nacional national naciones nations office oficina
    organisation organization organizacion programa programme program sa unidas united
    """.split()
)
NAME_THRESHOLD = 88  # name_similarity from which two names are reported as similar
SCORE_ACRONYM = 1.0
SCORE_INITIALS = 0.9
SCORE_DOMAIN = 0.95
FIELDS = ("pk", "name_es", "name_en", "acronym", "website", "member_state")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")


@dataclass
class DuplicateMatch:
    """A partner that may be the same body, how sure we are (0..1) and why."""

    partner: Any
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Prepared:
    """What the comparison needs of a record, computed once."""

    item: Any
    pk: Any
    acronym: str
    initials: set[str]
    names: list[str]  # significant words of each name, joined by spaces
    domain: str
    label: str


def _acronym_key(text: str) -> str:
    return _NON_ALNUM.sub("", normalise(text))


def _significant_words(name: str) -> list[str]:
    return [w for w in _WORD.findall(normalise(name)) if w not in STOP_WORDS]


def name_key(name: str) -> str:
    """The words of a name that tell bodies apart: "Save the Children International"
    → "save children"."""
    words = _significant_words(name)
    distinctive = [w for w in words if w not in GENERIC_WORDS]
    return " ".join(distinctive or words)


def name_similarity(a: str, b: str) -> float:
    """0..100: ``token_set_ratio`` tempered by ``token_sort_ratio``.

    ``token_set_ratio`` alone gives 100 to any name wholly contained in a longer one
    ("Cruz Roja" in "Cruz Roja Guatemalteca", "Plan" in "Plan Guatemala"); averaging
    with the order-free full comparison keeps identical and misspelt names high and
    lets a distinctive extra word lower the score.
    """
    return (
        fuzz.token_set_ratio(a, b, processor=None) + fuzz.token_sort_ratio(a, b, processor=None)
    ) / 2


def initials(name: str) -> str:
    """ "United Nations Office on Drugs and Crime" → "unodc" (stop words skipped)."""
    words = _significant_words(name)
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def website_domain(url: str) -> str:
    """ "https://www.iom.int/es" → "iom.int"."""
    text = (url or "").strip().lower()
    if not text:
        return ""
    if "//" not in text:
        text = "//" + text
    host = urlsplit(text).hostname or ""
    return host.removeprefix("www.")


def _get(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name) or ""
    return getattr(item, name, "") or ""


def _prepare(item: Any) -> _Prepared:
    name_es, name_en = str(_get(item, "name_es")), str(_get(item, "name_en"))
    acronym = _acronym_key(str(_get(item, "acronym")))
    if not acronym:
        # A name typed as a bare acronym ("UNODC") is compared as an acronym too.
        for name in (name_es, name_en):
            if name and " " not in name.strip() and name.strip().isupper():
                acronym = _acronym_key(name)
                break
    names = []
    for name in (name_es, name_en):
        key = name_key(name)
        if key and key not in names:
            names.append(key)
    return _Prepared(
        item=item,
        pk=_get(item, "pk") or None,
        acronym=acronym if len(acronym) >= 2 else "",
        initials={i for i in (initials(name_es), initials(name_en)) if i},
        names=names,
        domain=website_domain(str(_get(item, "website"))),
        label=name_es or name_en,
    )


def _compare(a: _Prepared, b: _Prepared) -> tuple[float, list[str]]:
    """How likely ``a`` and ``b`` are the same body, and the reasons, in the reader's language."""
    scores: list[float] = []
    reasons: list[str] = []
    if a.acronym and a.acronym == b.acronym:
        scores.append(SCORE_ACRONYM)
        reasons.append(_("Same acronym ({acronym})").format(acronym=a.acronym.upper()))
    else:
        for one, other in ((a, b), (b, a)):
            if one.acronym and one.acronym in other.initials:
                scores.append(SCORE_INITIALS)
                reasons.append(
                    _("The acronym {acronym} matches the initials of “{name}”").format(
                        acronym=one.acronym.upper(), name=other.label
                    )
                )
                break
    best = 0.0
    for name_a in a.names:
        for name_b in b.names:
            best = max(best, name_similarity(name_a, name_b))
    if best >= NAME_THRESHOLD:
        scores.append(best / 100)
        reasons.append(_("Similar names ({percent}% alike)").format(percent=round(best)))
    if a.domain and a.domain == b.domain:
        scores.append(SCORE_DOMAIN)
        reasons.append(_("Same website domain ({domain})").format(domain=a.domain))
    if not scores:
        return 0.0, []
    # Each further signal that agrees makes the match a little surer.
    score = min(1.0, max(scores) + 0.05 * (len(scores) - 1))
    return round(score, 2), reasons


def _candidate_rows(candidates: Any) -> Iterable[Any]:
    from mobiliza.directory.models import Partner

    if candidates is None:
        candidates = Partner.objects.all()
    if isinstance(candidates, QuerySet):
        # One query, only the fields compared (and what a link and a scope check need).
        return candidates.only(*FIELDS).order_by()
    return candidates


def likely_duplicates(
    *,
    name_es: str,
    name_en: str = "",
    acronym: str = "",
    website: str = "",
    exclude_pk: int | None = None,
    limit: int = 5,
    candidates: Any = None,
) -> list[DuplicateMatch]:
    """The partners that are most likely the body described, surest first.

    ``candidates`` defaults to every partner; pass a queryset (say, those the user may
    see) or an iterable of partners or of mappings with ``name_es``, ``name_en``,
    ``acronym``, ``website`` (rows being imported), which are then returned as given.
    """
    new = _prepare({"name_es": name_es, "name_en": name_en, "acronym": acronym, "website": website})
    matches = []
    for row in _candidate_rows(candidates):
        other = _prepare(row)
        if exclude_pk is not None and other.pk == exclude_pk:
            continue
        score, reasons = _compare(new, other)
        if score:
            matches.append(DuplicateMatch(partner=row, score=score, reasons=reasons))
    matches.sort(key=lambda m: (-m.score, str(_get(m.partner, "name_es"))))
    return matches[:limit]


@dataclass
class DuplicatePair:
    """Two existing partners that may be the same body."""

    first: Any
    second: Any
    score: float
    reasons: list[str]


def duplicate_pairs(candidates: Any = None, *, limit: int = 200) -> list[DuplicatePair]:
    """Pairs of likely duplicates among ``candidates`` (default: every partner), surest first.

    Rather than comparing every pair in Python, pairs are proposed by shared acronyms,
    initials and domains (dictionaries) and by rapidfuzz's ``process.extract`` over the
    names (a loop in C), then scored by the same rules as :func:`likely_duplicates`.
    """
    prepared = [_prepare(row) for row in _candidate_rows(candidates)]
    proposals: set[tuple[int, int]] = set()
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(prepared):
        keys = {f"a:{record.acronym}"} if record.acronym else set()
        keys |= {f"a:{i}" for i in record.initials}
        if record.domain:
            keys.add(f"d:{record.domain}")
        for key in keys:
            by_key[key].append(index)
    for indexes in by_key.values():
        proposals.update(combinations(sorted(set(indexes)), 2))
    owners = [i for i, record in enumerate(prepared) for _name in record.names]
    names = [name for record in prepared for name in record.names]
    for row, name in enumerate(names):
        # process.extract loops in C (cdist would need numpy, which Mobiliza does not ship);
        # token_set_ratio is never below name_similarity, so no pair is missed.
        for _match, _score, column in process.extract(
            name,
            names,
            scorer=fuzz.token_set_ratio,
            processor=None,
            score_cutoff=NAME_THRESHOLD,
            limit=None,
        ):
            i, j = owners[row], owners[column]
            if i < j:
                proposals.add((i, j))
    pairs = []
    for i, j in proposals:
        score, reasons = _compare(prepared[i], prepared[j])
        if score:
            pairs.append(DuplicatePair(prepared[i].item, prepared[j].item, score, reasons))
    pairs.sort(key=lambda p: (-p.score, str(_get(p.first, "name_es"))))
    return pairs[:limit]
