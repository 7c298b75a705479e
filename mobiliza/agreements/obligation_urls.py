"""URL patterns (filled in by their module)."""

from typing import Any

urlpatterns: list[Any] = []
