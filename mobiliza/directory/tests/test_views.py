"""The directory's pages: the partner list and its filters, the detail page, the form,
attachments, and the overview, mapping and calls-closing pages with their exports."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from mobiliza.coalition.models import MemberState
from mobiliza.core.services import record_create
from mobiliza.directory.choices import RelationshipStatus
from mobiliza.directory.filters import works_in_q
from mobiliza.directory.models import Attachment, Contact, DirectoryTerm, FundingCall, Partner
from mobiliza.plan.models import SourceType, StrategicAxis

PARTNERS = "/en/directory/partners/"
OVERVIEW = "/en/directory/overview/"
MAPPING = "/en/directory/mapping/"
CLOSING = "/en/directory/calls/closing-soon/"

# The smallest file the PDF check accepts, and the start of a real PNG.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def listed(response) -> set[Partner]:
    return {row.record for row in response.context["table"].page.object_list}


def _more_partners(count: int) -> None:
    """``count`` more partners, each with areas, kinds, axes and a call (bulk, for speed)."""
    source = SourceType.objects.order_by("position").first()
    state = MemberState.objects.get(code="GT")
    partners = Partner.objects.bulk_create(
        Partner(
            name_es=f"Socio masivo {i:03}",
            acronym=f"SM{i}",
            source_type=source,
            member_state=state if i % 2 else None,
            countries="GT,HN" if i % 3 else "PA",
            status=RelationshipStatus.ACTIVE if i % 2 else RelationshipStatus.PROSPECT,
            search_text=f"socio masivo {i:03}",
        )
        for i in range(count)
    )
    areas = list(DirectoryTerm.objects.filter(kind="area")[:2])
    axes = list(StrategicAxis.objects.all()[:2])
    soon = timezone.localdate() + datetime.timedelta(days=10)
    for partner in partners:
        partner.areas.set(areas)
        partner.axes.set(axes)
    FundingCall.objects.bulk_create(
        FundingCall(partner=p, title=f"Call {p.acronym}", closes_on=soon, currency="USD")
        for p in partners
    )


# --- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"source_type": "donor-states"}, Q(source_type__code="donor-states")),
        ({"scope": "regional"}, Q(scope="regional")),
        ({"area": "smuggling"}, Q(areas__code="smuggling")),
        ({"contribution": "human-resources"}, Q(contribution_kinds__code="human-resources")),
        ({"works_in": "BZ"}, works_in_q("BZ")),
        ({"status": "prospect"}, Q(status="prospect")),
        ({"country": "GT"}, Q(member_state__code="GT")),
        ({"q": "unodc"}, Q(acronym="UNODC")),
    ],
)
def test_the_partner_list_filters_by_field(client, login, params, expected):
    login("secretariat")
    response = client.get(PARTNERS, params)
    assert response.status_code == 200
    wanted = set(Partner.objects.filter(expected).distinct())
    assert wanted, "the demo data should hold at least one such partner"
    assert listed(response) == wanted


def test_the_partner_list_filters_by_open_calls(client, login):
    login("secretariat")
    with_calls = listed(client.get(PARTNERS, {"open_calls": "true"}))
    assert {p.acronym for p in with_calls} == {"J/TIP", "OIM", "UNODC"}
    without = listed(client.get(PARTNERS, {"open_calls": "false"}))
    assert not with_calls & without


def test_the_partner_list_is_sortable(client, login):
    login("secretariat")
    names = [r.record.name_es for r in client.get(PARTNERS, {"sort": "name"}).context["table"].page]
    assert names == sorted(names)
    names_desc = [
        r.record.name_es for r in client.get(PARTNERS, {"sort": "-name"}).context["table"].page
    ]
    assert names_desc == sorted(names_desc, reverse=True)


def test_the_partner_list_is_paginated(client, login):
    _more_partners(30)
    login("secretariat")
    total = Partner.objects.count()
    first = client.get(PARTNERS)
    second = client.get(PARTNERS, {"page": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == total - 25
    assert not listed(first) & listed(second)


@pytest.mark.parametrize("extra", [5, 50])
def test_the_partner_list_runs_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, extra
):
    _more_partners(extra)
    login("focal-gt")
    with django_assert_max_num_queries(12):
        response = client.get(PARTNERS, {"works_in": "GT", "open_calls": "true", "q": "socio"})
    assert response.status_code == 200


@pytest.mark.parametrize("related", [1, 12])
def test_the_partner_page_runs_a_fixed_number_of_queries(
    client, login, cast, django_assert_max_num_queries, related
):
    partner = Partner.objects.get(acronym="OIM")
    user = cast("secretariat")
    for i in range(related):
        record_create(user=user, model=Contact, data={"partner": partner, "full_name": f"P {i}"})
        record_create(user=user, model=FundingCall, data={"partner": partner, "title": f"C {i}"})
    login("secretariat")
    with django_assert_max_num_queries(16):
        response = client.get(f"{PARTNERS}{partner.pk}/")
    assert response.status_code == 200


def test_creating_a_partner_saves_the_chart_2_fields(client, login):
    login("secretariat")
    areas = DirectoryTerm.objects.filter(kind="area", code__in=["trafficking", "smuggling"])
    kinds = DirectoryTerm.objects.filter(kind="contribution", code="loan")
    axis = StrategicAxis.objects.order_by("position").first()
    response = client.post(
        f"{PARTNERS}add/",
        {
            "name_es": "Banco de Prueba",
            "name_en": "Test Bank",
            "acronym": "BP",
            "scope": "extra_regional",
            "status": "prospect",
            "source_type": SourceType.objects.order_by("position").first().pk,
            "areas": [a.pk for a in areas],
            "contribution_kinds": [k.pk for k in kinds],
            "axes": [axis.pk],
            "other_areas": "Niñez migrante",
            "has_submission_requirements": "true",
            "suitability_comments": "Muy adecuado",
            "budget_min": "1000",
            "budget_max": "50000",
            "budget_currency": "USD",
            "countries": ["GT", "HN"],
            "proposal_languages": ["es", "en"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    partner = Partner.objects.get(acronym="BP")
    assert set(partner.areas.all()) == set(areas)
    assert set(partner.contribution_kinds.all()) == set(kinds)
    assert list(partner.axes.all()) == [axis]
    assert partner.has_submission_requirements is True
    assert partner.budget_max == Decimal("50000")
    assert [c.code for c in partner.countries] == ["GT", "HN"]
    assert partner.proposal_languages == "es,en"
    assert "banco de prueba" in partner.search_text


# --- attachments --------------------------------------------------------------------------


def _upload(client, name: str, content: bytes, partner: Partner):
    return client.post(
        "/en/directory/attachments/add/",
        {
            "partner": partner.pk,
            "kind": "form",
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_a_real_pdf_is_accepted_and_a_renamed_png_refused(client, login):
    login("secretariat")
    partner = Partner.objects.get(acronym="OIM")
    assert _upload(client, "form.pdf", PDF, partner).status_code == 302
    attachment = Attachment.objects.get(title="form.pdf")
    assert attachment.uploaded_by.email == "secretariat@example.org"
    response = _upload(client, "image.pdf", PNG, partner)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Attachment.objects.filter(title="image.pdf").exists()
    download = client.get(f"/en/directory/attachments/{attachment.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_download_is_404_for_those_who_may_not_see_it(client, login, cast):
    attachment = record_create(
        user=cast("secretariat"),
        model=Attachment,
        data={
            "partner": Partner.objects.get(acronym="UNODC"),
            "title": "Requirements",
            "file": SimpleUploadedFile("req.pdf", PDF),
        },
    )
    url = f"/en/directory/attachments/{attachment.pk}/download/"
    assert client.get(url).status_code == 302  # to the log-in page
    login("donor")  # sees only IOM's records
    assert client.get(url).status_code == 404
    login("focal-hn")
    assert client.get(url).status_code == 200


# --- overview, mapping, calls closing -----------------------------------------------------


def _overview_counts(response, key: str) -> dict[str, int]:
    table = next(t for t in response.context["tables"] if t.key == key)
    return {str(row.label): row.count for row in table.rows}


def test_the_overview_counts_what_the_user_may_see(client, login):
    login("secretariat")
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["total"] == Partner.objects.count()
    for source in SourceType.objects.all():
        expected = Partner.objects.filter(source_type=source).count()
        assert _overview_counts(response, "source_type")[str(source.name)] == expected
    for term in DirectoryTerm.objects.filter(kind="area"):
        expected = Partner.objects.filter(areas=term).count()
        assert _overview_counts(response, "area")[str(term.name)] == expected
    for state in MemberState.objects.all():
        expected = Partner.objects.filter(works_in_q(state.code)).count()
        assert _overview_counts(response, "works_in")[str(state.name)] == expected
    assert _overview_counts(response, "works_in")["Belize"] == 2  # J/TIP and SICA
    for value, label in RelationshipStatus.choices:
        expected = Partner.objects.filter(status=value).count()
        assert _overview_counts(response, "status")[str(label)] == expected
    page = response.content.decode()
    assert f'href="{PARTNERS}?works_in=BZ"' in page
    assert f'href="{PARTNERS}?status=active"' in page
    assert f'href="{PARTNERS}?area=smuggling"' in page
    assert f'href="{PARTNERS}?source_type=donor-states"' in page
    assert "<svg" in page and "style=" not in page.split("<main", 1)[1]


def test_the_overview_of_a_partner_viewer_counts_only_its_partner(client, login):
    login("donor")
    response = client.get(OVERVIEW)
    assert response.context["total"] == 1
    assert _overview_counts(response, "status")["Active partner"] == 1


@pytest.mark.parametrize("extra", [5, 50])
def test_the_overview_and_mapping_run_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, extra
):
    _more_partners(extra)
    login("focal-gt")
    with django_assert_max_num_queries(12):
        assert client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(MAPPING).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(CLOSING).status_code == 200


def test_the_mapping_marks_countries_and_axes(client, login):
    login("secretariat")
    response = client.get(MAPPING)
    assert response.status_code == 200
    rows = {row.partner.acronym or row.partner.name_es: row for row in response.context["rows"]}
    states = [s.code for s in response.context["states"]]
    assert len(states) == 9
    assert "INTERPOL" in rows  # a prospect
    oim = rows["OIM"]
    assert [code for code, flag in zip(states, oim.in_states, strict=True) if flag] == [
        s for s in states if s in {"GT", "HN", "SV", "MX", "CR", "PA"}
    ]
    partner = Partner.objects.get(acronym="OIM")
    axes = response.context["axes"]
    assert [a for a, flag in zip(axes, oim.on_axes, strict=True) if flag] == list(
        partner.axes.order_by("position")
    )
    mapped = Partner.objects.filter(status__in=["active", "prospect"]).count()
    assert len(rows) == mapped


def test_the_mapping_filters_by_axis_and_member_state(client, login):
    login("secretariat")
    axis = StrategicAxis.objects.order_by("position").first()
    response = client.get(MAPPING, {"axis": axis.code, "works_in": "BZ"})
    got = {row.partner for row in response.context["rows"]}
    expected = set(
        Partner.objects.filter(works_in_q("BZ"), axes=axis, status__in=["active", "prospect"])
    )
    assert got == expected and got
    # An unknown value is shown as a form error, not a server error.
    response = client.get(MAPPING, {"works_in": "ZZ"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_calls_closing_within_30_60_90_days(client, login):
    login("secretariat")
    today = timezone.localdate()
    within_30 = client.get(CLOSING)
    assert within_30.context["within"] == 30
    assert within_30.context["rows"] == []
    within_60 = client.get(CLOSING, {"within": 60})
    assert [(r.call.partner.acronym, r.days_left) for r in within_60.context["rows"]] == [
        ("J/TIP", 45)
    ]
    within_90 = client.get(CLOSING, {"within": 90})
    assert [r.call.partner.acronym for r in within_90.context["rows"]] == ["J/TIP", "OIM"]
    page = within_90.content.decode()
    assert "250,000.00" in page and "1,000,000.00" in page
    assert (today + datetime.timedelta(days=75)).isoformat() in page
    assert client.get(CLOSING, {"within": "soon"}).context["within"] == 30


def test_calls_closing_are_limited_to_what_a_partner_viewer_sees(client, login):
    login("donor")
    rows = client.get(CLOSING, {"within": 90}).context["rows"]
    assert [r.call.partner.acronym for r in rows] == ["OIM"]


def test_the_overview_exports_to_xlsx_and_csv(client, login):
    login("secretariat")
    response = client.get(OVERVIEW, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Grouping", "Item", "Partners")
    assert ("By member state where it works", "Belize", 2) in rows
    assert rows[-1] == ("Total", "Partners", Partner.objects.count())

    response = client.get("/es/directory/overview/", {"format": "csv"})
    raw = response.getvalue().decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0] != ["Grouping", "Item", "Partners"]  # in the reader's language
    assert len(rows) == 1 + sum(len(t.rows) for t in client.get(OVERVIEW).context["tables"]) + 1


def test_the_mapping_exports_to_xlsx_and_csv(client, login):
    login("secretariat")
    response = client.get(MAPPING, {"format": "xlsx", "works_in": "BZ"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Partner", "Acronym", "Relationship status", "Source type")
    assert "Belize" in header
    belize = header.index("Belize")
    assert {r[1] for r in rows[1:]} == {"J/TIP", "SICA"}
    assert all(r[belize] == "X" for r in rows[1:])

    response = client.get(MAPPING, {"format": "csv"})
    raw = response.getvalue().decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert len(rows) == 1 + Partner.objects.filter(status__in=["active", "prospect"]).count()


def test_the_overview_pages_need_a_log_in(client, db):
    for url in (OVERVIEW, MAPPING, CLOSING):
        assert client.get(url).status_code == 302
