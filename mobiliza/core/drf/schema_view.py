"""The schema's address, /api/schema/: one schema, in English, whatever the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

SCHEMA_LANGUAGE = "en"


class SchemaView(SpectacularAPIView):
    """The schema, always in English: its names and texts do not follow the reader's language."""

    @extend_schema(exclude=True)
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return self._get_schema_response(request)

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with translation.override(SCHEMA_LANGUAGE):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # the descriptions are lazy: render them in English
        return response
