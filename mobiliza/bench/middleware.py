"""Counts the SQL queries of each request, for the benchmark: header ``X-Bench-Queries``.

Enabled only by :mod:`mobiliza.bench.bench_settings` (when ``BENCH_COUNT_QUERIES=1``);
never part of a real deployment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Queries"


class QueryCounter:
    """A ``connection.execute_wrapper`` that counts every statement sent to the database."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ):
        self.count += 1
        return execute(sql, params, many, context)


class CountQueriesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counter = QueryCounter()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(counter.count)
        return response
