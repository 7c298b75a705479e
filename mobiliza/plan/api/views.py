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


class ConfigurationList(CodeListViewSet):
    """A list of the configuration's codes: searchable by code and name, ordered as the
    configuration file orders them."""

    filter_backends = [FilterBackend, SearchFilter, OrderingFilter]
    search_fields = ["code", "name_es", "name_en"]
    ordering_fields = ["position", "code"]


class StrategicAxisViewSet(ConfigurationList):
    queryset = models.StrategicAxis.objects.all()
    serializer_class = serializers.StrategicAxisSerializer


class ResourceKindViewSet(ConfigurationList):
    queryset = models.ResourceKind.objects.all()
    serializer_class = serializers.ResourceKindSerializer


class ResourceCategoryViewSet(ConfigurationList):
    queryset = models.ResourceCategory.objects.select_related("kind")
    serializer_class = serializers.ResourceCategorySerializer
    filterset_class = filters.ResourceCategoryFilter


class SourceTypeViewSet(ConfigurationList):
    queryset = models.SourceType.objects.all()
    serializer_class = serializers.SourceTypeSerializer


class MobilizationStepViewSet(ConfigurationList):
    queryset = models.MobilizationStep.objects.all()
    serializer_class = serializers.MobilizationStepSerializer
    ordering_fields = ["position", "number", "code"]


class StepActionViewSet(ConfigurationList):
    queryset = models.StepAction.objects.select_related("step")
    serializer_class = serializers.StepActionSerializer
    filterset_class = filters.StepActionFilter
    search_fields = ["code", "text_es", "text_en"]
    ordering_fields = ["position", "code"]
