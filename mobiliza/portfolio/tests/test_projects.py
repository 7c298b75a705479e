"""The project pages: the list and its filters, the project's page in the sections of the
8.3 sheets, the form, and who may create and edit what (a focal point: its own country's
projects, or regional ones its state co-owns).

The fixtures here (``project``, ``state``) are imported by the portfolio's other tests.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.directory.models import DirectoryTerm, Partner
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.models import Project, ProjectFinancing

LIST = "/es/portfolio/projects/"
ADD = "/es/portfolio/projects/add/"


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def axis(position: int = 0) -> StrategicAxis:
    return StrategicAxis.objects.order_by("position")[position]


@pytest.fixture
def project(cast):
    """``project("GT", name_es=...)``: a national project of that state (``None``: regional,
    with ``states=[...]`` taking part), written by the Secretariat."""

    def make(country: str | None = "GT", *, states: tuple[str, ...] = (), **data):
        values = {
            "name_es": f"Proyecto de {country or 'la región'}",
            "scope": "national" if country else "regional",
            "member_state": state(country) if country else None,
            **data,
        }
        if states:
            values["member_states"] = [state(code) for code in states]
        return record_create(user=cast("secretariat"), model=Project, data=values)

    return make


def form_data(**data):
    """What the add form posts for a national project of Guatemala."""
    return {
        "kind": "project",
        "name_es": "Albergues para víctimas",
        "name_en": "Shelters for victims",
        "scope": "national",
        "member_state": state("GT").pk,
        "amount": "150000.00",
        "currency": "USD",
        "start_on": "2027-01-01",
        "end_on": "2027-12-31",
        "description_es": "Uno.\n\nDos.\n\nTres.",
        **data,
    }


# --- the list -------------------------------------------------------------------------------


def test_the_list_asks_for_a_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_donor_sees_no_project(client, login, project):
    made = project("GT", name_es="Casa refugio interna")
    login("donor")
    assert "Casa refugio interna" not in client.get(LIST).content.decode()
    assert client.get(made.get_absolute_url()).status_code == 404
    assert client.get("/es/portfolio/board/").status_code == 403


def test_the_secretariat_sees_every_project_in_the_list(client, login, project):
    project("GT", name_es="Casa refugio Guatemala")
    project(None, states=("HN", "SV"), name_es="Red regional de fiscales")
    login("secretariat")
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Casa refugio Guatemala" in body
    assert "Red regional de fiscales" in body


def test_a_focal_point_reads_other_countries_projects_but_cannot_edit_them(client, login, project):
    mexican = project("MX", name_es="Proyecto mexicano")
    login("focal-gt")
    assert client.get(mexican.get_absolute_url()).status_code == 200
    assert client.get(reverse("portfolio:project_edit", args=[mexican.pk])).status_code == 403


def test_the_list_filters_by_country_including_the_regional_projects_a_state_takes_part_in(
    client, login, project
):
    project("GT", name_es="Nacional de Guatemala")
    project(None, states=("GT", "HN"), name_es="Regional con Guatemala")
    project("MX", name_es="Nacional de México")
    login("secretariat")
    body = client.get(LIST, {"country": "GT"}).content.decode()
    assert "Nacional de Guatemala" in body
    assert "Regional con Guatemala" in body
    assert "Nacional de México" not in body


def test_the_list_filters_by_axis_state_scope_kind_and_review(client, login, project):
    first = project("GT", name_es="Con el primer eje", needs_review=True)
    first.axes.add(axis(0))
    project("GT", name_es="Sin eje", kind="initiative")
    login("secretariat")
    by_axis = client.get(LIST, {"axis": axis(0).code}).content.decode()
    assert "Con el primer eje" in by_axis and "Sin eje" not in by_axis
    by_kind = client.get(LIST, {"kind": "initiative"}).content.decode()
    assert "Sin eje" in by_kind and "Con el primer eje" not in by_kind
    to_review = client.get(LIST, {"needs_review": "true"}).content.decode()
    assert "Con el primer eje" in to_review and "Sin eje" not in to_review
    assert "Con el primer eje" not in client.get(LIST, {"state": "funded"}).content.decode()
    assert "Con el primer eje" not in client.get(LIST, {"scope": "regional"}).content.decode()


def test_the_list_finds_a_project_by_words_of_either_language(client, login, project):
    project("GT", name_es="Prevención en escuelas", name_en="Prevention in schools")
    login("secretariat")
    assert "Prevención en escuelas" in client.get(LIST, {"q": "schools"}).content.decode()
    assert "Prevención en escuelas" in client.get(LIST, {"q": "prevencion"}).content.decode()
    assert "Prevención en escuelas" not in client.get(LIST, {"q": "puertos"}).content.decode()


def test_the_list_filters_by_partner_executing_or_financing(client, login, project, cast):
    partners = list(Partner.objects.order_by("pk")[:3])
    executed = project("GT", name_es="Ejecutado por el socio", executing_partner=partners[0])
    financed = project("GT", name_es="Financiado por el socio")
    record_create(
        user=cast("secretariat"),
        model=ProjectFinancing,
        data={"project": financed, "source": "cooperation_agency", "partner": partners[0]},
    )
    project("GT", name_es="De otro socio", executing_partner=partners[1])
    login("secretariat")
    body = client.get(LIST, {"partner": str(partners[0].pk)}).content.decode()
    assert executed.name_es in body and financed.name_es in body
    assert "De otro socio" not in body


def test_the_list_filters_by_an_amount_range_in_the_reporting_currency(client, login, project):
    project("GT", name_es="Pequeño", amount=Decimal("1000.00"), currency="USD")
    project("GT", name_es="Grande", amount=Decimal("900000.00"), currency="USD")
    login("secretariat")
    body = client.get(LIST, {"amount_min": "5000", "amount_max": "1000000"}).content.decode()
    assert "Grande" in body and "Pequeño" not in body


def test_the_list_reads_in_a_constant_number_of_queries(
    client, login, project, django_assert_max_num_queries
):
    login("secretariat")

    def add(count: int) -> None:
        for index in range(count):
            made = project(None, states=("GT", "HN"), name_es=f"Proyecto {index}")
            made.axes.add(axis(0), axis(1))

    add(2)
    with django_assert_max_num_queries(30) as small:
        assert client.get(LIST).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(LIST).status_code == 200


# --- the project's page ---------------------------------------------------------------------


def test_the_page_shows_the_sections_of_both_sheets_and_marks_a_missing_translation(
    client, login, project
):
    made = project("GT", name_es="Casa refugio", justification_es="Hay pocos albergues.")
    login("secretariat")
    with translation.override("en"):
        response = client.get(f"/en/portfolio/projects/{made.pk}/")
        body = response.content.decode()
    for heading in (
        "A. Name of the project or initiative",
        "C. Geographic scope",
        "H. Description and expected outcome",
        "Proposing institution",
        "Linkage with the strategic plan",
        "Resources and sustainability",
        "Sustainable Development Goals",
        "Financing by source",
    ):
        assert heading in body
    assert "Hay pocos albergues." in body
    assert "badge-missing" in body


def test_the_page_offers_the_lifecycle_steps_but_not_the_suspension(client, login, project):
    made = project("GT", state="presented")
    login("presidency")
    body = client.get(made.get_absolute_url()).content.decode()
    assert reverse("transition", args=["portfolio.project", made.pk, "negotiate"]) in body
    assert reverse("transition", args=["portfolio.project", made.pk, "suspend"]) not in body


def test_another_countrys_focal_point_is_offered_no_step(client, login, project):
    made = project("MX")
    login("focal-gt")
    body = client.get(made.get_absolute_url()).content.decode()
    assert reverse("transition", args=["portfolio.project", made.pk, "draft_sheet"]) not in body


def test_the_page_lists_the_financing_lines_with_the_confirmed_total(client, login, project, cast):
    made = project("GT", amount=Decimal("100000.00"), currency="USD")
    for amount, confirmed in (("30000.00", True), ("20000.00", False)):
        record_create(
            user=cast("secretariat"),
            model=ProjectFinancing,
            data={
                "project": made,
                "source": "ngo",
                "amount": Decimal(amount),
                "currency": "USD",
                "confirmed": confirmed,
            },
        )
    login("secretariat")
    with translation.override("en"):
        body = client.get(f"/en/portfolio/projects/{made.pk}/").content.decode()
    assert "US$30,000.00" in body
    assert "US$50,000.00" in body  # all the lines


def test_the_page_reads_in_a_constant_number_of_queries(
    client, login, project, cast, django_assert_max_num_queries
):
    made = project(None, states=("GT",))
    login("secretariat")

    def add(count: int) -> None:
        for _index in range(count):
            record_create(
                user=cast("secretariat"),
                model=ProjectFinancing,
                data={"project": made, "source": "ngo", "amount": Decimal(1), "currency": "USD"},
            )
            made.member_states.add(*MemberState.objects.all()[:3])

    add(1)
    with django_assert_max_num_queries(60) as small:
        assert client.get(made.get_absolute_url()).status_code == 200
    add(10)
    # The history grows by a row per change; its reading is constant too.
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(made.get_absolute_url()).status_code == 200


# --- the form -------------------------------------------------------------------------------


def test_the_form_follows_the_sheet_and_offers_the_sdgs_and_chart_2(client, login):
    login("secretariat")
    with translation.override("en"):
        body = client.get("/en/portfolio/projects/add/").content.decode()
    assert body.index("A. Name of the project or initiative") < body.index("Proposing institution")
    assert 'name="sdg_targets" value="8.7"' in body
    assert 'name="sdg_goals" value="16"' in body
    area = DirectoryTerm.objects.filter(kind="area").first()
    assert f'name="areas" value="{area.pk}"' in body
    assert 'name="name_en"' in body and 'name="description_en"' in body


def test_a_focal_point_creates_a_project_of_its_own_country(client, login):
    user = login("focal-gt")
    response = client.post(ADD, form_data(sdg_targets=["8.7"], axes=[axis(0).pk]))
    assert response.status_code == 302, (
        [e for e in response.context["form"].errors.items()] if response.context else ""
    )
    made = Project.objects.get(name_es="Albergues para víctimas")
    assert made.member_state.code == "GT"
    assert made.sdg_goals == [8]
    assert made.duration_months == 12
    assert list(made.axes.all()) == [axis(0)]
    assert made.history.latest().history_user == user


def test_a_focal_point_cannot_create_a_project_of_another_country_with_a_forged_id(client, login):
    login("focal-gt")
    response = client.post(ADD, form_data(member_state=state("MX").pk))
    assert response.status_code == 200
    assert not Project.objects.filter(name_es="Albergues para víctimas").exists()


def test_a_focal_point_creates_a_regional_project_its_state_takes_part_in(client, login):
    login("focal-gt")
    data = form_data(scope="regional", member_state="")
    data["member_states"] = [state("GT").pk, state("HN").pk]
    response = client.post(ADD, data)
    assert response.status_code == 302, (
        [e for e in response.context["form"].errors.items()] if response.context else ""
    )
    made = Project.objects.get(name_es="Albergues para víctimas")
    assert made.member_state is None
    assert {s.code for s in made.member_states.all()} == {"GT", "HN"}


def test_a_focal_point_cannot_create_a_regional_project_its_state_does_not_take_part_in(
    client, login
):
    login("focal-gt")
    data = form_data(scope="regional", member_state="")
    data["member_states"] = [state("HN").pk]
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not Project.objects.filter(name_es="Albergues para víctimas").exists()


def test_a_co_owning_focal_point_edits_a_regional_project(client, login, project):
    made = project(None, states=("GT", "HN"))
    login("focal-hn")
    edit = reverse("portfolio:project_edit", args=[made.pk])
    assert client.get(edit).status_code == 200
    data = form_data(
        scope="regional", member_state="", name_es="Nombre nuevo", version=made.version
    )
    data["member_states"] = [state("GT").pk, state("HN").pk]
    response = client.post(edit, data)
    assert response.status_code == 302, (
        [e for e in response.context["form"].errors.items()] if response.context else ""
    )
    made.refresh_from_db()
    assert made.name_es == "Nombre nuevo"


def test_a_focal_point_cannot_edit_a_regional_project_its_state_does_not_co_own(
    client, login, project
):
    made = project(None, states=("HN", "SV"))
    login("focal-gt")
    assert client.get(reverse("portfolio:project_edit", args=[made.pk])).status_code == 403


def test_the_form_refuses_what_the_model_refuses_with_its_message(client, login):
    login("secretariat")
    with translation.override("en"):
        response = client.post(
            "/en/portfolio/projects/add/", form_data(end_on="2026-01-01", member_state="")
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The project cannot end before it starts." in body
    assert "Say which member state a national project belongs to." in body


def test_the_edit_form_does_not_offer_the_state(client, login, project):
    made = project("GT")
    login("secretariat")
    body = client.get(reverse("portfolio:project_edit", args=[made.pk])).content.decode()
    assert 'name="state"' not in body


# --- financing lines ------------------------------------------------------------------------


def test_the_owner_adds_a_financing_line_converted_to_the_reporting_currency(
    client, login, project
):
    made = project("GT")
    login("focal-gt")
    response = client.post(
        "/es/portfolio/financing/add/",
        {
            "project": made.pk,
            "source": "ordinary_budget",
            "amount": "2500.00",
            "currency": "USD",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{made.get_absolute_url()}#financing")
    line = made.financing.get()
    assert line.amount_reporting == Decimal("2500.00")


def test_another_countrys_focal_point_cannot_add_a_financing_line_with_a_forged_project(
    client, login, project
):
    mexican = project("MX")
    login("focal-gt")
    response = client.post(
        "/es/portfolio/financing/add/",
        {"project": mexican.pk, "source": "ngo", "amount": "1.00", "currency": "USD"},
    )
    assert response.status_code == 200
    assert not mexican.financing.exists()


def test_a_financing_line_is_edited_and_deleted_under_its_project(client, login, project, cast):
    made = project("GT")
    line = record_create(
        user=cast("secretariat"),
        model=ProjectFinancing,
        data={"project": made, "source": "ngo", "amount": Decimal("10.00"), "currency": "USD"},
    )
    login("focal-mx")
    assert client.get(reverse("portfolio:projectfinancing_edit", args=[line.pk])).status_code == 403
    login("focal-gt")
    response = client.post(reverse("portfolio:projectfinancing_delete", args=[line.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("#financing")
    assert not made.financing.exists()


def test_a_date_in_the_project_is_kept_as_given(project):
    made = project("GT", start_on=datetime.date(2027, 3, 1), end_on=datetime.date(2027, 8, 31))
    assert made.duration_months == 6


# --- the header and the global search -------------------------------------------------------


def test_the_header_offers_the_portfolio_menu_to_the_staff_not_to_the_donor(client, login):
    login("focal-gt")
    body = client.get("/en/").content.decode()
    for url in ("/en/portfolio/projects/", "/en/portfolio/board/", "/en/portfolio/totals/"):
        assert f'href="{url}"' in body
    login("donor")
    assert 'href="/en/portfolio/board/"' not in client.get("/en/").content.decode()


def test_the_global_search_finds_a_project_by_words_of_either_language(login, project):
    from mobiliza.workspace.search import global_search

    made = project("GT", name_es="Escuelas protectoras", name_en="Protective schools")
    user = login("secretariat")
    groups = {g.kind.key: g for g in global_search(user=user, query="protective")}
    assert [hit.url for hit in groups["projects"].hits] == [made.get_absolute_url()]
    assert groups["projects"].see_all_url.endswith("?q=protective")
