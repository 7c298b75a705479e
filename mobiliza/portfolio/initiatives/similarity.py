"""Projects and initiatives that resemble a new one (section 1.2, checklist item 5).

The method, deterministic: every text is accent-folded, lower-cased and stripped of the
words that carry no meaning ("de", "the", "para"...). Two names are compared with
rapidfuzz's ``token_set_ratio`` in every pairing of languages (a Spanish name against the
other's English one too), and the best pairing counts; descriptions likewise, on their
first words. The score is ``0.75 × name + 0.25 × description`` when both records have a
description, the name's alone otherwise; a name that shares fewer than two meaningful
words scores nothing, so that one common word ("curso", "study") is no resemblance.
Records scoring at least :data:`THRESHOLD` are returned, best first (ties by id).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

THRESHOLD = 0.65
NAME_WEIGHT = 0.75
DESCRIPTION_WORDS = 120
STOPWORDS = frozenset(
    """a al and by con de del el en for from in into la las los of on or para por the to
    un una unos unas with y e o u sobre entre their its su sus que is are this esta este""".split()
)
# Words every record of a coalition against trafficking uses: they tell no project apart.
COMMON_WORDS = frozenset(
    """trata personas trafficking persons human trafico ilicito smuggling migrantes migrants
    victimas victims proyecto project iniciativa initiative""".split()
)


@dataclass(frozen=True)
class Similar:
    """A project like the one entered: how much (0 to 1) and why."""

    project: Any
    score: float
    reason: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    def __iter__(self) -> Any:  # (project, score, reason)
        return iter((self.project, self.score, self.reason))


def fold(text: str) -> str:
    """``text`` lower-cased, without accents, punctuation or meaningless words."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return " ".join(w for w in words if w not in STOPWORDS and w not in COMMON_WORDS)


def _best(mine: list[str], theirs: list[str]) -> float:
    best = 0.0
    for a in mine:
        for b in theirs:
            if len(set(a.split()) & set(b.split())) < 2 and a != b:
                continue
            best = max(best, fuzz.token_set_ratio(a, b) / 100)
    return best


def _folded(*texts: str, words: int | None = None) -> list[str]:
    result = []
    for text in texts:
        folded = fold(text)
        if words is not None:
            folded = " ".join(folded.split()[:words])
        if folded:
            result.append(folded)
    return result


def similar_projects(
    *,
    name_es: str = "",
    name_en: str = "",
    description_es: str = "",
    description_en: str = "",
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[Similar]:
    """The existing, associated and past projects and initiatives (every state) like the
    one described, best first: ``(project, score, reason)``, at most ``limit`` of them.

    Two queries: the names and descriptions of every project, then the few found.
    """
    from mobiliza.portfolio.models import Project

    names = _folded(name_es, name_en)
    descriptions = _folded(description_es, description_en, words=DESCRIPTION_WORDS)
    if not names and not descriptions:
        return []
    rows = Project.objects.values_list(
        "pk", "name_es", "name_en", "description_es", "description_en"
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    scored: list[tuple[float, int, float, float]] = []
    for pk, other_es, other_en, other_desc_es, other_desc_en in rows.iterator(chunk_size=2000):
        name_score = _best(names, _folded(other_es, other_en)) if names else 0.0
        theirs = _folded(other_desc_es, other_desc_en, words=DESCRIPTION_WORDS)
        description_score = _best(descriptions, theirs) if descriptions and theirs else 0.0
        if descriptions and theirs and names:
            score = NAME_WEIGHT * name_score + (1 - NAME_WEIGHT) * description_score
            score = max(score, name_score if name_score >= 0.9 else 0.0)
        elif names:
            score = name_score
        else:
            score = description_score
        if score >= THRESHOLD:
            scored.append((round(score, 4), pk, name_score, description_score))
    scored.sort(key=lambda row: (-row[0], row[1]))
    scored = scored[:limit]
    found = Project.objects.only(
        "pk", "name_es", "name_en", "state", "kind", "scope", "code"
    ).in_bulk([pk for _score, pk, _n, _d in scored])
    result = []
    for score, pk, name_score, description_score in scored:
        reasons = []
        if name_score >= THRESHOLD:
            reasons.append(
                _("a name like this one (%(percent)s%%)") % {"percent": round(name_score * 100)}
            )
        if description_score >= THRESHOLD:
            reasons.append(
                _("a description like this one (%(percent)s%%)")
                % {"percent": round(description_score * 100)}
            )
        result.append(Similar(found[pk], score, "; ".join(reasons)))
    return result
