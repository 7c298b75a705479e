"""Who may see and change partners: managers, focal points, evaluators, partner viewers."""

from __future__ import annotations

import pytest

from mobiliza.coalition.models import MemberState
from mobiliza.core.permissions import can
from mobiliza.core.services import record_create, record_update
from mobiliza.directory.models import Partner

SECRET = "Secret negotiation line 7731"
PARTNERS = "/en/directory/partners/"
API = "/api/v1/partners/"


def edit_url(partner: Partner) -> str:
    return f"{PARTNERS}{partner.pk}/edit/"


def detail_url(partner: Partner) -> str:
    return f"{PARTNERS}{partner.pk}/"


def _country_partner(cast, code: str, **data) -> Partner:
    return record_create(
        user=cast(f"focal-{code.lower()}"),
        model=Partner,
        data={
            "name_es": f"Fundación de {code}",
            "member_state": MemberState.objects.get(code=code),
            "confidential_notes": SECRET,
            **data,
        },
    )


@pytest.fixture
def gt_partner(cast) -> Partner:
    partner = _country_partner(cast, "GT")
    # A later change of the notes is in the history too.
    return record_update(
        user=cast("focal-gt"),
        instance=partner,
        data={"confidential_notes": f"{SECRET} (revised)"},
        version=partner.version,
    )


@pytest.mark.parametrize("who", ["secretariat", "presidency"])
def test_managers_may_edit_every_partner(client, login, who, gt_partner):
    user = login(who)
    assert all(can(user, "change", p) for p in Partner.objects.all())
    for partner in (gt_partner, Partner.objects.get(acronym="OIM")):
        assert client.get(edit_url(partner)).status_code == 200


def test_a_focal_point_is_offered_only_its_own_country_when_adding(client, login):
    login("focal-gt")
    response = client.get(f"{PARTNERS}add/")
    assert response.status_code == 200
    offered = list(response.context["form"].fields["member_state"].queryset)
    assert offered == [MemberState.objects.get(code="GT")]


def test_a_focal_point_adds_a_partner_for_its_country(client, login):
    login("focal-gt")
    gt = MemberState.objects.get(code="GT")
    hn = MemberState.objects.get(code="HN")
    data = {"name_es": "Asociación Chapina", "status": "prospect"}
    response = client.post(f"{PARTNERS}add/", {**data, "member_state": hn.pk})
    assert response.status_code == 200  # the form refuses another country
    assert "member_state" in response.context["form"].errors
    response = client.post(f"{PARTNERS}add/", {**data, "member_state": ""})
    assert response.status_code == 200  # nor a regional record
    assert not Partner.objects.filter(name_es="Asociación Chapina").exists()
    response = client.post(f"{PARTNERS}add/", {**data, "member_state": gt.pk})
    assert response.status_code == 302
    assert Partner.objects.get(name_es="Asociación Chapina").member_state == gt


def test_a_focal_point_edits_what_its_country_added(client, login, gt_partner):
    login("focal-gt")
    assert client.get(edit_url(gt_partner)).status_code == 200


def test_a_focal_point_cannot_edit_other_countries_or_regional_partners(client, login, cast, api):
    hn_partner = _country_partner(cast, "HN")
    regional = Partner.objects.get(acronym="OIM")
    login("focal-gt")
    for partner in (hn_partner, regional):
        assert client.get(edit_url(partner)).status_code == 403
        assert (
            client.post(edit_url(partner), {"name_es": "x", "status": "active"}).status_code == 403
        )
        response = api("focal-gt").patch(f"{API}{partner.pk}/", {"acronym": "X"})
        assert response.status_code == 403
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()
    assert Partner.objects.get(pk=regional.pk).acronym == "OIM"


def test_a_focal_point_cannot_move_its_partner_to_another_country(api, gt_partner):
    response = api("focal-gt").patch(f"{API}{gt_partner.pk}/", {"country": "HN"})
    assert response.status_code == 403
    gt_partner.refresh_from_db()
    assert gt_partner.member_state.code == "GT"


def test_a_partner_viewer_sees_only_its_own_partner(client, login, api):
    login("donor")
    own = Partner.objects.get(acronym="OIM")
    other = Partner.objects.get(acronym="UNODC")
    response = client.get(PARTNERS)
    assert [row.record for row in response.context["table"].page.object_list] == [own]
    assert client.get(detail_url(own)).status_code == 200
    assert client.get(detail_url(other)).status_code == 404
    assert client.get(edit_url(own)).status_code == 403
    listing = api("donor").get(API).json()
    assert [item["id"] for item in listing["results"]] == [own.pk]
    assert api("donor").get(f"{API}{other.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["evaluator", "focal-hn", "donor"])
def test_confidential_notes_are_hidden_from_others(client, login, api, who, gt_partner):
    oim = Partner.objects.get(acronym="OIM")
    login(who)
    for partner in (gt_partner, oim):
        response = client.get(detail_url(partner))
        if response.status_code == 404:  # the partner viewer does not see GT's partner at all
            assert who == "donor"
            continue
        page = response.content.decode()
        assert SECRET not in page
        assert "Notas de negociación" not in page
        assert "confidential_notes" not in api(who).get(f"{API}{partner.pk}/").json()
    own_country = who.removeprefix("focal-").upper() if who.startswith("focal-") else None
    for item in api(who).get(API, {"page_size": 100}).json()["results"]:
        if item["country"] != own_country:
            assert "confidential_notes" not in item


@pytest.mark.parametrize("who", ["secretariat", "presidency", "focal-gt"])
def test_confidential_notes_are_shown_to_managers_and_the_adding_country(
    client, login, api, who, gt_partner
):
    login(who)
    page = client.get(detail_url(gt_partner)).content.decode()
    assert f"{SECRET} (revised)" in page
    # The history panel shows the earlier value too.
    assert page.count(SECRET) >= 2
    assert api(who).get(f"{API}{gt_partner.pk}/").json()["confidential_notes"].startswith(SECRET)


def test_the_history_panel_hides_confidential_changes(client, login, gt_partner):
    login("focal-hn")
    page = client.get(detail_url(gt_partner)).content.decode()
    assert "History of changes" in page
    assert "confidential notes" not in page.lower()
