"""The pages of reporting obligations: list and filters, detail, add, edit, delete, and
recording, undoing and downloading deliveries, each with who may and who may not."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from mobiliza.agreements.choices import ObligationKind, Recurrence
from mobiliza.agreements.models import Deadline, ReportingObligation
from mobiliza.agreements.services import deliver
from mobiliza.agreements.tests.test_obligations_fixtures import (
    PDF,
    PNG,
    make_agreement,
    make_obligation,
    make_opportunity,
    make_partner,
    state,
)
from mobiliza.directory.models import Partner

LIST = "/en/resources/obligations/"
ADD = f"{LIST}add/"
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def detail(obligation) -> str:
    return f"{LIST}{obligation.pk}/"


def deliver_url(deadline) -> str:
    return f"/en/resources/deadlines/{deadline.pk}/deliver/"


def undo_url(deadline) -> str:
    return f"/en/resources/deadlines/{deadline.pk}/undo/"


def document_url(deadline) -> str:
    return f"/en/resources/deadlines/{deadline.pk}/document/"


def listed(response) -> set:
    return {row.record for row in response.context["table"].page.object_list}


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("informe.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def secretariat(cast):
    return cast("secretariat")


@pytest.fixture
def partner(secretariat):
    return make_partner(secretariat, "Fundación Calendario", acronym="FCAL")


@pytest.fixture
def gt(secretariat, partner):
    """A Guatemalan agreement's quarterly report, owed to our test partner."""
    agreement = make_agreement(secretariat, partner=partner, country="GT", title="Convenio GT")
    return make_obligation(
        secretariat,
        agreement=agreement,
        title="Informe trimestral GT",
        recurrence=Recurrence.QUARTERLY,
        first_due_on=TODAY() - 10 * DAY,
        repeat_until=TODAY() + 200 * DAY,
    )


@pytest.fixture
def hn(secretariat, partner):
    agreement = make_agreement(secretariat, partner=partner, country="HN", title="Convenio HN")
    return make_obligation(
        secretariat, agreement=agreement, title="Informe HN", first_due_on=TODAY() + 5 * DAY
    )


@pytest.fixture
def oim(secretariat):
    """An obligation owed to IOM, the partner the demo's partner viewer belongs to."""
    agreement = make_agreement(
        secretariat, partner=Partner.objects.get(acronym="OIM"), title="Convenio OIM"
    )
    return make_obligation(
        secretariat, agreement=agreement, title="Informe a la OIM", first_due_on=TODAY() - DAY
    )


# --- list -------------------------------------------------------------------------------


def test_the_list_needs_a_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_secretariat_lists_every_obligation(client, login, gt, hn, oim):
    login("secretariat")
    response = client.get(LIST)
    assert response.status_code == 200
    assert {gt, hn, oim} <= listed(response)
    assert listed(response) == set(ReportingObligation.objects.all())


def test_a_partner_viewer_lists_only_its_partners_obligations(client, login, gt, hn, oim):
    login("donor")
    response = client.get(LIST)
    assert response.status_code == 200
    rows = listed(response)
    assert oim in rows
    assert rows and all(o.partner.acronym == "OIM" for o in rows)
    assert client.get(detail(oim)).status_code == 200
    assert client.get(detail(gt)).status_code == 404
    # The partner filter does not even name other partners, and finds none of theirs.
    assert "Oficina de las Naciones Unidas" not in response.content.decode()
    other = Partner.objects.get(acronym="UNODC")
    assert listed(client.get(LIST, {"partner": other.pk})) == set()


def test_the_list_filters_by_kind_partner_country_responsible_and_agreement(
    client, login, cast, gt, hn, secretariat, partner
):
    login("secretariat")
    letter = make_obligation(
        secretariat,
        opportunity=make_opportunity(secretariat, partner=partner, country="GT"),
        kind=ObligationKind.LETTER_OF_INTENT,
        title="Carta de intención",
        responsible=cast("focal-gt"),
    )
    mine = {"partner": partner.pk}
    assert listed(client.get(LIST, mine)) == {gt, hn, letter}
    assert listed(client.get(LIST, {**mine, "kind": "letter_of_intent"})) == {letter}
    assert listed(client.get(LIST, {**mine, "country": "HN"})) == {hn}
    assert listed(client.get(LIST, {**mine, "responsible": cast("focal-gt").pk})) == {letter}
    assert listed(client.get(LIST, {"agreement": gt.agreement_id})) == {gt}
    assert listed(client.get(LIST, {**mine, "q": "carta"})) == {letter}


def test_the_list_filters_by_the_status_of_the_next_deadline(client, login, secretariat, partner):
    agreement = make_agreement(secretariat, partner=partner, country="GT")

    def owed(title, due, **data):
        return make_obligation(
            secretariat, agreement=agreement, title=title, first_due_on=due, **data
        )

    overdue = owed("Vencido", TODAY() - 3 * DAY)
    due = owed("Pronto", TODAY() + 3 * DAY, remind_days_before=14)
    upcoming = owed("Lejano", TODAY() + 60 * DAY, remind_days_before=14)
    wide = owed("Ventana amplia", TODAY() + 60 * DAY, remind_days_before=90)
    done = owed("Entregado", TODAY() - 20 * DAY)
    deliver(user=secretariat, deadline=done.deadlines.get(), delivered_on=TODAY() - 21 * DAY)
    login("secretariat")
    mine = {"partner": partner.pk}
    assert listed(client.get(LIST, {**mine, "status": "overdue"})) == {overdue}
    assert listed(client.get(LIST, {**mine, "status": "due"})) == {due, wide}
    assert listed(client.get(LIST, {**mine, "status": "upcoming"})) == {upcoming}
    assert listed(client.get(LIST, {**mine, "status": "delivered"})) == {done}
    with translation.override("en"):
        page = client.get(LIST, mine).content.decode()
    # The status is written, not only coloured.
    assert 'status-overdue">Overdue<' in page and 'status-delivered">Delivered<' in page


def test_the_list_runs_a_fixed_number_of_queries(
    client, login, secretariat, partner, django_assert_max_num_queries
):
    agreement = make_agreement(secretariat, partner=partner, country="GT")

    def add(count):
        for i in range(count):
            make_obligation(
                secretariat,
                agreement=agreement,
                title=f"Informe {i}",
                responsible=secretariat,
                recurrence=Recurrence.MONTHLY,
                first_due_on=TODAY() + i * DAY,
            )

    login("secretariat")
    add(3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(LIST, {"status": "due"}).status_code == 200
    add(22)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST, {"status": "due"}).status_code == 200


# --- add and edit ---------------------------------------------------------------------------


def test_add_pre_fills_the_agreement(client, login, gt):
    login("secretariat")
    response = client.get(ADD, {"agreement": gt.agreement_id})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["agreement"] == gt.agreement_id
    assert form.initial["kind"] == ObligationKind.PROGRESS_REPORT


def test_add_pre_fills_the_opportunity_and_the_calls_closing_date(
    client, login, secretariat, partner
):
    closes = TODAY() + 40 * DAY
    opportunity = make_opportunity(secretariat, partner=partner, country="GT", closes_on=closes)
    login("secretariat")
    form = client.get(ADD, {"opportunity": opportunity.pk}).context["form"]
    assert form.initial["opportunity"] == opportunity.pk
    assert form.initial["kind"] == ObligationKind.APPLICATION
    assert form.initial["first_due_on"] == closes


def test_adding_an_obligation_creates_its_deadlines(client, login, gt):
    login("secretariat")
    response = client.post(
        ADD,
        {
            "kind": "financial_report",
            "title": "Informe financiero",
            "agreement": gt.agreement_id,
            "recurrence": "half_yearly",
            "first_due_on": "2027-01-31",
            "repeat_until": "2028-01-31",
            "remind_days_before": "10",
        },
    )
    obligation = ReportingObligation.objects.get(title="Informe financiero")
    assert response.status_code == 302
    assert response["Location"] == detail(obligation)
    assert obligation.member_state == state("GT")
    assert [d.due_on for d in obligation.deadlines.order_by("due_on")] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 7, 31),
        datetime.date(2028, 1, 31),
    ]


def test_a_report_needs_an_agreement_and_a_letter_an_opportunity(client, login, gt):
    login("secretariat")
    data = {"title": "Sin vínculo", "recurrence": "once", "first_due_on": "2027-01-31"}
    data["remind_days_before"] = "14"
    response = client.post(ADD, {**data, "kind": "narrative_report"})
    assert "agreement" in response.context["form"].errors
    response = client.post(ADD, {**data, "kind": "application", "agreement": gt.agreement_id})
    assert "opportunity" in response.context["form"].errors
    assert not ReportingObligation.objects.filter(title="Sin vínculo").exists()


def test_a_focal_point_adds_obligations_only_to_its_countrys_agreements(client, login, gt, hn):
    login("focal-gt")
    response = client.get(ADD)
    assert response.status_code == 200
    offered = set(response.context["form"].fields["agreement"].queryset)
    assert gt.agreement in offered and hn.agreement not in offered
    data = {
        "kind": "narrative_report",
        "title": "Informe narrativo",
        "recurrence": "once",
        "first_due_on": "2027-03-31",
        "remind_days_before": "14",
    }
    response = client.post(ADD, {**data, "agreement": hn.agreement_id})
    assert response.status_code == 200
    assert "agreement" in response.context["form"].errors
    response = client.post(ADD, {**data, "agreement": gt.agreement_id})
    assert response.status_code == 302
    assert ReportingObligation.objects.get(title="Informe narrativo").member_state == state("GT")


@pytest.mark.parametrize("who", ["evaluator", "donor"])
def test_readers_cannot_add(client, login, who):
    login(who)
    assert client.get(ADD).status_code == 403


def test_editing_goes_through_the_service_and_resyncs_deadlines(client, login, gt):
    login("focal-gt")
    url = f"{detail(gt)}edit/"
    assert client.get(url).status_code == 200
    data = {
        "kind": gt.kind,
        "title": gt.title,
        "agreement": gt.agreement_id,
        "recurrence": "once",
        "first_due_on": gt.first_due_on.isoformat(),
        "remind_days_before": "14",
        "version": gt.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert gt.deadlines.count() == 1


def test_a_stale_edit_is_refused_and_explained(client, login, gt):
    login("secretariat")
    url = f"{detail(gt)}edit/"
    data = {
        "kind": gt.kind,
        "title": "Cambiado",
        "agreement": gt.agreement_id,
        "recurrence": gt.recurrence,
        "first_due_on": gt.first_due_on.isoformat(),
        "remind_days_before": "14",
        "version": gt.version - 1,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["conflict_current"].pk == gt.pk
    gt.refresh_from_db()
    assert gt.title == "Informe trimestral GT"


def test_a_focal_point_cannot_edit_or_delete_another_countrys_obligation(client, login, hn):
    login("focal-gt")
    assert client.get(detail(hn)).status_code == 200  # regional reading is allowed
    assert client.get(f"{detail(hn)}edit/").status_code == 403
    assert client.post(f"{detail(hn)}edit/", {"title": "x"}).status_code == 403
    assert client.post(f"{detail(hn)}delete/").status_code == 403
    assert ReportingObligation.objects.filter(pk=hn.pk).exists()


def test_the_secretariat_deletes_an_obligation_with_its_deadlines(client, login, gt):
    login("secretariat")
    deadlines = list(gt.deadlines.values_list("pk", flat=True))
    response = client.post(f"{detail(gt)}delete/")
    assert response.status_code == 302
    assert not ReportingObligation.objects.filter(pk=gt.pk).exists()
    assert not Deadline.objects.filter(pk__in=deadlines).exists()


# --- detail and deliveries ------------------------------------------------------------------


def test_the_detail_lists_every_deadline_with_its_status(client, login, gt):
    first = gt.deadlines.order_by("due_on").first()
    login("secretariat")
    with translation.override("en"):
        response = client.get(detail(gt))
    assert response.status_code == 200
    assert [d.pk for d in response.context["deadlines"]] == list(
        gt.deadlines.order_by("due_on").values_list("pk", flat=True)
    )
    page = response.content.decode()
    assert f'id="deadline-{first.pk}"' in page
    assert "status-overdue" in page and ">Overdue<" in page
    assert deliver_url(first) in page


def test_who_may_not_change_sees_no_delivery_form(client, login, gt, oim):
    login("focal-hn")
    response = client.get(detail(gt))
    assert response.status_code == 200
    assert not response.context["may_deliver"]
    assert "/deliver/" not in response.content.decode()
    login("donor")
    assert "/deliver/" not in client.get(detail(oim)).content.decode()


def test_recording_a_delivery_with_its_document(client, login, gt):
    deadline = gt.deadlines.order_by("due_on").first()
    login("focal-gt")
    response = client.post(
        deliver_url(deadline),
        {"delivered_on": TODAY().isoformat(), "document": pdf(), "version": deadline.version},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{detail(gt)}#deadline-{deadline.pk}"
    deadline.refresh_from_db()
    assert deadline.delivered_on == TODAY()
    assert deadline.delivered_by.email == "focal-gt@example.org"
    download = client.get(document_url(deadline))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_the_delivery_page_shows_what_is_wrong(client, login, gt):
    deadline = gt.deadlines.order_by("due_on").first()
    login("secretariat")
    assert client.get(deliver_url(deadline)).status_code == 200
    future = (TODAY() + DAY).isoformat()
    with translation.override("en"):
        response = client.post(deliver_url(deadline), {"delivered_on": future})
    assert response.status_code == 200
    assert "The delivery date cannot be in the future." in response.content.decode()
    png = SimpleUploadedFile("foto.pdf", PNG, content_type="application/pdf")
    response = client.post(
        deliver_url(deadline), {"delivered_on": TODAY().isoformat(), "document": png}
    )
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    deadline.refresh_from_db()
    assert deadline.delivered_on is None


def test_a_stale_delivery_is_refused(client, login, gt, secretariat):
    deadline = gt.deadlines.order_by("due_on").first()
    version = deadline.version
    deliver(user=secretariat, deadline=deadline, delivered_on=TODAY())
    login("focal-gt")
    response = client.post(
        deliver_url(deadline), {"delivered_on": TODAY().isoformat(), "version": version}
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.delivered_by == secretariat


def test_undoing_a_mistaken_delivery(client, login, gt, secretariat):
    deadline = gt.deadlines.order_by("due_on").first()
    deadline = deliver(user=secretariat, deadline=deadline, delivered_on=TODAY(), document=pdf())
    login("focal-gt")
    assert client.get(undo_url(deadline)).status_code == 405
    response = client.post(undo_url(deadline), {"version": deadline.version})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.delivered_on, deadline.document.name) == (None, "")
    assert client.get(document_url(deadline)).status_code == 404


def test_a_focal_point_cannot_deliver_another_countrys_deadline_by_its_id(client, login, hn):
    deadline = hn.deadlines.get()
    login("focal-gt")
    response = client.post(deliver_url(deadline), {"delivered_on": TODAY().isoformat()})
    assert response.status_code == 403
    assert client.post(undo_url(deadline)).status_code == 403
    deadline.refresh_from_db()
    assert deadline.delivered_on is None


def test_a_partner_viewer_cannot_deliver_nor_see_other_partners_deadlines(
    client, login, gt, oim, secretariat
):
    own = oim.deadlines.get()
    other = gt.deadlines.order_by("due_on").first()
    deliver(user=secretariat, deadline=other, delivered_on=TODAY(), document=pdf())
    deliver(user=secretariat, deadline=own, delivered_on=TODAY(), document=pdf())
    login("donor")
    assert client.get(document_url(own)).status_code == 200  # its own partner's report
    assert client.get(document_url(other)).status_code == 404
    assert client.post(deliver_url(other), {"delivered_on": TODAY().isoformat()}).status_code == 404
    assert client.post(undo_url(own)).status_code == 403
    own.refresh_from_db()
    assert own.delivered_on == TODAY()


def test_documents_are_not_served_to_strangers(client, gt, secretariat):
    deadline = gt.deadlines.order_by("due_on").first()
    deliver(user=secretariat, deadline=deadline, delivered_on=TODAY(), document=pdf())
    response = client.get(document_url(deadline))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_deadlines_permanent_link_opens_its_obligation(client, login, gt):
    deadline = gt.deadlines.order_by("due_on").first()
    login("secretariat")
    with translation.override("en"):
        address = deadline.get_absolute_url()
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{detail(gt)}#deadline-{deadline.pk}"


def test_a_partner_viewer_is_not_told_the_titles_of_internal_opportunities(
    client, login, secretariat
):
    oim = Partner.objects.get(acronym="OIM")
    opportunity = make_opportunity(secretariat, partner=oim)
    opportunity.title = "Negociación reservada con la OIM"
    opportunity.save()
    application = make_obligation(
        secretariat,
        opportunity=opportunity,
        kind=ObligationKind.APPLICATION,
        title="Solicitud a la OIM",
        first_due_on=TODAY() + 9 * DAY,
    )
    login("donor")
    for url in (LIST, detail(application), "/en/resources/calendar/"):
        page = client.get(url, {"month": (TODAY() + 9 * DAY).strftime("%Y-%m")})
        assert page.status_code == 200
        assert "Solicitud a la OIM" in page.content.decode()
        assert "Negociación reservada" not in page.content.decode()
    login("secretariat")
    assert "Negociación reservada" in client.get(detail(application)).content.decode()
