import datetime

import pytest
from django.utils import timezone

from mobiliza.coalition.choices import ComplianceStatus
from mobiliza.coalition.models import Meeting, MeetingAgreement, MemberState
from mobiliza.coalition.selectors import registry_summary

pytestmark = pytest.mark.django_db


def _agreements(count: int, code: str, overdue: bool) -> None:
    meeting = Meeting.objects.create(title="Plenaria", date=timezone.localdate())
    state = MemberState.objects.get(code=code)
    offset = -5 if overdue else 5
    MeetingAgreement.objects.bulk_create(
        MeetingAgreement(
            meeting=meeting,
            text_es=f"Acuerdo {n}",
            responsible=state,
            deadline=timezone.localdate() + datetime.timedelta(days=offset),
            status=ComplianceStatus.PENDING,
        )
        for n in range(count)
    )


def test_focal_point_home_counts_only_its_countrys_open_agreements(cast):
    MeetingAgreement.objects.all().delete()
    _agreements(12, "GT", overdue=True)
    _agreements(3, "GT", overdue=False)
    _agreements(4, "CR", overdue=True)
    summary = registry_summary(user=cast("focal-gt"))
    assert summary.open_count == 15
    assert summary.overdue_agreements == 12
    assert len(summary.open_agreements) == 8  # the page lists the first eight by deadline
    assert {a.responsible.code for a in summary.open_agreements} == {"GT"}
    assert summary.own_country.code == "GT"


def test_secretariat_home_counts_every_open_agreement(cast):
    MeetingAgreement.objects.all().delete()
    _agreements(2, "GT", overdue=False)
    _agreements(4, "CR", overdue=True)
    summary = registry_summary(user=cast("secretariat"))
    assert summary.open_count == 6
    assert summary.overdue_agreements == 4
    assert summary.own_country is None
