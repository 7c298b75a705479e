"""Filter helpers shared by every app's FilterSets (the page's filter form and the API's
``?field=`` alike). An app's own query (a partner search) stays in that app's filters."""

from __future__ import annotations

from typing import Any

import django_filters


class CountryFilter(django_filters.ModelChoiceFilter):
    """``?country=GT``: the record's member state by ISO code (a drop-down on the page).

    ``path`` is the lookup from the filtered model to its member state
    (``"agreement__member_state"``); the choices are that relation's model, so core names
    no app above it.
    """

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(field_name=path, to_field_name="code", **kwargs)

    def get_queryset(self, request: Any) -> Any:
        if self.queryset is not None:
            return super().get_queryset(request)
        model = self.model
        for part in self.field_name.split("__"):
            model = model._meta.get_field(part).related_model
        return model._default_manager.all()
