"""Opportunities, agreements and contributions point to a project of the portfolio: their
forms, API, filters, pages and export name it, and the project's page adds them up."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mobiliza.agreements.forms import AgreementForm, ContributionForm
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.agreements.services import create_agreement
from mobiliza.agreements.tests.test_contributions_helpers import (
    CONTRIBUTIONS,
    contribution,
    form_data,
    oim,
)
from mobiliza.coalition.models import MemberState
from mobiliza.core.drf.serializers import VisibleRecordField
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.pipeline.choices import Outcome
from mobiliza.pipeline.forms import OpportunityForm
from mobiliza.pipeline.models import Opportunity
from mobiliza.pipeline.services import close, create_opportunity
from mobiliza.pipeline.tests.test_api import Api
from mobiliza.portfolio.links import part
from mobiliza.portfolio.models import Project

OPPORTUNITIES = "/en/pipeline/opportunities/"
API_OPPORTUNITIES = "/api/v1/opportunities/"
API_CONTRIBUTIONS = "/api/v1/contributions/"
API_AGREEMENTS = "/api/v1/agreements/"
DAY = datetime.date(2024, 3, 15)


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


@pytest.fixture
def project(cast) -> Project:
    return record_create(
        user=cast("secretariat"),
        model=Project,
        data={
            "name_es": "Escuela regional de fiscales",
            "name_en": "Regional school for prosecutors",
            "scope": "regional",
            "member_states": [state("GT"), state("HN")],
        },
    )


@pytest.fixture
def partner(cast) -> Partner:
    return record_create(
        user=cast("secretariat"),
        model=Partner,
        data={"name_es": "Fundación de Pruebas de Enlaces", "acronym": "FPEN"},
    )


@pytest.fixture
def api(cast):
    from rest_framework.authtoken.models import Token

    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make


def opportunity(user: Any, partner: Partner, project: Project | None, **data: Any) -> Opportunity:
    data.setdefault("title", "Becas para fiscales")
    return create_opportunity(
        user=user,
        data={"partner": partner, "project": project, "member_state": state("GT"), **data},
    )


# --- forms ------------------------------------------------------------------------------


def test_the_add_page_chooses_the_project_named_in_its_address(client, login, project):
    login("focal-gt")
    response = client.get(f"{OPPORTUNITIES}add/", {"project": project.pk})
    assert response.status_code == 200
    field = response.context["form"]["project"]
    assert str(field.value()) == str(project.pk)
    assert f'<option value="{project.pk}" selected>' in response.content.decode()


def test_an_opportunity_saved_from_the_form_points_to_its_project(cast, project, partner):
    user = cast("focal-gt")
    form = OpportunityForm(
        data={
            "title": "Becas para fiscales",
            "partner": partner.pk,
            "project": project.pk,
            "member_state": state("GT").pk,
            "probability": 50,
        },
        user=user,
    )
    assert form.is_valid(), form.errors
    saved = create_opportunity(user=user, data=form.model_data())
    assert saved.project == project


def test_the_forms_offer_only_projects_the_user_may_see(cast, project):
    # A partner viewer reads no project of the portfolio: none is offered to it.
    donor = cast("donor")
    for form_class in (OpportunityForm, AgreementForm, ContributionForm):
        assert list(form_class(user=donor).fields["project"].queryset) == []
        assert project in form_class(user=cast("focal-hn")).fields["project"].queryset
    form = ContributionForm(data=form_data(project=project.pk), user=donor)
    assert not form.is_valid()
    assert "project" in form.errors


def test_a_contribution_from_its_agreement_takes_the_agreement_s_project(
    client, login, cast, project
):
    agreement = create_agreement(
        user=cast("secretariat"),
        data={
            "kind": "grant",
            "title": "Donación a la escuela",
            "partner": oim(),
            "project": project,
        },
    )
    login("secretariat")
    response = client.get(f"{CONTRIBUTIONS}add/", {"agreement": agreement.pk})
    assert str(response.context["form"]["project"].value()) == str(project.pk)


# --- API ------------------------------------------------------------------------------


def test_the_api_takes_and_shows_a_project_by_its_id(api, project):
    client = api("secretariat")
    response = client.post(
        API_CONTRIBUTIONS,
        {
            "kind": "financial",
            "description_es": "Aporte a la escuela",
            "partner": oim().pk,
            "amount": "500.00",
            "currency": "USD",
            "value_date": "2024-03-15",
            "project": project.pk,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["project"] == project.pk
    assert Contribution.objects.get(pk=response.json()["id"]).project == project


def test_the_api_refuses_a_project_the_reader_may_not_see(api, cast, project, partner):
    with translation.override("en"):
        response = api("focal-gt").post(
            API_OPPORTUNITIES,
            {"title": "Becas", "partner": partner.pk, "country": "GT", "project": 10**9},
        )
    assert response.status_code == 400, response.json()
    assert response.json()["errors"]["project"] == [
        f"There is no record with the id {10**9} that you may see."
    ]
    # A record that exists but that the reader may not see is refused the same way.
    request = RequestFactory().post("/")
    request.user = cast("donor")
    field = VisibleRecordField(queryset=Project.objects.all())
    field._context = {"request": request}  # as the serializer gives it to its fields
    assert list(field.get_queryset()) == []


def test_the_api_lists_filter_by_project(api, cast, project, partner):
    linked = opportunity(cast("secretariat"), partner, project)
    other = opportunity(cast("secretariat"), partner, None, title="Otra")
    client = api("evaluator")
    found = {
        r["id"] for r in client.get(API_OPPORTUNITIES, {"project": project.pk}).json()["results"]
    }
    assert linked.pk in found and other.pk not in found
    given = contribution(project=project)
    found = {
        r["id"] for r in client.get(API_CONTRIBUTIONS, {"project": project.pk}).json()["results"]
    }
    assert found == {given.pk}
    agreement = create_agreement(
        user=cast("secretariat"),
        data={"kind": "grant", "title": "Donación", "partner": oim(), "project": project},
    )
    found = {r["id"] for r in client.get(API_AGREEMENTS, {"project": project.pk}).json()["results"]}
    assert found == {agreement.pk}


# --- pages and export -----------------------------------------------------------------------


def test_a_record_s_page_names_its_project_and_its_list_filters_by_it(
    client, login, cast, project, partner
):
    linked = opportunity(cast("secretariat"), partner, project)
    opportunity(cast("secretariat"), partner, None, title="Fondo sin proyecto")
    login("focal-gt")
    page = client.get(f"{OPPORTUNITIES}{linked.pk}/").content.decode()
    assert "Project or initiative" in page and "Regional school for prosecutors" in page
    listed = client.get(OPPORTUNITIES, {"project": project.pk}).content.decode()
    assert "Becas para fiscales" in listed and "Fondo sin proyecto" not in listed


def test_the_contributions_export_writes_the_project_s_name(client, login, project):
    contribution(description_es="Aporte con proyecto", project=project, value_date=DAY)
    login("secretariat")
    response = client.get(f"{CONTRIBUTIONS}export/", {"format": "csv", "year": "2024"})
    header, *rows = csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))
    by_description = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_description["Aporte con proyecto"]["Project or initiative"] == (
        "Regional school for prosecutors"
    )


# --- the project page's section -------------------------------------------------------------


def section(project: Project, user: Any) -> dict[str, Any]:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        result = part.context(project, request)
    assert result is not None
    return result["links"]


def linked_records(cast, project: Project, partner: Partner, n: int) -> None:
    user = cast("secretariat")
    for i in range(n):
        opportunity(
            user,
            partner,
            project,
            title=f"Abierta {i}",
            expected_amount=Decimal("1000"),
            currency="USD",
        )
    lost = opportunity(
        user, partner, project, title="Perdida", expected_amount=Decimal("99999"), currency="USD"
    )
    close(user=user, opportunity=lost, outcome=Outcome.LOST, loss_reason="not_aligned")
    for i in range(n):
        contribution(description_es=f"Prometida {i}", project=project, amount=Decimal("10"))
        contribution(
            description_es=f"Comprometida {i}",
            project=project,
            amount=Decimal("200"),
            status="committed",
            committed_on=DAY,
        )
        contribution(
            description_es=f"Recibida {i}",
            project=project,
            amount=Decimal("3000"),
            status="received",
            received_on=DAY,
            partner=partner,
        )
        create_agreement(
            user=user,
            data={
                "kind": "grant",
                "title": f"Donación {i}",
                "partner": partner,
                "project": project,
            },
        )


def test_the_section_adds_up_what_is_sought_committed_and_received(cast, project, partner):
    linked_records(cast, project, partner, 2)
    links = section(project, cast("secretariat"))
    # Sought: the open opportunities only; the lost one is left out.
    assert links["totals"] == {
        "sought": Decimal("2000"),
        "committed": Decimal("400"),
        "received": Decimal("6000"),
    }
    assert links["sought"] == "US$2,000.00"
    assert links["opportunities"].count == 3
    assert links["agreements"].count == 2
    assert links["contributions"].count == 6
    titles = {row["record"].title for row in links["opportunities"].rows}
    assert titles == {"Abierta 0", "Abierta 1", "Perdida"}


def test_the_section_shows_only_what_the_reader_may_see(cast, project, partner):
    linked_records(cast, project, partner, 1)
    # IOM's partner viewer reads its own partner's contributions only: the pledged and
    # the committed ones; the one received came from another partner.
    links = section(project, cast("donor"))
    assert links["opportunities"].count == 0
    assert {row["record"].description_es for row in links["contributions"].rows} == {
        "Prometida 0",
        "Comprometida 0",
    }
    assert links["totals"]["received"] == Decimal("0")
    assert links["totals"]["committed"] == Decimal("200")
    assert links["opportunities"].add_url is None


def test_the_section_reads_the_same_number_of_queries_for_few_or_many_records(
    cast, project, partner, django_assert_max_num_queries
):
    reader = cast("focal-gt")
    counts = []
    for n in (1, 6):
        linked_records(cast, project, partner, n if not counts else n - 1)
        section(project, reader)  # the reader's roles are read once, then kept
        with CaptureQueriesContext(connection) as queries:
            links = section(project, reader)
        counts.append(len(queries))
    assert links["contributions"].count == 18
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(8):
        section(project, reader)


def test_the_section_renders_its_lists_and_totals(client, login, cast, project, partner):
    from django.template.loader import render_to_string

    linked_records(cast, project, partner, 1)
    login("secretariat")
    request = RequestFactory().get("/")
    request.user = cast("secretariat")
    with translation.override("en"):
        html = render_to_string(
            "portfolio/_links_section.html", part.context(project, request), request=request
        )
    assert "US$1,000.00" in html  # sought
    assert "Abierta 0" in html and "Donación 0" in html and "Recibida 0" in html
    assert f"?project={project.pk}" in html  # the add links carry the project
    assert Agreement.objects.filter(project=project).count() == 1
