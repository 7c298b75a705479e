"""The strategy's configuration under /api/v1/, read only: the lists of the codes.

Records name a step, a kind of resource or an axis by its code (``"identify"``); these
lists say which codes there are. The configuration file is what changes them.
"""

from __future__ import annotations

from rest_framework.filters import SearchFilter

from mobiliza.core.drf.filters import FilterBackend, OrderingFilter
from mobiliza.core.drf.viewsets import CodeListViewSet
from mobiliza.plan import models
from mobiliza.plan.api import filters, serializers

BACKENDS = [FilterBackend, SearchFilter, OrderingFilter]
NAMED = ["code", "name_es", "name_en"]


class StrategicAxisViewSet(CodeListViewSet):
    queryset = models.StrategicAxis.objects.all()
    serializer_class = serializers.StrategicAxisSerializer
    filter_backends = BACKENDS
    search_fields = NAMED
    ordering_fields = ["position", "code"]


class ResourceKindViewSet(CodeListViewSet):
    queryset = models.ResourceKind.objects.all()
    serializer_class = serializers.ResourceKindSerializer
    filter_backends = BACKENDS
    search_fields = NAMED
    ordering_fields = ["position", "code"]


class ResourceCategoryViewSet(CodeListViewSet):
    queryset = models.ResourceCategory.objects.select_related("kind")
    serializer_class = serializers.ResourceCategorySerializer
    filter_backends = BACKENDS
    filterset_class = filters.ResourceCategoryFilter
    search_fields = NAMED
    ordering_fields = ["position", "code"]


class SourceTypeViewSet(CodeListViewSet):
    queryset = models.SourceType.objects.all()
    serializer_class = serializers.SourceTypeSerializer
    filter_backends = BACKENDS
    search_fields = NAMED
    ordering_fields = ["position", "code"]


class MobilizationStepViewSet(CodeListViewSet):
    queryset = models.MobilizationStep.objects.all()
    serializer_class = serializers.MobilizationStepSerializer
    filter_backends = BACKENDS
    search_fields = NAMED
    ordering_fields = ["position", "number", "code"]


class StepActionViewSet(CodeListViewSet):
    queryset = models.StepAction.objects.select_related("step")
    serializer_class = serializers.StepActionSerializer
    filter_backends = BACKENDS
    filterset_class = filters.StepActionFilter
    search_fields = ["code", "text_es", "text_en"]
    ordering_fields = ["position", "code"]
