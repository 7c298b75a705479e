# ruff: noqa: F811 - the fixtures imported from the other tests are used as arguments
"""Projects and their financing under /api/v1/ (the DESIGN.md contract): what a client
sends and reads, the scoping by country, and refusals with the page's message."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

from mobiliza.directory.models import DirectoryTerm
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.tests.test_lifecycle import api  # noqa: F401 - fixture
from mobiliza.portfolio.tests.test_projects import form_data, project, state  # noqa: F401

PROJECTS = "/api/v1/projects/"
FINANCING = "/api/v1/project-financing/"


def codes(kind: str, count: int = 2) -> list[str]:
    return list(DirectoryTerm.objects.filter(kind=kind).values_list("code", flat=True)[:count])


def contract(**data):
    return {
        "name_es": "Red de albergues",
        "name_en": "Network of shelters",
        "description_es": "Uno.\n\nDos.\n\nTres.",
        "description_en": "One.\n\nTwo.\n\nThree.",
        "axes": [StrategicAxis.objects.order_by("position").first().code],
        "scope": "national",
        "countries": ["GT"],
        "amount": "250000.50",
        "currency": "USD",
        "start_on": "2027-02-01",
        "duration_months": 18,
        "kinds_sought": ["goods-services"],
        "areas": [],
        **data,
    }


def test_a_project_is_created_and_read_with_the_fields_of_the_contract(api):
    response = api("secretariat").post(PROJECTS, contract(areas=codes("area")))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"]
    assert body["countries"] == ["GT"]
    assert body["country"] == "GT"
    assert body["scope"] == "national"
    assert body["amount"] == "250000.50"
    assert body["currency"] == "USD"
    assert body["duration_months"] == 18
    assert body["kinds_sought"] == ["goods-services"]
    assert body["areas"] == codes("area")
    assert body["state"] == "idea"
    for name in ("description_en", "name_en", "start_on", "axes", "sdg_targets", "proposer_name"):
        assert name in body
    made = Project.objects.get(pk=body["id"])
    assert made.amount == Decimal("250000.50")
    assert made.member_state.code == "GT"


def test_a_regional_project_names_its_countries(api):
    response = api("secretariat").post(PROJECTS, contract(scope="regional", countries=["hn", "SV"]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(body["countries"]) == ["HN", "SV"]
    assert body["country"] is None
    assert sorted(api("secretariat").get(f"{PROJECTS}{body['id']}/").json()["countries"]) == [
        "HN",
        "SV",
    ]


def test_the_state_is_not_written_through_the_api(api, project):
    made = project("GT")
    response = api("secretariat").patch(f"{PROJECTS}{made.pk}/", {"state": "funded"})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.state == "idea"


def test_a_focal_point_creates_its_own_countrys_project_not_another_ones(api):
    assert api("focal-gt").post(PROJECTS, contract()).status_code == 201
    refused = api("focal-gt").post(PROJECTS, contract(name_es="Ajeno", countries=["MX"]))
    assert refused.status_code == 403
    assert not Project.objects.filter(name_es="Ajeno").exists()


def test_a_focal_point_creates_a_regional_project_its_state_takes_part_in(api):
    ours = api("focal-gt").post(PROJECTS, contract(scope="regional", countries=["GT", "HN"]))
    assert ours.status_code == 201, ours.content
    theirs = api("focal-gt").post(
        PROJECTS, contract(name_es="Ajeno", scope="regional", countries=["HN"])
    )
    assert theirs.status_code == 403


def test_a_focal_point_cannot_edit_another_countrys_project_nor_move_its_own_away(api, project):
    mexican = project("MX")
    assert api("focal-gt").patch(f"{PROJECTS}{mexican.pk}/", {"name_es": "X"}).status_code == 403
    own = project("GT")
    moved = api("focal-gt").patch(f"{PROJECTS}{own.pk}/", {"countries": ["MX"]})
    assert moved.status_code == 403
    own.refresh_from_db()
    assert own.member_state.code == "GT"


def test_a_co_owner_cannot_take_its_state_out_of_a_regional_project(api, project):
    made = project(None, states=("GT", "HN"))
    response = api("focal-gt").patch(f"{PROJECTS}{made.pk}/", {"countries": ["HN"]})
    assert response.status_code == 403
    assert {s.code for s in made.member_states.all()} == {"GT", "HN"}


def test_the_donor_and_the_evaluator_do_not_read_projects(api, project):
    made = project("GT")
    assert api("donor").get(f"{PROJECTS}{made.pk}/").status_code in (403, 404)
    listed = api("donor").get(PROJECTS)
    assert listed.status_code == 403 or made.pk not in [p["id"] for p in listed.json()["results"]]


def test_the_list_filters_by_field_name_and_searches_both_languages(api, project):
    project("GT", name_es="Escuelas seguras", name_en="Safe schools")
    project(None, states=("GT", "HN"), name_es="Regional de fiscales")
    project("MX", name_es="Puertos")
    client = api("secretariat")
    names = {p["name_es"] for p in client.get(PROJECTS, {"country": "GT"}).json()["results"]}
    assert {"Escuelas seguras", "Regional de fiscales"} <= names
    assert "Puertos" not in names
    found = client.get(PROJECTS, {"search": "safe schools"}).json()["results"]
    assert [p["name_es"] for p in found] == ["Escuelas seguras"]
    regional = client.get(PROJECTS, {"scope": "regional"}).json()["results"]
    assert "Regional de fiscales" in {p["name_es"] for p in regional}
    assert "Escuelas seguras" not in {p["name_es"] for p in regional}


def test_a_refusal_says_what_the_page_says_in_both_languages(api, client, login):
    login("secretariat")
    for language in ("en", "es"):
        with translation.override(language):
            message = gettext("The project cannot end before it starts.")
        response = api("secretariat", language).post(
            PROJECTS, contract(start_on="2027-05-01", end_on="2027-01-01", duration_months=None)
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        with translation.override(language):
            page = client.post(
                f"/{language}/portfolio/projects/add/",
                form_data(start_on="2027-05-01", end_on="2027-01-01"),
            )
        assert message in page.content.decode()


def test_a_financing_line_is_added_under_a_project_the_client_may_change(api, project):
    own = project("GT")
    created = api("focal-gt").post(
        FINANCING,
        {"project": own.pk, "source": "ngo", "amount": "1200.00", "currency": "USD"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["amount_reporting"] == "1200.00"
    assert created.json()["country"] == "GT"
    mexican = project("MX")
    forged = api("focal-gt").post(
        FINANCING, {"project": mexican.pk, "source": "ngo", "amount": "1.00", "currency": "USD"}
    )
    assert forged.status_code in (400, 403)
    assert not mexican.financing.exists()
    lines = api("secretariat").get(FINANCING, {"project": own.pk}).json()["results"]
    assert [line["amount"] for line in lines] == ["1200.00"]


def test_the_list_reads_in_a_constant_number_of_queries(
    api, project, django_assert_max_num_queries
):
    client = api("secretariat")

    def add(count: int) -> None:
        for index in range(count):
            made = project(None, states=("GT", "HN"), name_es=f"API {index}")
            made.axes.add(StrategicAxis.objects.first())

    add(2)
    with django_assert_max_num_queries(30) as small:
        assert client.get(PROJECTS).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(PROJECTS).status_code == 200


def test_an_amount_past_any_the_column_holds_is_refused_not_a_server_error(api):
    response = api("secretariat").get(PROJECTS, {"amount_min": "12345678901234567890"})
    assert response.status_code == 400


def test_a_national_project_in_two_countries_is_refused_by_the_models_rule(api):
    response = api("secretariat").post(PROJECTS, contract(countries=["GT", "HN"]))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["countries"]
    assert not Project.objects.filter(name_es=contract()["name_es"], scope="national").exists()
