"""The benchmark data generator: every kind of record, exact conversions, same seed same data."""

from __future__ import annotations

import datetime
import hashlib
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count

from mobiliza.accounts.models import User
from mobiliza.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    ContributionStatus,
    OwnContributionMechanism,
)
from mobiliza.agreements.models import (
    Acknowledgement,
    Agreement,
    Contribution,
    Deadline,
    Instalment,
    ReportingObligation,
)
from mobiliza.bench.generator import BASE_COUNTS, clear, generate
from mobiliza.bench.management.commands.generate_data import Command
from mobiliza.coalition.models import MemberState
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import convert, round_to_currency
from mobiliza.directory.models import Contact, DirectoryTerm, FundingCall, Partner
from mobiliza.directory.search import normalise
from mobiliza.directory.services import normalise_phone
from mobiliza.pipeline.choices import InteractionKind, LossReason, Outcome
from mobiliza.pipeline.models import Interaction, Opportunity, StageChange
from mobiliza.plan.models import MobilizationStep, ResourceCategory, ResourceKind, SourceType

UNTIL = datetime.date(2026, 1, 31)

EVERY_KIND = [
    ExchangeRate,
    Partner,
    Contact,
    FundingCall,
    Opportunity,
    StageChange,
    Interaction,
    Agreement,
    Contribution,
    Instalment,
    Acknowledgement,
    ReportingObligation,
    Deadline,
]


def digest() -> str:
    """A fingerprint of the generated data that does not depend on database ids."""
    hasher = hashlib.sha256()
    columns = {
        Partner: ["name_es", "name_en", "acronym", "search_text", "member_state__code"],
        Contact: ["partner__name_es", "full_name", "email", "phone"],
        Opportunity: ["title", "step__code", "outcome", "expected_amount", "currency"],
        StageChange: ["opportunity__title", "step__code", "outcome", "moved_at"],
        Interaction: ["partner__name_es", "kind", "occurred_on", "subject"],
        Contribution: ["description_es", "amount", "currency", "value_date", "amount_reporting"],
        Deadline: ["obligation__title", "due_on", "delivered_on"],
        ExchangeRate: ["currency", "date", "rate"],
    }
    for model, fields in columns.items():
        for row in model.objects.order_by("pk").values_list(*fields):
            hasher.update(repr(row).encode())
    return hasher.hexdigest()


@pytest.mark.django_db
def test_a_smoke_test_factor_makes_at_least_one_record_of_each_kind():
    clear()
    counts = generate(0.01, until=UNTIL)

    for model in EVERY_KIND:
        assert model.objects.exists(), model.__name__
    assert counts["Partner"] == Partner.objects.count() == 5
    assert counts["Interaction"] == BASE_COUNTS["interactions"] // 100
    assert Contribution.objects.filter(is_own_contribution=True, partner=None).exists()


@pytest.mark.django_db
def test_rates_cover_five_years_of_eight_currencies_every_day():
    clear()
    generate(0.01, until=UNTIL)

    days = (UNTIL - datetime.date(2021, 1, 31)).days + 1
    per_currency = dict(ExchangeRate.objects.values_list("currency").annotate(n=Count("pk")))
    assert sorted(per_currency) == sorted(["EUR", "MXN", "GTQ", "HNL", "CRC", "DOP", "NIO", "CAD"])
    assert set(per_currency.values()) == {days}


@pytest.mark.django_db
def test_every_contribution_is_converted_exactly_at_the_rate_of_its_value_date():
    clear()
    generate(0.01, until=UNTIL)

    rates = {(r.currency, r.date): r.rate for r in ExchangeRate.objects.all()}
    for contribution in Contribution.objects.all():
        if contribution.currency == contribution.reporting_currency:
            assert contribution.amount_reporting == contribution.amount
            continue
        assert contribution.rate == rates[(contribution.currency, contribution.rate_date)]
        assert contribution.rate_date == contribution.value_date
        assert contribution.amount_reporting == round_to_currency(
            contribution.amount * contribution.rate, contribution.reporting_currency
        )
        # The same result as the service that converts a contribution a user saves.
        conversion = convert(contribution.amount, contribution.currency, contribution.value_date)
        assert (conversion.rounded, conversion.rate) == (
            contribution.amount_reporting,
            contribution.rate,
        )


@pytest.mark.django_db
def test_stage_changes_follow_the_steps_an_opportunity_passed_in_order():
    clear()
    generate(0.05, until=UNTIL)

    steps = list(MobilizationStep.objects.order_by("position").values_list("pk", flat=True))
    moves = defaultdict(list)
    for change in StageChange.objects.order_by("opportunity", "moved_at", "pk"):
        moves[change.opportunity_id].append(change)
    for opportunity in Opportunity.objects.all():
        changes = moves[opportunity.pk]
        times = [c.moved_at for c in changes]
        assert times == sorted(times) and len(set(times)) == len(times)
        open_moves = [c.step_id for c in changes if c.outcome == Outcome.OPEN]
        assert open_moves == steps[: steps.index(opportunity.step_id) + 1]
        if opportunity.outcome != Outcome.OPEN:
            assert changes[-1].outcome == opportunity.outcome
            assert changes[-1].step_id == opportunity.step_id


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    clear()
    generate(0.01, seed=7, until=UNTIL)
    first = digest()
    clear()
    generate(0.01, seed=7, until=UNTIL)
    again = digest()
    clear()
    generate(0.01, seed=8, until=UNTIL)
    other = digest()

    assert first == again
    assert first != other


@pytest.mark.django_db
def test_factor_one_uses_every_step_outcome_kind_source_type_and_status():
    clear()
    counts = generate(1, until=UNTIL)

    assert counts["Partner"] == 500 and counts["Contribution"] == 2000
    assert set(Opportunity.objects.values_list("step", flat=True)) == set(
        MobilizationStep.objects.values_list("pk", flat=True)
    )
    assert set(Opportunity.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    assert set(
        Opportunity.objects.exclude(loss_reason="").values_list("loss_reason", flat=True)
    ) == set(LossReason.values)
    assert set(Partner.objects.values_list("source_type", flat=True)) == set(
        SourceType.objects.values_list("pk", flat=True)
    )
    assert set(Contribution.objects.values_list("kind", flat=True)) == set(
        ResourceKind.objects.values_list("pk", flat=True)
    )
    assert set(Contribution.objects.values_list("category", flat=True)) - {None} == set(
        ResourceCategory.objects.values_list("pk", flat=True)
    )
    # Every status but a suspension, which is the Presidency's act with its own record.
    assert set(Contribution.objects.values_list("status", flat=True)) == set(
        ContributionStatus.values
    ) - {ContributionStatus.SUSPENDED}
    own = Contribution.objects.filter(is_own_contribution=True)
    assert set(own.values_list("mechanism", flat=True)) == set(OwnContributionMechanism.values)
    assert not own.filter(partner__isnull=False).exists()
    assert set(Interaction.objects.values_list("kind", flat=True)) == set(InteractionKind.values)
    assert set(Agreement.objects.values_list("kind", flat=True)) == set(AgreementKind.values)
    assert set(Agreement.objects.values_list("status", flat=True)) == set(
        AgreementStatus.values
    ) - {AgreementStatus.SUSPENDED}
    assert len(set(Contribution.objects.values_list("currency", flat=True))) == 9
    # Spread over the nine member states, with regional records besides.
    states = set(Partner.objects.values_list("member_state", flat=True))
    assert states == {None, *MemberState.objects.values_list("pk", flat=True)}


@pytest.mark.django_db
def test_names_have_accents_and_contacts_valid_phones_and_partners_their_search_text():
    clear()
    generate(0.05, until=UNTIL)

    names = " ".join(Partner.objects.values_list("name_es", flat=True))
    assert any(letter in names for letter in "áéíóúñ")
    for partner in Partner.objects.all()[:50]:
        assert partner.search_text == normalise(partner.search_text)
        assert normalise(partner.name_es) in partner.search_text
    phones = list(Contact.objects.exclude(phone="").values_list("phone", flat=True))
    assert phones and all(normalise_phone(phone) == phone for phone in phones)


@pytest.mark.django_db
def test_clear_keeps_users_configuration_and_the_chart_2_terms():
    generate(0.01, until=UNTIL)
    users, states, terms = (
        User.objects.count(),
        MemberState.objects.count(),
        DirectoryTerm.objects.count(),
    )

    clear()

    for model in EVERY_KIND:
        assert not model.objects.exists(), model.__name__
    assert User.objects.count() == users
    assert MemberState.objects.count() == states
    assert DirectoryTerm.objects.count() == terms


@pytest.mark.django_db
def test_the_command_reports_progress_and_writes_no_history():
    partners_history = Partner.history.count()
    out = io.StringIO()

    call_command(Command(), "--clear", "--factor=0.01", "--until=2026-01-31", stdout=out)

    text = out.getvalue()
    assert "Partner " in text and "Contribution " in text and "Generated" in text
    assert Partner.objects.count() == 5
    assert Partner.history.count() == partners_history
