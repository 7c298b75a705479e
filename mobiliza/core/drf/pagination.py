"""Pages of the API's lists: numbered by default, or by cursor for a large list.

``?page=3`` (and ``page_size`` up to 100) is the default. ``?cursor=`` (empty for the first
page) walks a list in id order with ``next`` links that hold their place however many
records there are, and without counting them: ``count`` is then null.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from mobiliza.core.pagination import EstimatedCountPaginator


class _ById(CursorPagination):
    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return ("pk",)


class Pagination(PageNumberPagination):
    """Pages of up to 100 items; ``count`` of a very large unfiltered list is an estimate."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = EstimatedCountPaginator
    cursor_query_param = "cursor"

    cursor: _ById | None = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        if self.cursor_query_param not in request.query_params:
            self.cursor = None
            return super().paginate_queryset(queryset, request, view)
        if request.query_params.get("ordering") or request.query_params.get("page"):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("A list read by cursor is in id order, without ordering or page.")
                    ]
                }
            )
        self.cursor = _ById()
        self.cursor.page_size = self.page_size
        return self.cursor.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        if self.cursor is None:
            return super().get_paginated_response(data)
        return Response(
            {
                "count": None,
                "next": self.cursor.get_next_link(),
                "previous": self.cursor.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["nullable"] = True
        paginated["properties"]["count"]["description"] = (
            "How many records the list has (estimated for a very large unfiltered list); "
            "null when read by cursor."
        )
        paginated["required"] = ["count", "next", "previous", "results"]
        return paginated

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 100}
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Read the list by cursor, in id order: empty for the first page, then the "
                    "`next` link's. `count` is null; not with `page` or `ordering`."
                ),
                "schema": {"type": "string"},
            }
        )
        return parameters
