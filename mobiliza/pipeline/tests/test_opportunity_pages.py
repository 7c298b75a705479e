"""The opportunity pages: list and filters, adding and editing, who may change what, and the
opportunity's own page (facts, late mark, links to the next records)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mobiliza.pipeline.models import Opportunity, StageChange
from mobiliza.pipeline.tests.conftest import OPPORTUNITIES, detail_url
from mobiliza.plan.models import StrategicAxis

SECRET = "Cifra tope negociada 8812"


def listed(response) -> set[Opportunity]:
    return {row.record for row in response.context["table"].page.object_list}


# --- adding -------------------------------------------------------------------------------


def test_adding_an_opportunity_records_its_first_step(client, login, partner, steps):
    user = login("secretariat")
    response = client.post(
        f"{OPPORTUNITIES}add/",
        {
            "title": "Fondo semilla para albergues",
            "partner": partner.pk,
            "expected_amount": "125000.50",
            "currency": "USD",
            "probability": "40",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    opportunity = Opportunity.objects.get(title="Fondo semilla para albergues")
    assert response["Location"] == detail_url(opportunity)
    assert opportunity.step == steps["identify"]
    assert opportunity.expected_amount == Decimal("125000.50")
    assert opportunity.expected_amount_reporting == Decimal("125000.50")
    first = StageChange.objects.get(opportunity=opportunity)
    assert (first.step, first.outcome, first.moved_by) == (steps["identify"], "open", user)


def test_an_opportunity_may_be_added_straight_into_a_later_step(client, login, partner, steps):
    login("secretariat")
    response = client.post(
        f"{OPPORTUNITIES}add/",
        {
            "title": "Ya en negociación",
            "partner": partner.pk,
            "step": steps["negotiate"].pk,
            "probability": "50",
        },
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get(title="Ya en negociación")
    assert [c.step for c in opportunity.stage_changes.all()] == [steps["negotiate"]]


def test_adding_from_a_partner_page_fills_in_the_partner(client, login, partner):
    login("secretariat")
    response = client.get(f"{OPPORTUNITIES}add/", {"partner": partner.pk})
    assert response.context["form"].initial["partner"] == str(partner.pk)


def test_a_focal_point_is_offered_only_its_own_country(client, login, state):
    login("focal-gt")
    response = client.get(f"{OPPORTUNITIES}add/")
    assert response.status_code == 200
    assert list(response.context["form"].fields["member_state"].queryset) == [state("GT")]
    assert "confidential_notes" in response.context["form"].fields


def test_a_focal_point_adds_for_its_own_country_only(client, login, partner, state):
    login("focal-gt")
    data = {"title": "Oportunidad chapina", "partner": partner.pk, "probability": "50"}
    response = client.post(f"{OPPORTUNITIES}add/", {**data, "member_state": state("HN").pk})
    assert response.status_code == 200
    assert "member_state" in response.context["form"].errors
    response = client.post(f"{OPPORTUNITIES}add/", data)  # regional: not its to add
    assert response.status_code == 200
    assert not Opportunity.objects.filter(title="Oportunidad chapina").exists()
    response = client.post(f"{OPPORTUNITIES}add/", {**data, "member_state": state("GT").pk})
    assert response.status_code == 302
    assert Opportunity.objects.get(title="Oportunidad chapina").member_state == state("GT")


def test_an_evaluator_cannot_add_or_change(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("evaluator")
    assert client.get(f"{OPPORTUNITIES}add/").status_code == 403
    assert client.get(f"{detail_url(opportunity)}edit/").status_code == 403
    assert client.get(detail_url(opportunity)).status_code == 200
    assert client.get(OPPORTUNITIES).status_code == 200


# --- editing ------------------------------------------------------------------------------


def test_editing_keeps_the_step_and_records_the_change(client, login, make_opportunity, steps):
    opportunity = make_opportunity(probability=20)
    login("secretariat")
    form = client.get(f"{detail_url(opportunity)}edit/").context["form"]
    assert "step" not in form.fields  # a step changes only through a recorded move
    response = client.post(
        f"{detail_url(opportunity)}edit/",
        {
            "title": "Fondo de prueba ampliado",
            "partner": opportunity.partner_id,
            "probability": "70",
            "version": opportunity.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.probability) == ("Fondo de prueba ampliado", 70)
    assert opportunity.step == steps["identify"]
    assert opportunity.history.count() == 2


def test_a_focal_point_edits_its_own_country_but_not_another(
    client, login, make_opportunity, state
):
    own = make_opportunity(title="De Guatemala", member_state=state("GT"))
    other = make_opportunity(title="De Honduras", member_state=state("HN"))
    login("focal-gt")
    assert client.get(f"{detail_url(own)}edit/").status_code == 200
    assert client.get(f"{detail_url(other)}edit/").status_code == 403
    response = client.post(
        f"{detail_url(other)}edit/",
        {"title": "Tomada", "partner": other.partner_id, "probability": "5"},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.title == "De Honduras"


def test_confidential_notes_are_hidden_from_other_countries_and_evaluators(
    client, login, make_opportunity, state
):
    opportunity = make_opportunity(member_state=state("GT"), confidential_notes=SECRET)
    for who, sees in [("secretariat", True), ("focal-gt", True), ("focal-hn", False)]:
        login(who)
        page = client.get(detail_url(opportunity)).content.decode()
        assert (SECRET in page) is sees, who
        form = client.get(f"{detail_url(opportunity)}edit/")
        if form.status_code == 200:
            assert ("confidential_notes" in form.context["form"].fields) is sees
    login("evaluator")
    assert SECRET not in client.get(detail_url(opportunity)).content.decode()


# --- list ---------------------------------------------------------------------------------


@pytest.fixture
def spread(make_opportunity, state, steps, cast):
    """Opportunities that differ by each filtered field."""
    axis = StrategicAxis.objects.order_by("position").first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "gt": make_opportunity(title="Uno", member_state=state("GT"), axis=axis),
        "late": make_opportunity(title="Dos", next_action_on=yesterday, owner=cast("focal-hn")),
        "later": make_opportunity(title="Tres", step=steps["negotiate"]),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "GT"}, {"gt"}),
        ({"late": "true"}, {"late"}),
        ({"step": "negotiate"}, {"later"}),
        ({"q": "tres"}, {"later"}),
    ],
)
def test_the_list_filters_by_field(client, login, partner, spread, params, expected):
    login("secretariat")
    response = client.get(OPPORTUNITIES, {"partner": partner.pk, **params})
    assert response.status_code == 200
    assert listed(response) == {spread[key] for key in expected}


def test_the_list_filters_by_axis_owner_kind_and_outcome(client, login, partner, spread, cast):
    login("secretariat")
    axis = spread["gt"].axis
    assert listed(client.get(OPPORTUNITIES, {"axis": axis.code, "partner": partner.pk})) == {
        spread["gt"]
    }
    owner = cast("focal-hn")
    assert listed(client.get(OPPORTUNITIES, {"owner": owner.pk})) == {spread["late"]}
    assert listed(client.get(OPPORTUNITIES, {"outcome": "open", "partner": partner.pk})) == set(
        spread.values()
    )
    demo_financial = set(Opportunity.objects.filter(resource_kind__code="financial"))
    assert listed(client.get(OPPORTUNITIES, {"kind": "financial"})) == demo_financial


def test_the_list_shows_amounts_with_their_currency_and_the_late_mark(
    client, login, make_opportunity
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_opportunity(expected_amount=Decimal("1234.5"), currency="USD", next_action_on=yesterday)
    login("secretariat")
    page = client.get(OPPORTUNITIES, {"q": "Fondo de prueba"}).content.decode()
    assert "US$1,234.50" in page
    assert 'badge-warning">late<' in page


@pytest.mark.parametrize("extra", [5, 50])
def test_the_list_runs_a_fixed_number_of_queries(
    client, login, make_opportunity, extra, django_assert_max_num_queries
):
    _bulk(make_opportunity, extra)
    login("focal-gt")
    with django_assert_max_num_queries(14):
        response = client.get(OPPORTUNITIES)
    assert response.status_code == 200


def _bulk(make_opportunity, count: int) -> None:
    template = make_opportunity(title="Plantilla")
    Opportunity.objects.bulk_create(
        Opportunity(
            title=f"Masiva {i}",
            partner_id=template.partner_id,
            step_id=template.step_id,
            owner_id=template.owner_id,
        )
        for i in range(count)
    )


# --- the opportunity's page ---------------------------------------------------------------


def test_the_page_marks_a_late_opportunity(client, login, make_opportunity):
    late = make_opportunity(
        next_action="Enviar la nota conceptual",
        next_action_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    on_time = make_opportunity(next_action_on=timezone.localdate() + datetime.timedelta(days=2))
    login("secretariat")
    assert 'badge-warning">late<' in client.get(detail_url(late)).content.decode()
    assert 'badge-warning">late<' not in client.get(detail_url(on_time)).content.decode()


def test_the_page_links_to_the_records_that_follow(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("secretariat")
    response = client.get(detail_url(opportunity))
    links = response.context["pipeline"]["links"]
    query = f"opportunity={opportunity.pk}&partner={opportunity.partner_id}"
    assert links["interaction"] == f"/en/pipeline/interactions/add/?{query}"
    for name in ("agreement", "contribution", "deadline"):
        # Present once the agreements pages exist; the page works either way.
        assert links[name] is None or f"opportunity={opportunity.pk}" in links[name]
    assert response.status_code == 200


def test_an_outsider_is_sent_to_log_in(client, make_opportunity):
    opportunity = make_opportunity()
    response = client.get(detail_url(opportunity))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_partner_viewer_does_not_see_opportunities(client, login, make_opportunity):
    opportunity = make_opportunity()
    login("donor")
    assert client.get(detail_url(opportunity)).status_code == 404
    assert client.get("/en/pipeline/").status_code == 403


def test_deleting_an_opportunity_keeps_its_history(client, login, make_opportunity, state):
    opportunity = make_opportunity(member_state=state("HN"))
    login("focal-gt")
    assert client.post(f"{detail_url(opportunity)}delete/").status_code == 403
    login("secretariat")
    response = client.post(f"{detail_url(opportunity)}delete/")
    assert response.status_code == 302
    assert not Opportunity.objects.filter(pk=opportunity.pk).exists()
    assert Opportunity.history.filter(id=opportunity.pk, history_type="-").exists()
