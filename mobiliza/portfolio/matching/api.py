"""``GET /api/v1/projects/{id}/matches/?on=YYYY-MM-DD``: the partners that fit a project.

The contract (DESIGN.md): ``{"results": [{"partner": id, "score": 0..1, "fits": bool,
"reasons": [...]}, ...]}``, best first, every partner the reader may see. Each item also
carries ``reason_codes`` (one code per reason, in the same order) and the partner's name.
Reasons are in the reader's language (``Accept-Language``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from mobiliza.core.drf.dates import PlainDateField
from mobiliza.core.drf.schema import ErrorSerializer
from mobiliza.core.permissions import actor_for, restrict
from mobiliza.portfolio.matching.scoring import rank_partners
from mobiliza.portfolio.models import Project


class MatchesQuery(serializers.Serializer):
    on = PlainDateField(required=False)


MATCH = inline_serializer(
    "PartnerMatch",
    {
        "partner": serializers.IntegerField(),
        "name": serializers.CharField(),
        "score": serializers.FloatField(min_value=0, max_value=1),
        "fits": serializers.BooleanField(),
        "reasons": serializers.ListField(child=serializers.CharField()),
        "reason_codes": serializers.ListField(child=serializers.CharField()),
    },
)


class ProjectMatchesView(APIView):
    """Every partner the reader may see, ranked for the project: fitting ones first."""

    # A project the reader may not see is a 404, like any record outside their scope.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "on",
                OpenApiTypes.DATE,
                description="The date at which calls must be open (YYYY-MM-DD); today by default.",
            )
        ],
        responses={
            200: inline_serializer(
                "PartnerMatches",
                {"on": serializers.DateField(), "results": serializers.ListField(child=MATCH)},
            ),
            400: ErrorSerializer,
        },
    )
    def get(self, request: Any, pk: int) -> Response:
        if actor_for(request.user).only_partner_viewer:
            raise NotFound
        project = restrict(Project.objects.all(), request.user, "view").filter(pk=pk).first()
        if project is None:
            raise NotFound
        query = MatchesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        matches = rank_partners(project, request.user, on=on)
        return Response(
            {
                "on": on.isoformat(),
                "results": [
                    {
                        "partner": m.partner.pk,
                        "name": str(m.partner),
                        "score": float(m.score),
                        "fits": m.fits,
                        "reasons": m.reason_texts,
                        "reason_codes": [r.code for r in m.reasons],
                    }
                    for m in matches
                ],
            }
        )
