from rest_framework.pagination import PageNumberPagination

from mobiliza.core.pagination import EstimatedCountPaginator


class Pagination(PageNumberPagination):
    """Pages of up to 100 items; ``count`` of a very large unfiltered list is an estimate."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = EstimatedCountPaginator
