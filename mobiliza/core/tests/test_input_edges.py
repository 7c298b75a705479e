"""Odd input is refused with a message naming the field, never a server error: years,
dates, amounts, NUL characters, deep JSON, and deleting a record others refer to."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers
from rest_framework.authtoken.models import Token

from mobiliza.agreements.models import Contribution
from mobiliza.coalition.api.serializers import CountryField
from mobiliza.coalition.models import MemberState, NationalBody
from mobiliza.core.drf.serializers import CodeOrIdField
from mobiliza.core.money import MoneyField, parse_decimal_text
from mobiliza.pipeline.tests.test_api import Api
from mobiliza.plan.models import MobilizationStep

YEAR_LISTS = [
    "/api/v1/contributions/",
    "/api/v1/agreements/",
    "/api/v1/interactions/",
    "/api/v1/meetings/",
]
YEAR_PAGES = [
    "agreements:contribution_list",
    "agreements:agreement_list",
    "pipeline:interaction_list",
    "coalition:meeting_list",
]
YEAR_MESSAGE = "Enter a year between 1900 and 2100."
DATE_MESSAGE = "Enter a date between the years 1900 and 2100."
NUMBER_MESSAGE = (
    "Enter a plain decimal number: the digits 0 to 9, an optional minus sign and a point "
    "before the decimals, such as 1234.56."
)
# The pages read either convention (core.imports.numbers.read_amount) and say so.
FORM_NUMBER_MESSAGE = "Enter a number, such as 1,849,089.25 or 1849089.25."


@pytest.fixture
def api(cast):
    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make


def a_contribution(country: str = "GT") -> Contribution:
    found = Contribution.objects.filter(member_state__code=country).first()
    assert found is not None, "the demo has contributions of this country"
    return found


# --- years in the lists' filters ------------------------------------------------------


@pytest.mark.parametrize("path", YEAR_LISTS)
@pytest.mark.parametrize("year", ["0", "-1", "12345678901234567890", "2025.5"])
def test_a_year_outside_the_range_is_a_400_naming_the_filter(api, path, year):
    response = api("secretariat").get(path, {"year": year})
    assert response.status_code == 400, response.content
    assert "year" in response.json()["errors"]


@pytest.mark.parametrize("path", YEAR_LISTS)
def test_a_year_inside_the_range_still_filters(api, path):
    assert api("secretariat").get(path, {"year": "2025"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/deadlines/", "due"),
        ("/api/v1/contributions/", "value"),
        ("/api/v1/agreements/", "signed"),
        ("/api/v1/interactions/", "occurred"),
    ],
)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "２０２５-03-31"])
def test_a_date_range_end_outside_the_years_is_a_400_naming_the_filter(api, path, name, day):
    with translation.override("en"):
        response = api("secretariat").get(path, {f"{name}_after": day})
    assert response.status_code == 400, response.content
    assert name in response.json()["errors"]
    assert api("secretariat").get(path, {f"{name}_after": "2025-01-01"}).status_code == 200


@pytest.mark.parametrize("name", YEAR_PAGES)
def test_the_list_page_shows_the_year_error_instead_of_failing(client, login, name):
    login("secretariat")
    with translation.override("en"):
        page = reverse(name)
    response = client.get(page, {"year": "0"})
    assert response.status_code == 200
    assert YEAR_MESSAGE in response.content.decode()


# --- business dates -------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_contribution_dated_outside_1900_to_2100_is_refused(api, day):
    contribution = a_contribution()
    response = api("secretariat").patch(
        f"/api/v1/contributions/{contribution.pk}/", {"value_date": day}
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["value_date"] == [DATE_MESSAGE]
    contribution.refresh_from_db()
    assert contribution.value_date.year != int(day[:4])


def test_the_model_refuses_the_date_whatever_calls_it(db):
    contribution = a_contribution()
    contribution.value_date = datetime.date(1, 1, 1)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        contribution.full_clean()
    with translation.override("en"):
        assert refused.value.message_dict["value_date"] == [DATE_MESSAGE]


# --- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["-0", "-0.00", "１２", "1_000", "1e3", "1E+3", "NaN", "Infinity", "-Infinity", "٣"]
)
def test_an_amount_not_written_plainly_is_refused_by_the_api(api, text):
    contribution = a_contribution()
    before = contribution.amount
    response = api("secretariat").patch(
        f"/api/v1/contributions/{contribution.pk}/", {"amount": text}
    )
    assert response.status_code == 400, response.content
    assert "amount" in response.json()["errors"]
    contribution.refresh_from_db()
    assert contribution.amount == before


def test_an_amount_as_a_json_number_with_an_exponent_is_refused(api):
    contribution = a_contribution()
    response = api("secretariat").patch(
        f"/api/v1/contributions/{contribution.pk}/", '{"amount": 1.5e3}'
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["amount"] == [NUMBER_MESSAGE]


@pytest.mark.parametrize("text", ["-0", "1_000", "１２", "1e3"])
def test_the_model_and_the_page_read_amounts_the_same_way(text):
    with pytest.raises(ValidationError):
        MoneyField().to_python(text)
    with pytest.raises(ValidationError):
        MoneyField().formfield().clean(text)


def test_plain_amounts_are_still_read_exactly():
    assert str(parse_decimal_text(" 1234.56 ")) == "1234.56"
    assert str(parse_decimal_text("-12")) == "-12"
    assert str(MoneyField().to_python("0")) == "0"


def test_the_page_shows_the_amount_error(client, login):
    login("secretariat")
    contribution = a_contribution()
    with translation.override("en"):
        page = reverse("agreements:contribution_edit", args=[contribution.pk])
    form = client.get(page).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update({"amount": "1_000", "version": contribution.version})
    data = {
        k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items() if not isinstance(v, list)
    }
    response = client.post(page, data)
    assert response.status_code == 200
    assert FORM_NUMBER_MESSAGE in response.content.decode()


# --- NUL characters -------------------------------------------------------------------


def test_a_nul_in_a_country_code_is_a_400_naming_the_field(api):
    before = NationalBody.objects.count()
    response = api("secretariat").post(
        "/api/v1/national-bodies/", '{"country": "G\\u0000T", "name_es": "Comisión"}'
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["country"] == ["Null characters are not allowed."]
    assert NationalBody.objects.count() == before


def test_a_nul_in_a_nested_value_names_where_it_is(api):
    contribution = a_contribution()
    response = api("secretariat").patch(
        f"/api/v1/contributions/{contribution.pk}/", '{"areas": ["ok", "a\\u0000b"]}'
    )
    assert response.status_code == 400, response.content
    assert "areas.1" in response.json()["errors"]


@pytest.mark.django_db
def test_the_code_fields_refuse_a_nul_and_a_wrong_type_themselves():
    with translation.override("en"):
        with pytest.raises(serializers.ValidationError, match="Null characters"):
            CountryField().to_internal_value("G\x00T")
        with pytest.raises(serializers.ValidationError, match="ISO code"):
            CountryField().to_internal_value({"code": "GT"})
        step = CodeOrIdField(queryset=MobilizationStep.objects.all())
        with pytest.raises(serializers.ValidationError, match="Null characters"):
            step.to_internal_value("identify\x00")
        with pytest.raises(serializers.ValidationError, match="There is no item"):
            step.to_internal_value("²")


def test_the_model_refuses_a_nul_in_any_text(db):
    body = NationalBody.objects.first()
    assert body is not None
    body.name_es = "Comisión\x00"
    with pytest.raises(ValidationError) as refused:
        body.full_clean()
    assert "name_es" in refused.value.message_dict


def test_a_nul_in_a_code_filter_is_the_filter_error(api):
    response = api("secretariat").get("/api/v1/contributions/", {"country": "G\x00T"})
    assert response.status_code == 400, response.content
    assert "country" in response.json()["errors"]


# --- deep JSON ----------------------------------------------------------------------------


def test_json_nested_5000_levels_deep_is_a_400(api):
    contribution = a_contribution()
    body = '{"notes_es": ' + "[" * 5000 + "]" * 5000 + "}"
    response = api("secretariat").patch(f"/api/v1/contributions/{contribution.pk}/", body)
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_json_nested_past_the_limit_but_parseable_is_a_400_too(api):
    contribution = a_contribution()
    body = json.dumps({"notes_es": json.loads("[" * 40 + "]" * 40)})
    response = api("secretariat").patch(f"/api/v1/contributions/{contribution.pk}/", body)
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


# --- deleting what others refer to --------------------------------------------------------


def test_deleting_a_member_state_others_refer_to_is_a_409_naming_them(api):
    costa_rica = MemberState.objects.get(code="CR")
    bodies = NationalBody.objects.filter(member_state=costa_rica).count()
    assert bodies, "the demo gives Costa Rica a national body"

    response = api("secretariat").delete(f"/api/v1/member-states/{costa_rica.pk}/")

    assert response.status_code == 409, response.content
    answer = response.json()
    assert answer["code"] == "referenced"
    assert str(costa_rica) in answer["detail"]
    kinds = {item["kind"]: item["count"] for item in answer["referenced_by"]}
    assert kinds["coalition.nationalbody"] == bodies
    label = "national body" if bodies == 1 else "national bodies"
    assert f"{bodies} {label}" in answer["detail"]
    assert MemberState.objects.filter(pk=costa_rica.pk).exists()


def test_the_page_and_the_api_give_the_same_explanation(client, login, api):
    costa_rica = MemberState.objects.get(code="CR")
    detail = api("secretariat").delete(f"/api/v1/member-states/{costa_rica.pk}/").json()["detail"]
    login("secretariat")
    with translation.override("en"):
        page = reverse("coalition:memberstate_delete", args=[costa_rica.pk])
    response = client.post(page, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert detail.split(":")[0] in response.content.decode()
    assert MemberState.objects.filter(pk=costa_rica.pk).exists()


@pytest.mark.parametrize("day", ["２０２５-03-31", "٢٠٢٥-03-31"])
def test_a_date_written_with_other_digits_is_refused_by_the_api(api, day):
    contribution = a_contribution()
    response = api("secretariat").patch(
        f"/api/v1/contributions/{contribution.pk}/", {"value_date": day}
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["value_date"] == [
        "Write the date with the digits 0 to 9, such as 2025-03-31."
    ]


def test_a_date_written_with_other_digits_is_refused_by_the_page(client, login):
    login("secretariat")
    with translation.override("en"):
        page = reverse("coalition:meeting_add")
    response = client.post(page, {"title": "Reunión", "date": "２０２５-03-31", "kind": "plenary"})
    assert response.status_code == 200
    assert "Write the date with the digits 0 to 9" in response.content.decode()


CODE_FIELDS = [
    ("/api/v1/partners/", "source_type"),
    ("/api/v1/partners/", "areas"),
    ("/api/v1/national-bodies/", "country"),
    ("/api/v1/opportunities/", "step"),
    ("/api/v1/contributions/", "kind"),
    ("/api/v1/contributions/", "currency"),
]


@pytest.mark.parametrize(("path", "field"), CODE_FIELDS)
@pytest.mark.parametrize("encoding", ["json", "form"])
def test_a_nul_in_any_code_field_is_a_400_naming_it(api, client, cast, path, field, encoding):
    if encoding == "json":
        response = api("secretariat").post(path, json.dumps({field: "G\x00T", "name_es": "Socio"}))
    else:
        token = Token.objects.get_or_create(user=cast("secretariat"))[0].key
        response = client.post(
            path, {field: "G\x00T", "name_es": "Socio"}, HTTP_AUTHORIZATION=f"Token {token}"
        )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
