"""``?field=`` filters of the configuration lists: a category's kind, an action's step."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mobiliza.plan import models


class ResourceCategoryFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind__code", label=_("Kind of resource (code)"))

    class Meta:
        model = models.ResourceCategory
        fields = ["kind"]


class StepActionFilter(django_filters.FilterSet):
    step = django_filters.CharFilter(field_name="step__code", label=_("Step (code)"))

    class Meta:
        model = models.StepAction
        fields = ["step"]
