"""The schema's generator: one schema, in English, whatever the reader's language.

Used by /api/schema/ and by ``manage.py spectacular`` alike (``DEFAULT_GENERATOR_CLASS``),
so a client generated from either is the same wherever it is generated.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator

SCHEMA_LANGUAGE = "en"


def _in_words(value: Any) -> Any:
    """``value`` with every lazy translation turned into its text, in the active language."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {_in_words(key): _in_words(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_in_words(item) for item in value)
    return value


class SchemaGenerator(SpectacularSchemaGenerator):
    def get_schema(self, request: Any = None, public: bool = False) -> Any:
        with translation.override(SCHEMA_LANGUAGE):
            return _in_words(super().get_schema(request=request, public=public))
