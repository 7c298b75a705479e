"""The pipeline under /api/v1/: opportunities (moves, closing, actions), interactions."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone
from rest_framework.authtoken.models import Token

from mobiliza.accounts.models import User
from mobiliza.coalition.models import MemberState
from mobiliza.core.money import convert
from mobiliza.core.services import record_create
from mobiliza.directory.models import Partner
from mobiliza.directory.tests.conftest import Api as DirectoryApi
from mobiliza.directory.tests.test_views import PDF
from mobiliza.pipeline.models import (
    Interaction,
    InteractionAttachment,
    Opportunity,
    StageChange,
)
from mobiliza.pipeline.services import create_opportunity
from mobiliza.plan.models import MobilizationStep, ResourceKind, StrategicAxis
from mobiliza.portfolio.models import Project

OPPORTUNITIES = "/api/v1/opportunities/"
INTERACTIONS = "/api/v1/interactions/"
INTERACTION_FILES = "/api/v1/interaction-attachments/"


class Api(DirectoryApi):
    """The directory's token client, with extra headers (``If-Match``), raw JSON and uploads."""

    def _send(self, method: str, path: str, data: Any, **headers: Any):
        return getattr(self.client, method)(
            path,
            data if isinstance(data, str) else json.dumps(data),
            content_type="application/json",
            **self.headers,
            **headers,
        )

    def post(self, path: str, data: Any, **headers: Any):
        return self._send("post", path, data, **headers)

    def patch(self, path: str, data: Any, **headers: Any):
        return self._send("patch", path, data, **headers)

    def delete(self, path: str, **headers: Any):
        return self.client.delete(path, **self.headers, **headers)

    def upload(self, path: str, data: dict, method: str = "post"):
        """Send ``data`` (with files) as ``multipart/form-data``."""
        if method == "post":
            return self.client.post(path, data, **self.headers)
        return getattr(self.client, method)(
            path,
            encode_multipart(BOUNDARY, data),
            content_type=MULTIPART_CONTENT,
            **self.headers,
        )


@pytest.fixture
def api(cast):
    """``api("focal-gt")``: an API client holding that person's token."""

    def make(name: str) -> Api:
        token, _ = Token.objects.get_or_create(user=cast(name))
        return Api(token.key)

    return make


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def step(code: str) -> MobilizationStep:
    return MobilizationStep.objects.get(code=code)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def own_partner(cast) -> Partner:
    """A partner of these tests' own, so the demo's records stay out of the way."""
    return record_create(
        user=cast("secretariat"),
        model=Partner,
        data={"name_es": "Fundación Interfaz Programable", "acronym": "FIP"},
    )


@pytest.fixture
def opportunity(cast, own_partner):
    """``opportunity("GT", title=...)``: an opportunity of that country (None: regional)."""

    def make(country: str | None = "GT", **data: Any) -> Opportunity:
        data.setdefault("title", f"Fondo de {country or 'la región'}")
        data.setdefault("partner", own_partner)
        data["member_state"] = state(country) if country else None
        return create_opportunity(user=cast("secretariat"), data=data)

    return make


def url(obj: Any) -> str:
    return f"{OPPORTUNITIES}{obj.pk}/"


# --- without permission --------------------------------------------------------------


@pytest.mark.parametrize("path", [OPPORTUNITIES, INTERACTIONS, INTERACTION_FILES])
def test_an_anonymous_request_is_refused(client, db, path):
    response = client.get(path)
    assert response.status_code in (401, 403)
    assert response.json()["detail"]
    assert client.post(path, {}).status_code in (401, 403)


def test_a_partner_viewer_cannot_read_the_pipeline(api, opportunity):
    opportunity("GT")
    donor = api("donor")
    for path in (OPPORTUNITIES, INTERACTIONS):
        response = donor.get(path)
        assert response.status_code == 403
        assert "results" not in response.json()


def test_the_evaluator_reads_but_cannot_write(api, opportunity, own_partner):
    gt = opportunity("GT", confidential_notes="Secreto")
    evaluator = api("evaluator")
    response = evaluator.get(url(gt))
    assert response.status_code == 200
    assert "confidential_notes" not in response.json()
    assert evaluator.patch(url(gt), {"title": "Evaluado"}).status_code == 403
    assert evaluator.delete(url(gt)).status_code == 403
    assert (
        evaluator.post(OPPORTUNITIES, {"title": "X", "partner": own_partner.pk}).status_code == 403
    )
    assert evaluator.post(f"{url(gt)}move/", {"step": "negotiate"}).status_code == 403
    assert Opportunity.objects.get(pk=gt.pk).title == gt.title
    assert not Opportunity.objects.filter(title="X").exists()


# --- with permission -----------------------------------------------------------------


def test_the_secretariat_creates_an_opportunity_in_the_first_step(api, own_partner):
    response = api("secretariat").post(
        OPPORTUNITIES,
        {
            "title": "Fondo API",
            "partner": own_partner.pk,
            "country": "GT",
            "axis": "1",
            "resource_kind": "financial",
            "expected_amount": "250000.50",
            "currency": "USD",
            "next_action": "Llamar",
            "next_action_on": "2001-01-01",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert isinstance(data["id"], int)
    assert data["country"] == "GT"
    assert data["step"] == MobilizationStep.objects.order_by("position").first().code
    assert data["outcome"] == "open"
    assert data["expected_amount"] == "250000.50"
    assert data["expected_amount_reporting"] == "250000.50"
    assert data["reporting_currency"] == "USD"
    assert data["is_late"] is True
    assert [h["step"] for h in data["stage_history"]] == [data["step"]]
    stored = Opportunity.objects.get(pk=data["id"])
    assert stored.expected_amount == Decimal("250000.50")
    assert stored.axis == StrategicAxis.objects.get(code="1")
    assert stored.resource_kind == ResourceKind.objects.get(code="financial")
    assert response["ETag"] == f'"{stored.version}"'


def test_the_expected_amount_is_converted_at_the_latest_rate(api, opportunity):
    from mobiliza.core.models import ExchangeRate

    ExchangeRate.objects.create(
        date=datetime.date(2010, 1, 4),
        currency="EUR",
        rate=Decimal("1.0850"),
        reporting_currency="USD",
    )
    gt = opportunity("GT", expected_amount=Decimal("1000.00"), currency="EUR")
    data = api("focal-gt").get(url(gt)).json()
    expected = convert(Decimal("1000.00"), "EUR", timezone.localdate()).rounded
    assert Decimal(data["expected_amount_reporting"]) == expected
    assert data["currency"] == "EUR"


def test_the_focal_point_of_guatemala_creates_changes_and_deletes_its_own(api, own_partner):
    client = api("focal-gt")
    created = client.post(
        OPPORTUNITIES, {"title": "Propia", "partner": own_partner.pk, "country": "gt"}
    )
    assert created.status_code == 201, created.json()
    assert created.json()["country"] == "GT"
    target = f"{OPPORTUNITIES}{created.json()['id']}/"
    changed = client.patch(target, {"title": "Propia 2", "confidential_notes": "Nota"})
    assert changed.status_code == 200
    assert changed.json()["confidential_notes"] == "Nota"
    assert client.delete(target).status_code == 204
    assert not Opportunity.objects.filter(pk=created.json()["id"]).exists()


def test_confidential_notes_are_shown_only_to_who_may_read_them(api, opportunity):
    gt = opportunity("GT", confidential_notes="Margen de negociación")
    assert api("secretariat").get(url(gt)).json()["confidential_notes"] == "Margen de negociación"
    assert api("focal-gt").get(url(gt)).json()["confidential_notes"] == "Margen de negociación"
    other = api("focal-hn").get(url(gt))
    assert other.status_code == 200
    assert "confidential_notes" not in other.json()
    assert "Margen" not in api("focal-hn").get(OPPORTUNITIES).content.decode()


# --- another country's record --------------------------------------------------------


def test_the_focal_point_of_guatemala_cannot_change_or_delete_a_honduran_opportunity(
    api, opportunity
):
    hn = opportunity("HN")
    client = api("focal-gt")
    assert client.patch(url(hn), {"title": "Ajeno"}).status_code in (403, 404)
    assert client.delete(url(hn)).status_code in (403, 404)
    assert client.post(f"{url(hn)}move/", {"step": "negotiate"}).status_code in (403, 404)
    assert client.post(f"{url(hn)}close/", {"outcome": "won"}).status_code in (403, 404)
    stored = Opportunity.objects.get(pk=hn.pk)
    assert (stored.title, stored.step, stored.outcome, stored.version) == (
        hn.title,
        hn.step,
        "open",
        hn.version,
    )


def test_the_focal_point_of_guatemala_cannot_create_one_for_honduras(api, own_partner):
    response = api("focal-gt").post(
        OPPORTUNITIES, {"title": "Para Honduras", "partner": own_partner.pk, "country": "HN"}
    )
    assert response.status_code in (400, 403)
    assert response.json()["detail"]
    regional = api("focal-gt").post(
        OPPORTUNITIES, {"title": "Regional", "partner": own_partner.pk, "country": None}
    )
    assert regional.status_code in (400, 403)
    assert not Opportunity.objects.filter(title__in=["Para Honduras", "Regional"]).exists()


def test_the_focal_point_of_guatemala_cannot_move_records_between_countries(api, opportunity):
    gt, hn = opportunity("GT"), opportunity("HN")
    client = api("focal-gt")
    assert client.patch(url(gt), {"country": "HN"}).status_code in (400, 403)
    assert client.patch(url(hn), {"country": "GT"}).status_code in (400, 403, 404)
    assert Opportunity.objects.get(pk=gt.pk).member_state.code == "GT"
    assert Opportunity.objects.get(pk=hn.pk).member_state.code == "HN"


def test_an_outdated_if_match_gets_a_412(api, opportunity):
    gt = opportunity("GT")
    client = api("focal-gt")
    assert client.patch(url(gt), {"title": "Primero"}).status_code == 200
    stale = client.patch(url(gt), {"title": "Segundo"}, HTTP_IF_MATCH=f'"{gt.version}"')
    assert stale.status_code == 412
    assert stale.json()["current_version"] == gt.version + 1
    moved = client.post(f"{url(gt)}move/", {"step": "negotiate"}, HTTP_IF_MATCH=f'"{gt.version}"')
    assert moved.status_code == 412
    stored = Opportunity.objects.get(pk=gt.pk)
    assert (stored.title, stored.step) == ("Primero", gt.step)


# --- moves and closing ---------------------------------------------------------------


def test_moving_by_code_or_id_keeps_the_stage_history(api, opportunity):
    gt = opportunity("GT")
    client = api("focal-gt")
    response = client.post(f"{url(gt)}move/", {"step": "negotiate", "confirm_skip": True})
    assert response.status_code == 200, response.json()
    assert response.json()["step"] == "negotiate"
    response = client.post(
        f"{url(gt)}move/", {"step": step("participate").pk, "version": response.json()["version"]}
    )
    assert response.status_code == 200, response.json()
    history = response.json()["stage_history"]
    assert [h["step"] for h in history] == [gt.step.code, "negotiate", "participate"]
    assert all(h["outcome"] == "open" for h in history)
    assert StageChange.objects.filter(opportunity=gt).count() == 3
    unknown = client.post(f"{url(gt)}move/", {"step": "nowhere"})
    assert unknown.status_code == 400
    assert "step" in unknown.json()["errors"]


def test_the_step_is_changed_by_moving_not_by_patching(api, opportunity):
    gt = opportunity("GT")
    response = api("focal-gt").patch(url(gt), {"step": "negotiate"})
    assert response.status_code == 400
    assert "step" in response.json()["errors"]
    assert Opportunity.objects.get(pk=gt.pk).step == gt.step
    same = api("focal-gt").patch(url(gt), {"step": gt.step.code, "title": "Igual"})
    assert same.status_code == 200


def test_closing_as_won_or_lost(api, opportunity):
    won, lost = opportunity("GT", title="Ganada"), opportunity("GT", title="Perdida")
    client = api("focal-gt")
    response = client.post(f"{url(won)}close/", {"outcome": "won"})
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "won"
    assert response.json()["closed_on"] == timezone.localdate().isoformat()
    assert response.json()["stage_history"][-1]["outcome"] == "won"

    no_reason = client.post(f"{url(lost)}close/", {"outcome": "lost"})
    assert no_reason.status_code == 400
    assert "loss_reason" in no_reason.json()["errors"]
    assert client.post(f"{url(lost)}close/", {"outcome": "open"}).status_code == 400
    response = client.post(
        f"{url(lost)}close/",
        {"outcome": "lost", "loss_reason": "no_funds", "loss_notes": "Sin fondos este año"},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["loss_reason"], response.json()["loss_notes"]) == (
        "no_funds",
        "Sin fondos este año",
    )
    reopened = client.post(f"{url(lost)}move/", {"step": "participate"})
    assert (reopened.json()["outcome"], reopened.json()["loss_reason"]) == ("open", "")


def test_the_outcome_cannot_be_patched(api, opportunity):
    gt = opportunity("GT")
    api("focal-gt").patch(url(gt), {"outcome": "won", "loss_reason": "other"})
    assert Opportunity.objects.get(pk=gt.pk).outcome == "open"


def test_ticking_and_unticking_an_action_of_the_step(api, opportunity):
    gt = opportunity("GT")
    action = gt.step.actions.order_by("position").first()
    client = api("focal-gt")
    response = client.post(f"{url(gt)}actions/", {"action": action.code})
    assert response.status_code == 200, response.json()
    assert response.json()["actions_done"] == [action.code]
    response = client.post(f"{url(gt)}actions/", {"action": action.pk, "done": False})
    assert response.json()["actions_done"] == []
    hn = opportunity("HN")
    assert client.post(f"{url(hn)}actions/", {"action": action.code}).status_code == 403


# --- lists ---------------------------------------------------------------------------


def test_opportunities_filter_by_field_name(api, opportunity, cast):
    gt = opportunity("GT", axis=StrategicAxis.objects.get(code="1"), owner=cast("focal-gt"))
    hn = opportunity("HN", resource_kind=ResourceKind.objects.get(code="human"))
    regional = opportunity(None)
    client = api("secretariat")
    client.post(f"{url(hn)}move/", {"step": "negotiate", "confirm_skip": True})
    client.post(f"{url(regional)}close/", {"outcome": "won"})

    assert ids(client.get(OPPORTUNITIES, {"country": "GT", "partner": gt.partner_id})) == {gt.pk}
    assert ids(client.get(OPPORTUNITIES, {"axis": "1", "partner": gt.partner_id})) == {gt.pk}
    assert ids(client.get(OPPORTUNITIES, {"owner": cast("focal-gt").pk})) >= {gt.pk}
    assert ids(client.get(OPPORTUNITIES, {"step": "negotiate", "partner": hn.partner_id})) == {
        hn.pk
    }
    assert ids(
        client.get(OPPORTUNITIES, {"step": step("negotiate").pk, "partner": hn.partner_id})
    ) == {hn.pk}
    assert ids(client.get(OPPORTUNITIES, {"outcome": "won", "partner": gt.partner_id})) == {
        regional.pk
    }
    assert ids(client.get(OPPORTUNITIES, {"resource_kind": "human", "partner": gt.partner_id})) == {
        hn.pk
    }
    countries = {
        i["country"]
        for i in client.get(OPPORTUNITIES, {"partner": gt.partner_id}).json()["results"]
    }
    assert countries == {"GT", "HN", None}


def test_opportunities_are_searched_by_title_project_or_partner(api, opportunity, own_partner):
    school = record_create(
        user=User.objects.get(email="secretariat@example.org"),
        model=Project,
        data={"name_es": "Escuela de fiscales", "scope": "national", "member_state": state("GT")},
    )
    first = opportunity("GT", title="Becas de formación", project=school)
    client = api("evaluator")
    assert first.pk in ids(client.get(OPPORTUNITIES, {"search": "becas"}))
    assert first.pk in ids(client.get(OPPORTUNITIES, {"search": "fiscales"}))
    assert first.pk in ids(client.get(OPPORTUNITIES, {"search": "Interfaz Programable"}))
    assert first.pk not in ids(client.get(OPPORTUNITIES, {"search": "inexistente"}))


def _bulk_opportunities(count: int, partner: Partner) -> None:
    first = MobilizationStep.objects.order_by("position").first()
    created = Opportunity.objects.bulk_create(
        Opportunity(
            title=f"Masiva {n}",
            partner=partner,
            member_state=state("GT" if n % 2 else "HN"),
            axis=StrategicAxis.objects.get(code="2"),
            resource_kind=ResourceKind.objects.get(code="financial"),
            step=first,
            expected_amount=Decimal("10.50"),
            currency="USD",
            confidential_notes="nota",
        )
        for n in range(count)
    )
    StageChange.objects.bulk_create(
        StageChange(opportunity=o, step=first, outcome="open") for o in created
    )


def test_the_list_runs_the_same_few_queries_for_5_or_50_rows(
    api, own_partner, django_assert_max_num_queries
):
    client = api("focal-gt")
    # Token, roles, the partner filter's lookup, count, page, stage history, actions done.
    _bulk_opportunities(5, own_partner)
    with django_assert_max_num_queries(7) as few:
        assert len(client.get(OPPORTUNITIES, {"partner": own_partner.pk}).json()["results"]) == 5
    _bulk_opportunities(45, own_partner)
    with django_assert_max_num_queries(7) as many:
        response = client.get(OPPORTUNITIES, {"partner": own_partner.pk, "page_size": 100})
        assert len(response.json()["results"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


# --- money ---------------------------------------------------------------------------


def test_the_largest_amount_round_trips_exactly_as_a_string(api, opportunity):
    gt = opportunity("GT")
    response = api("focal-gt").patch(
        url(gt), {"expected_amount": "999999999999.99", "currency": "USD"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["expected_amount"] == "999999999999.99"
    assert Opportunity.objects.get(pk=gt.pk).expected_amount == Decimal("999999999999.99")
    assert api("focal-gt").get(url(gt)).json()["expected_amount"] == "999999999999.99"
    too_big = api("focal-gt").patch(url(gt), {"expected_amount": "1000000000000.00"})
    assert too_big.status_code == 400
    assert "expected_amount" in too_big.json()["errors"]


def test_a_json_number_is_taken_exactly_or_refused_never_rounded_through_a_float(api, opportunity):
    gt = opportunity("GT")
    client = api("focal-gt")
    # 1234567.89 has no exact binary form; it is read as the decimal the client wrote.
    response = client.patch(url(gt), '{"expected_amount": 1234567.89, "currency": "USD"}')
    assert response.status_code == 200, response.json()
    assert response.json()["expected_amount"] == "1234567.89"
    assert Opportunity.objects.get(pk=gt.pk).expected_amount == Decimal("1234567.89")
    # What 0.1 + 0.2 gives in floating point has more places than money has: refused.
    response = client.patch(url(gt), '{"expected_amount": 0.30000000000000004}')
    assert response.status_code == 400
    assert "expected_amount" in response.json()["errors"]
    assert Opportunity.objects.get(pk=gt.pk).expected_amount == Decimal("1234567.89")


# --- interactions --------------------------------------------------------------------


def test_an_interaction_about_an_opportunity_takes_its_partner_and_country(api, opportunity, cast):
    gt = opportunity("GT")
    response = api("focal-gt").post(
        INTERACTIONS,
        {
            "opportunity": gt.pk,
            "kind": "meeting",
            "occurred_on": "2024-05-02",
            "subject": "Reunión de presentación",
            "users": [cast("focal-gt").pk],
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["partner"], data["country"]) == (gt.partner_id, "GT")
    assert data["users"] == [cast("focal-gt").pk]
    assert ids(api("evaluator").get(INTERACTIONS, {"opportunity": gt.pk})) == {data["id"]}
    assert ids(api("secretariat").get(INTERACTIONS, {"country": "GT", "kind": "meeting"})) >= {
        data["id"]
    }
    assert data["id"] in ids(api("secretariat").get(INTERACTIONS, {"search": "presentación"}))


def test_the_focal_point_of_guatemala_cannot_record_or_change_honduras_interactions(
    api, opportunity, own_partner
):
    hn = opportunity("HN")
    client = api("focal-gt")
    assert client.post(
        INTERACTIONS, {"opportunity": hn.pk, "kind": "call", "subject": "Ajena"}
    ).status_code in (400, 403)
    assert client.post(
        INTERACTIONS,
        {"partner": own_partner.pk, "country": "HN", "kind": "call", "subject": "Ajena"},
    ).status_code in (400, 403)
    assert not Interaction.objects.filter(subject="Ajena").exists()
    theirs = record_create(
        user=_secretariat(),
        model=Interaction,
        data={"opportunity": hn, "kind": "call", "subject": "Hondureña"},
    )
    target = f"{INTERACTIONS}{theirs.pk}/"
    assert client.patch(target, {"subject": "Cambiada"}).status_code in (403, 404)
    assert client.patch(target, {"country": "GT"}).status_code in (403, 404)
    assert client.delete(target).status_code in (403, 404)
    assert Interaction.objects.get(pk=theirs.pk).subject == "Hondureña"


def _secretariat():
    from mobiliza.accounts.models import User

    return User.objects.get(email="secretariat@example.org")


def test_an_interaction_document_is_uploaded_as_multipart(api, opportunity):
    gt, hn = opportunity("GT"), opportunity("HN")
    mine = record_create(
        user=_secretariat(),
        model=Interaction,
        data={"opportunity": gt, "kind": "forum", "subject": "Foro"},
    )
    theirs = record_create(
        user=_secretariat(),
        model=Interaction,
        data={"opportunity": hn, "kind": "forum", "subject": "Foro HN"},
    )
    client = api("focal-gt")
    response = client.upload(
        INTERACTION_FILES,
        {"interaction": mine.pk, "title": "Acta", "file": SimpleUploadedFile("acta.pdf", PDF)},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["country"] == "GT"
    assert InteractionAttachment.objects.get(pk=response.json()["id"]).file.read() == PDF
    listed = client.get(f"{INTERACTIONS}{mine.pk}/").json()["attachments"]
    assert [a["title"] for a in listed] == ["Acta"]
    refused = client.upload(
        INTERACTION_FILES,
        {"interaction": theirs.pk, "title": "Ajena", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert refused.status_code in (400, 403)
    assert not InteractionAttachment.objects.filter(title="Ajena").exists()
