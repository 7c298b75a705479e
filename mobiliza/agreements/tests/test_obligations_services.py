"""The schedule of an obligation's deadlines, and recording (or undoing) a delivery."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from mobiliza.agreements.choices import ObligationKind, Recurrence
from mobiliza.agreements.models import Deadline, ReportingObligation
from mobiliza.agreements.services import deliver, schedule, update_obligation
from mobiliza.agreements.tests.test_obligations_fixtures import (
    PDF,
    make_agreement,
    make_obligation,
    make_opportunity,
    make_partner,
    state,
)

D = datetime.date


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def agreement(secretariat):
    return make_agreement(secretariat, partner=make_partner(secretariat), country="GT")


def dues(obligation: ReportingObligation) -> list[datetime.date]:
    return list(obligation.deadlines.order_by("due_on").values_list("due_on", flat=True))


def unsaved(**data) -> ReportingObligation:
    return ReportingObligation(**{"first_due_on": D(2027, 1, 31), **data})


# --- schedule -------------------------------------------------------------------------------


def test_a_one_off_obligation_has_one_deadline():
    assert schedule(unsaved(recurrence=Recurrence.ONCE)) == [D(2027, 1, 31)]


def test_monthly_from_the_31st_keeps_the_day_where_the_month_has_it():
    obligation = unsaved(recurrence=Recurrence.MONTHLY, repeat_until=D(2027, 5, 31))
    assert schedule(obligation) == [
        D(2027, 1, 31),
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2027, 4, 30),
        D(2027, 5, 31),
    ]


def test_monthly_from_the_31st_gives_the_29th_of_february_in_a_leap_year():
    obligation = ReportingObligation(
        first_due_on=D(2028, 1, 31), recurrence=Recurrence.MONTHLY, repeat_until=D(2028, 3, 31)
    )
    assert schedule(obligation) == [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31)]


@pytest.mark.parametrize(
    ("recurrence", "expected"),
    [
        (Recurrence.QUARTERLY, [D(2027, 1, 15), D(2027, 4, 15), D(2027, 7, 15), D(2027, 10, 15)]),
        (Recurrence.HALF_YEARLY, [D(2027, 1, 15), D(2027, 7, 15)]),
        (Recurrence.YEARLY, [D(2027, 1, 15)]),
    ],
)
def test_recurring_obligations_stop_at_repeat_until(recurrence, expected):
    obligation = ReportingObligation(
        first_due_on=D(2027, 1, 15), recurrence=recurrence, repeat_until=D(2027, 12, 31)
    )
    assert schedule(obligation) == expected


def test_without_repeat_until_the_schedule_ends_with_the_agreement(secretariat):
    agreement = make_agreement(
        secretariat, partner=make_partner(secretariat), ends_on=D(2027, 8, 31)
    )
    obligation = make_obligation(
        secretariat,
        agreement=agreement,
        recurrence=Recurrence.QUARTERLY,
        first_due_on=D(2027, 1, 15),
    )
    assert dues(obligation) == [D(2027, 1, 15), D(2027, 4, 15), D(2027, 7, 15)]


def test_without_any_end_the_schedule_covers_two_years(secretariat, agreement):
    obligation = make_obligation(
        secretariat,
        agreement=agreement,
        recurrence=Recurrence.HALF_YEARLY,
        first_due_on=D(2027, 1, 15),
    )
    # Two years after the first date, that date included.
    assert dues(obligation) == [
        D(2027, 1, 15),
        D(2027, 7, 15),
        D(2028, 1, 15),
        D(2028, 7, 15),
        D(2029, 1, 15),
    ]


def test_the_first_date_is_due_even_after_the_agreement_ends(secretariat):
    agreement = make_agreement(
        secretariat, partner=make_partner(secretariat), ends_on=D(2026, 12, 31)
    )
    obligation = make_obligation(
        secretariat,
        agreement=agreement,
        kind=ObligationKind.FINANCIAL_REPORT,
        recurrence=Recurrence.QUARTERLY,
        first_due_on=D(2027, 2, 28),  # the final financial report, after the end
    )
    assert dues(obligation) == [D(2027, 2, 28)]


# --- creating and changing ------------------------------------------------------------------


def test_an_obligation_copies_partner_and_country_from_its_agreement(secretariat, agreement):
    obligation = make_obligation(secretariat, agreement=agreement)
    assert obligation.partner == agreement.partner
    assert obligation.member_state == state("GT")
    deadline = obligation.deadlines.get()
    assert deadline.history.count() == 1  # created with its history
    assert deadline.history.get().history_user == secretariat


def test_an_obligation_copies_partner_and_country_from_its_opportunity(secretariat):
    partner = make_partner(secretariat)
    opportunity = make_opportunity(secretariat, partner=partner, country="HN")
    obligation = make_obligation(
        secretariat, opportunity=opportunity, kind=ObligationKind.APPLICATION
    )
    assert (obligation.partner, obligation.member_state) == (partner, state("HN"))


def test_an_obligation_needs_an_agreement_or_an_opportunity(secretariat):
    with pytest.raises(ValidationError):
        make_obligation(secretariat)


def test_a_focal_point_cannot_create_an_obligation_of_another_country(cast, agreement):
    with pytest.raises(PermissionDenied):
        make_obligation(cast("focal-hn"), agreement=agreement)
    assert make_obligation(cast("focal-gt"), agreement=agreement).member_state == state("GT")


def test_editing_the_recurrence_keeps_delivered_deadlines(secretariat, agreement):
    obligation = make_obligation(
        secretariat,
        agreement=agreement,
        recurrence=Recurrence.MONTHLY,
        first_due_on=D(2026, 9, 30),
        repeat_until=D(2027, 3, 31),
    )
    assert len(dues(obligation)) == 7
    october = obligation.deadlines.get(due_on=D(2026, 10, 30))
    deliver(user=secretariat, deadline=october, delivered_on=D(2026, 10, 29))
    obligation = update_obligation(
        user=secretariat,
        instance=obligation,
        data={"recurrence": Recurrence.QUARTERLY},
        version=obligation.version,
    )
    # The quarterly dates, plus the monthly one already delivered; undelivered ones went.
    assert dues(obligation) == [D(2026, 9, 30), D(2026, 10, 30), D(2026, 12, 30), D(2027, 3, 30)]
    assert obligation.deadlines.get(due_on=D(2026, 10, 30)).delivered_on == D(2026, 10, 29)


def test_moving_the_first_date_moves_the_pending_deadlines(secretariat, agreement):
    obligation = make_obligation(secretariat, agreement=agreement, first_due_on=D(2027, 1, 15))
    obligation = update_obligation(
        user=secretariat,
        instance=obligation,
        data={"first_due_on": D(2027, 1, 20)},
        version=obligation.version,
    )
    assert dues(obligation) == [D(2027, 1, 20)]


def test_a_stale_copy_of_an_obligation_is_refused(secretariat, agreement):
    from mobiliza.core.services import ConflictError

    obligation = make_obligation(secretariat, agreement=agreement)
    stale = obligation.version
    update_obligation(user=secretariat, instance=obligation, data={"title": "A"}, version=stale)
    with pytest.raises(ConflictError):
        update_obligation(user=secretariat, instance=obligation, data={"title": "B"}, version=stale)


# --- delivering -----------------------------------------------------------------------------


def test_delivering_records_date_person_and_document(secretariat, agreement):
    deadline = make_obligation(secretariat, agreement=agreement).deadlines.get()
    document = SimpleUploadedFile("informe.pdf", PDF, content_type="application/pdf")
    delivered = deliver(
        user=secretariat, deadline=deadline, delivered_on=D(2026, 11, 2), document=document
    )
    assert delivered.delivered_on == D(2026, 11, 2)
    assert delivered.delivered_by == secretariat
    assert delivered.document.name.endswith(".pdf")
    assert delivered.status() == "delivered"


def test_undoing_a_delivery_makes_the_deadline_pending_again(secretariat, agreement):
    deadline = make_obligation(secretariat, agreement=agreement).deadlines.get()
    document = SimpleUploadedFile("informe.pdf", PDF, content_type="application/pdf")
    deliver(user=secretariat, deadline=deadline, delivered_on=D(2026, 11, 2), document=document)
    undone = deliver(
        user=secretariat, deadline=Deadline.objects.get(pk=deadline.pk), delivered_on=None
    )
    assert (undone.delivered_on, undone.delivered_by, undone.document.name) == (None, None, "")
    assert undone.history.count() == 3  # created, delivered, undone


def test_a_delivery_cannot_be_dated_in_the_future(secretariat, agreement):
    deadline = make_obligation(secretariat, agreement=agreement).deadlines.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        deliver(user=secretariat, deadline=deadline, delivered_on=tomorrow)
    assert excinfo.value.message_dict["delivered_on"] == [
        "The delivery date cannot be in the future."
    ]


def test_a_document_that_is_not_a_document_is_refused(secretariat, agreement):
    deadline = make_obligation(secretariat, agreement=agreement).deadlines.get()
    fake = SimpleUploadedFile(
        "informe.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as excinfo:
        deliver(user=secretariat, deadline=deadline, delivered_on=D(2026, 11, 2), document=fake)
    assert "document" in excinfo.value.message_dict


def test_only_the_obligations_country_may_deliver(cast, agreement, secretariat):
    deadline = make_obligation(secretariat, agreement=agreement).deadlines.get()
    with pytest.raises(PermissionDenied):
        deliver(user=cast("focal-hn"), deadline=deadline, delivered_on=D(2026, 11, 2))
    with pytest.raises(PermissionDenied):
        deliver(user=cast("donor"), deadline=deadline, delivered_on=D(2026, 11, 2))
    delivered = deliver(user=cast("focal-gt"), deadline=deadline, delivered_on=D(2026, 11, 2))
    assert delivered.delivered_by == cast("focal-gt")
