"""Finding the header row and guessing which field each column fills.

A Secretariat's sheet often has a title above its header, words its titles its own way
("Siglas" for "initials or acronym") and in its own order, and has columns no field
matches. The header is the row among the first ones whose cells best match the fields'
labels (in both languages) and synonyms; each column's guess is its best fuzzy match
(rapidfuzz), each field given to one column at most. The user confirms, changes or
skips each guess; a column left without a field is skipped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.utils import translation
from rapidfuzz import fuzz

from mobiliza.core.imports.registry import ImportField

THRESHOLD = 80
HEADER_SEARCH_ROWS = 20
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: Any) -> str:
    """Lower case, without accents or punctuation: "Teléfono (contacto)" → "telefono contacto"."""
    text = unicodedata.normalize("NFKD", "" if text is None else str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", text).strip()


def is_blank(cells: Sequence[Any]) -> bool:
    return all(normalise(cell) == "" for cell in cells)


def field_words(fields: Sequence[ImportField]) -> dict[str, list[str]]:
    """Each field's label and synonyms in both languages, and its name, normalised."""
    words: dict[str, list[str]] = {f.name: [normalise(f.name)] for f in fields}
    for language in ("es", "en"):
        with translation.override(language):
            for f in fields:
                for text in (f.label, *f.synonyms):
                    word = normalise(text)
                    if word and word not in words[f.name]:
                        words[f.name].append(word)
    return words


def _score(title: str, words: list[str]) -> tuple[float, float]:
    """How well a title fits a field: the best word's fit, then, for ties, how much of the
    title it covers in any order ("Teléfono de contacto" is the contact's phone, not the
    contact, though both words are in it)."""
    if not title:
        return (0.0, 0.0)
    best = max(
        ((fuzz.token_set_ratio(title, w), fuzz.token_sort_ratio(title, w)) for w in words),
        default=(0.0, 0.0),
    )
    return (float(best[0]), float(best[1]))


def guess(header: Sequence[Any], fields: Sequence[ImportField]) -> list[str]:
    """The field name each column most likely fills, or "" (skipped)."""
    words = field_words(fields)
    titles = [normalise(cell) for cell in header]
    pairs = []
    for position, title in enumerate(titles):
        for name, candidates in words.items():
            score = _score(title, candidates)
            if score[0] >= THRESHOLD:
                pairs.append((score, position, name))
    pairs.sort(key=lambda p: (p[0], -p[1]), reverse=True)
    chosen = [""] * len(titles)
    taken: set[str] = set()
    for _fit, position, name in pairs:
        if chosen[position] or name in taken:
            continue
        chosen[position] = name
        taken.add(name)
    return chosen


def find_header(rows: Sequence[tuple[int, list[Any]]], fields: Sequence[ImportField]) -> int:
    """The index in ``rows`` of the header: among the first non-blank rows, the one whose
    cells match most fields (the first non-blank row when none matches any)."""
    best_index, best_count = -1, 0
    seen = 0
    for index, (_number, cells) in enumerate(rows):
        if is_blank(cells):
            continue
        if best_index < 0:
            best_index = index
        seen += 1
        count = sum(1 for name in guess(cells, fields) if name)
        if count > best_count:
            best_index, best_count = index, count
        if seen >= HEADER_SEARCH_ROWS:
            break
    return max(best_index, 0)


def header_key(header: Sequence[Any]) -> str:
    """What identifies a set of column titles, whatever their order."""
    titles = sorted({normalise(cell) for cell in header} - {""})
    return hashlib.sha256("\x1f".join(titles).encode()).hexdigest()
