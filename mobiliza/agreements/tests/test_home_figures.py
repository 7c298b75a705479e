"""The figures the home pages read from agreements: the same sums as the totals page,
the deadlines owed soon or late, a partner's own documents; each over what the reader
may see."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mobiliza.agreements.models import Acknowledgement, AgreementDocument, Deadline
from mobiliza.agreements.selectors import (
    acknowledgement_list,
    agreement_document_list,
    agreement_summary,
    contribution_summary,
    contribution_totals,
    deadline_due_summary,
)
from mobiliza.agreements.tests.test_contributions_helpers import (
    PDF,
    agreement,
    contribution,
    state,
)
from mobiliza.directory.models import Partner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["secretariat", "focal-gt", "donor", "evaluator"])
def test_the_contribution_summary_is_the_totals_grand_total_for_each_reader(cast, who):
    user = cast(who)
    year = timezone.localdate().year
    for member_state in (None, state("GT")):
        summary = contribution_summary(user=user, year=year, member_state=member_state)
        grand = contribution_totals(user=user, year=year, member_state=member_state).grand
        assert (summary.total, summary.received) == (grand.total, grand.received)


def test_a_partner_viewers_summary_counts_only_its_own_partners_contributions(cast):
    contribution(
        amount=Decimal("1000.00"), status="received", received_on=datetime.date(2024, 3, 15)
    )
    contribution(partner=Partner.objects.get(acronym="UNODC"), amount=Decimal("777.00"))
    donor = contribution_summary(user=cast("donor"), year=2024)
    everyone = contribution_summary(user=cast("secretariat"), year=2024)
    assert (donor.count, donor.total, donor.received) == (1, Decimal("1000.00"), Decimal("1000.00"))
    assert (everyone.count, everyone.total) == (2, Decimal("1777.00"))


def test_a_contribution_without_a_converted_amount_is_counted_apart(cast):
    made = contribution(amount=Decimal("50.00"))
    type(made).objects.filter(pk=made.pk).update(amount_reporting=None)
    summary = contribution_summary(user=cast("secretariat"), year=2024)
    assert summary.unconverted == 1
    assert summary.total == 0
    assert summary.count == 1


def test_the_agreement_summary_counts_those_signed_this_year_and_in_force(cast):
    today = timezone.localdate()
    before = agreement_summary(user=cast("secretariat"), year=today.year)
    agreement(status="in_force", signed_on=today)
    after = agreement_summary(user=cast("secretariat"), year=today.year)
    assert after.signed_this_year == before.signed_this_year + 1
    assert after.in_force == before.in_force + 1
    assert after.total == before.total + 1


def test_deadlines_owed_are_counted_overdue_and_due_within_the_window(cast):
    today = timezone.localdate()
    pending = Deadline.objects.filter(delivered_on__isnull=True)
    expected_overdue = pending.filter(due_on__lt=today).count()
    expected_due = pending.filter(
        due_on__gte=today, due_on__lte=today + datetime.timedelta(days=30)
    ).count()
    summary = deadline_due_summary(user=cast("secretariat"), today=today, within=30)
    assert (summary.overdue, summary.due) == (expected_overdue, expected_due)
    assert all(d.due_on <= today + datetime.timedelta(days=30) for d in summary.first)
    later = deadline_due_summary(user=cast("secretariat"), today=today, list_later=True, limit=50)
    assert len(later.first) == min(50, pending.count())


def test_a_focal_points_deadlines_are_its_countrys_and_a_partners_its_own(cast):
    today = timezone.localdate()
    guatemala = deadline_due_summary(
        user=cast("focal-gt"), today=today, member_state=state("GT"), list_later=True
    )
    assert {d.obligation.member_state.code for d in guatemala.first} == {"GT"}
    donor = deadline_due_summary(user=cast("donor"), today=today, list_later=True)
    assert {d.obligation.partner.acronym for d in donor.first} == {"OIM"}


def test_a_partner_viewer_lists_its_own_documents_and_letters_only(cast):
    own = agreement(title="Con la OIM")
    other = agreement(partner=Partner.objects.get(acronym="UNODC"), title="Con la UNODC")
    for record in (own, other):
        AgreementDocument.objects.create(
            agreement=record,
            title=f"Firmado: {record.title}",
            file=SimpleUploadedFile("convenio.pdf", PDF, content_type="application/pdf"),
        )
    thanked = contribution(status="received", received_on=datetime.date(2024, 3, 15))
    Acknowledgement.objects.create(contribution=thanked, recipient="Jefa de misión")
    donor = cast("donor")
    assert [d.title for d in agreement_document_list(user=donor)] == ["Firmado: Con la OIM"]
    assert [a.contribution for a in acknowledgement_list(user=donor)] == [thanked]
    assert len(agreement_document_list(user=cast("secretariat"))) == 2
