"""The partners that fit a project: the score's reasons, the API's contract, the pages."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.coalition.models import MemberState
from mobiliza.core.models import ExchangeRate
from mobiliza.directory.models import DirectoryTerm, FundingCall, Partner
from mobiliza.plan.models import StrategicAxis
from mobiliza.portfolio.matching.scoring import rank_partners, rank_projects
from mobiliza.portfolio.models import Project

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)


def term(kind: str, code: str) -> DirectoryTerm:
    return DirectoryTerm.objects.get(kind=kind, code=code)


def state(code: str) -> MemberState:
    return MemberState.objects.get(code__iexact=code)


def partner(
    name: str, *, areas=("trafficking",), kinds=("non-refundable",), countries=("GT",), **more
) -> Partner:
    created = Partner.objects.create(
        name_es=name, name_en=name, countries=list(countries), proposal_languages="es,en", **more
    )
    created.areas.set([term("area", a) for a in areas])
    created.contribution_kinds.set([term("contribution", k) for k in kinds])
    return created


def project(name: str = "Prevención de la trata en Guatemala", **more) -> Project:
    areas = more.pop("areas", ("trafficking",))
    kinds = more.pop("kinds", ("non-refundable",))
    axes = more.pop("axes", ("1",))
    values = {
        "name_es": name,
        "description_es": "Campaña contra la trata de personas.",
        "scope": "national",
        "member_state": state("GT"),
        "amount": Decimal("50000"),
        "currency": "USD",
        "start_on": datetime.date(2026, 9, 1),
        **more,
    }
    created = Project.objects.create(**values)
    created.areas.set([term("area", a) for a in areas])
    created.kinds_sought.set([term("contribution", k) for k in kinds])
    created.axes.set(StrategicAxis.objects.filter(code__in=axes))
    return created


def match_of(ranking, who):
    return next(m for m in ranking if m.partner.pk == who.pk)


def matches_url(pk: int) -> str:
    return f"/api/v1/projects/{pk}/matches/"


# --- the data the matching needs ------------------------------------------------------


def test_technical_assistance_is_a_kind_of_contribution_of_its_own():
    kinds = set(DirectoryTerm.objects.filter(kind="contribution").values_list("code", flat=True))
    assert {"technical-assistance", "goods-services", "human-resources"} <= kinds
    with translation.override("es"):
        assert str(term("contribution", "technical-assistance").name) == "Asistencia técnica"


# --- the score and its reasons --------------------------------------------------------


def test_a_partner_with_the_projects_area_country_and_kind_fits_and_says_why(cast):
    p = project()
    fitting = partner("Fondo contra la Trata")
    elsewhere = partner("Fondo Beliceño", countries=("BZ",))
    with translation.override("en"):
        ranking = rank_partners(
            p,
            cast("secretariat"),
            on=ON,
            partners=Partner.objects.filter(pk__in=[fitting.pk, elsewhere.pk]),
        )
    assert [m.partner for m in ranking] == [fitting, elsewhere]
    first, last = ranking
    assert first.fits and 0 < first.score <= 1
    assert "Work areas in common: Trafficking in persons." in first.reason_texts
    assert not last.fits
    assert last.reasons[0].code == "countries_none"
    assert "It works in Belize, not in Guatemala." in last.reason_texts


def test_technical_assistance_is_not_goods_and_services(cast):
    p = project(kinds=("technical-assistance",))
    goods = partner("Proveedora", kinds=("goods-services",))
    advisers = partner("Asesores", kinds=("technical-assistance",))
    ranking = rank_partners(
        p,
        cast("secretariat"),
        on=ON,
        partners=Partner.objects.filter(pk__in=[goods.pk, advisers.pk]),
    )
    assert match_of(ranking, advisers).fits
    assert not match_of(ranking, goods).fits
    assert match_of(ranking, goods).reasons[0].code == "kinds_none"


def test_a_partner_that_cannot_fit_is_listed_after_those_that_fit_never_hidden(cast):
    p = project()
    weak = partner("Débil", areas=("trafficking", "smuggling", "other"), countries=())
    strong_but_wrong = partner("Fuerte", areas=("smuggling",))
    ranking = rank_partners(
        p,
        cast("secretariat"),
        on=ON,
        partners=Partner.objects.filter(pk__in=[weak.pk, strong_but_wrong.pk]),
    )
    assert [m.partner for m in ranking] == [weak, strong_but_wrong]
    assert [m.fits for m in ranking] == [True, False]


def test_areas_are_suggested_from_the_text_in_either_language_when_the_project_names_none(cast):
    spanish = project(
        "Capacitación sobre tráfico ilícito de migrantes", areas=(), description_es=""
    )
    english = project(
        "Smuggling data",
        areas=(),
        description_es="",
        description_en="A study of migrant smuggling routes.",
    )
    smuggling = partner("Red migrante", areas=("smuggling",))
    only = Partner.objects.filter(pk=smuggling.pk)
    with translation.override("en"):
        for p in (spanish, english):
            [m] = rank_partners(p, cast("secretariat"), on=ON, partners=only)
            assert m.fits
            assert (
                "Work areas in common (suggested from the project's text): Smuggling of migrants."
                in m.reason_texts
            )


def test_the_amount_is_compared_in_the_reporting_currency_at_the_dated_rate(cast):
    ExchangeRate.objects.filter(currency="EUR").delete()
    ExchangeRate.objects.create(
        date=datetime.date(2026, 1, 1),
        currency="EUR",
        rate=Decimal("1.10"),
        reporting_currency="USD",
    )
    p = project(amount=Decimal("100000"), currency="EUR")  # USD 110,000
    small = partner(
        "Pequeño", budget_min=Decimal("1000"), budget_max=Decimal("105000"), budget_currency="USD"
    )
    large = partner(
        "Grande", budget_min=Decimal("100000"), budget_max=Decimal("200000"), budget_currency="USD"
    )
    with translation.override("en"):
        ranking = rank_partners(
            p,
            cast("secretariat"),
            on=ON,
            partners=Partner.objects.filter(pk__in=[small.pk, large.pk]),
        )
    assert match_of(ranking, large).credits["amount"] == 1
    assert match_of(ranking, small).credits["amount"] < 1
    assert any("US$110,000.00" in text for text in match_of(ranking, large).reason_texts)
    assert ranking[0].partner == large


def test_a_missing_rate_is_a_reason_not_a_failure(cast):
    ExchangeRate.objects.filter(currency="KRW").delete()
    p = project(amount=Decimal("5000000"), currency="KRW")
    someone = partner(
        "Alguien", budget_min=Decimal("1"), budget_max=Decimal("10"), budget_currency="USD"
    )
    with translation.override("en"):
        [m] = rank_partners(
            p, cast("secretariat"), on=ON, partners=Partner.objects.filter(pk=someone.pk)
        )
    assert "amount_no_rate" in [r.code for r in m.reasons]
    assert any("No exchange rate for KRW" in text for text in m.reason_texts)


def test_a_partner_that_funds_only_through_calls_fits_while_one_is_open(cast):
    p = project()
    through_calls = partner("Fondo por convocatorias")
    FundingCall.objects.create(
        partner=through_calls,
        title="Convocatoria 2026",
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 2, 28),
    )
    only = Partner.objects.filter(pk=through_calls.pk)
    [while_open] = rank_partners(
        p, cast("secretariat"), on=datetime.date(2026, 2, 1), partners=only
    )
    [after] = rank_partners(p, cast("secretariat"), on=ON, partners=only)
    assert while_open.fits and "calls_open" in [r.code for r in while_open.reasons]
    assert not after.fits and after.reasons[0].code == "calls_closed"


def test_a_call_opening_after_the_project_starts_does_not_count(cast):
    p = project(start_on=datetime.date(2026, 7, 1))
    later = partner(
        "Más tarde", budget_min=Decimal("1"), budget_max=Decimal("100000"), budget_currency="USD"
    )
    FundingCall.objects.create(
        partner=later,
        title="Tardía",
        opens_on=datetime.date(2026, 8, 1),
        closes_on=datetime.date(2026, 9, 1),
    )
    sooner = partner(
        "Antes", budget_min=Decimal("1"), budget_max=Decimal("100000"), budget_currency="USD"
    )
    FundingCall.objects.create(
        partner=sooner,
        title="A tiempo",
        opens_on=datetime.date(2026, 6, 15),
        closes_on=datetime.date(2026, 9, 1),
    )
    ranking = rank_partners(
        p, cast("secretariat"), on=ON, partners=Partner.objects.filter(pk__in=[later.pk, sooner.pk])
    )
    assert "calls_upcoming" in [r.code for r in match_of(ranking, sooner).reasons]
    assert "calls_closed" in [r.code for r in match_of(ranking, later).reasons]
    assert ranking[0].partner == sooner


def test_the_track_record_with_similar_projects_counts(cast):
    from mobiliza.agreements.models import Agreement

    p = project()
    known = partner("Conocido")
    unknown = partner("Desconocido")
    agreement = Agreement.objects.create(kind="mou", title="Memorando", partner=known)
    agreement.axes.set(StrategicAxis.objects.filter(code="1"))
    ranking = rank_partners(
        p,
        cast("secretariat"),
        on=ON,
        partners=Partner.objects.filter(pk__in=[known.pk, unknown.pk]),
    )
    assert match_of(ranking, known).credits["record"] > match_of(ranking, unknown).credits["record"]
    assert "record" in [r.code for r in match_of(ranking, known).reasons]


def test_the_same_records_give_the_same_order(cast):
    p = project()
    for name in ("Uno", "Dos", "Tres", "Cuatro"):
        partner(name)
    first = [m.partner.pk for m in rank_partners(p, cast("secretariat"), on=ON)]
    again = [m.partner.pk for m in rank_partners(p, cast("secretariat"), on=ON)]
    assert first == again


def test_the_reverse_ranks_the_projects_that_fit_a_partner(cast):
    here = project("Aquí")
    there = project("Allá", member_state=state("BZ"))
    someone = partner("Fondo")
    ranking = rank_projects(
        someone,
        cast("secretariat"),
        on=ON,
        projects=Project.objects.filter(pk__in=[here.pk, there.pk]),
    )
    assert [(m.project, m.fits) for m in ranking] == [(here, True), (there, False)]


# --- the API --------------------------------------------------------------------------


def test_the_api_answers_the_contract_best_first_with_every_partner_the_reader_sees(client, login):
    login("secretariat")
    p = project()
    partner("Fondo contra la Trata")
    partner("Fondo Beliceño", countries=("BZ",))
    response = client.get(matches_url(p.pk), {"on": "2026-06-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    results = body["results"]
    assert {r["partner"] for r in results} == set(Partner.objects.values_list("pk", flat=True))
    for item in results:
        assert {"partner", "score", "fits", "reasons"} <= set(item)
        assert 0 <= item["score"] <= 1 and isinstance(item["fits"], bool)
        assert all(isinstance(r, str) for r in item["reasons"])
        assert len(item["reason_codes"]) == len(item["reasons"])
    keys = [(not r["fits"], -r["score"]) for r in results]
    assert keys == sorted(keys)


def test_the_reasons_are_in_the_readers_language(client, login):
    login("secretariat")
    p = project()
    fund = partner("Fondo contra la Trata")
    for language, area in (("es", "Trata de personas"), ("en", "Trafficking in persons")):
        response = client.get(
            matches_url(p.pk), {"on": "2026-06-01"}, HTTP_ACCEPT_LANGUAGE=language
        )
        [item] = [r for r in response.json()["results"] if r["partner"] == fund.pk]
        assert any(area in reason for reason in item["reasons"]), item["reasons"]


def test_on_changes_which_calls_count(client, login):
    login("secretariat")
    p = project()
    fund = partner("Fondo por convocatorias")
    FundingCall.objects.create(
        partner=fund,
        title="Convocatoria 2026",
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 2, 28),
    )

    def item(on: str) -> dict:
        response = client.get(matches_url(p.pk), {"on": on})
        return next(r for r in response.json()["results"] if r["partner"] == fund.pk)

    assert item("2026-02-01")["fits"] is True
    assert item("2026-06-01")["fits"] is False
    assert "calls_closed" in item("2026-06-01")["reason_codes"]


def test_a_bad_date_is_refused(client, login):
    login("secretariat")
    response = client.get(matches_url(project().pk), {"on": "2026-13-45"})
    assert response.status_code == 400
    assert "on" in response.json() or "on" in str(response.json())


def test_a_partner_the_reader_may_not_see_is_absent(client, login, monkeypatch):
    # Were partners read only by their own country's focal point, another's would not show.
    monkeypatch.setattr(Partner, "access", dataclasses.replace(Partner.access, private=True))
    login("focal-gt")
    p = project()
    own = partner("Propio", member_state=state("GT"))
    other = partner("Ajeno", member_state=state("CR"))
    listed = {r["partner"] for r in client.get(matches_url(p.pk)).json()["results"]}
    assert own.pk in listed and other.pk not in listed


def test_a_project_the_reader_may_not_see_is_a_404(client, login, monkeypatch):
    monkeypatch.setattr(Project, "access", dataclasses.replace(Project.access, private=True))
    login("focal-gt")
    own = project()
    other = project("Proyecto de Costa Rica", member_state=state("CR"))
    assert client.get(matches_url(own.pk)).status_code == 200
    assert client.get(matches_url(other.pk)).status_code == 404
    assert client.get(matches_url(999999)).status_code == 404


def test_a_partner_viewer_never_sees_the_matching(client, login):
    login("donor")
    assert client.get(matches_url(project().pk)).status_code == 404


def test_the_api_reads_a_fixed_number_of_queries(client, login, django_assert_max_num_queries):
    login("secretariat")
    p = project()

    def add(n: int) -> None:
        for i in range(n):
            made = partner(f"Socio {Partner.objects.count()} {i}")
            FundingCall.objects.create(
                partner=made, title="Abierta", opens_on=datetime.date(2026, 1, 1)
            )

    add(3)
    with django_assert_max_num_queries(QUERIES):
        assert client.get(matches_url(p.pk)).status_code == 200
    add(30)
    with django_assert_max_num_queries(QUERIES):
        assert client.get(matches_url(p.pk)).status_code == 200


QUERIES = 25


# --- the pages ------------------------------------------------------------------------


def test_the_ranking_page_shows_every_partner_with_fits_and_reasons(client, login):
    login("secretariat")
    p = project()
    partner("Fondo contra la Trata")
    partner("Fondo Beliceño", countries=("BZ",))
    with translation.override("en"):
        url = reverse("portfolio:project_matches", args=[p.pk])
    response = client.get(url, {"on": "2026-06-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fondo contra la Trata" in html and "Fondo Beliceño" in html
    assert "does not fit" in html and "It works in Belize, not in Guatemala." in html
    assert 'name="on"' in html and 'value="2026-06-01"' in html
    assert html.count("data-partner=") == Partner.objects.count()


def test_the_ranking_page_in_spanish(client, login):
    login("focal-gt")
    p = project()
    partner("Fondo Beliceño", countries=("BZ",))
    with translation.override("es"):
        url = reverse("portfolio:project_matches", args=[p.pk])
    html = client.get(url).content.decode()
    assert '<html lang="es">' in html
    assert "Belice" in html and "Trata de personas" in html


def test_the_pages_refuse_partner_viewers_and_hide_projects_out_of_scope(
    client, login, monkeypatch
):
    p = project()
    fund = partner("Fondo")
    with translation.override("en"):
        pages = [
            reverse("portfolio:project_matches", args=[p.pk]),
            reverse("portfolio:partner_projects", args=[fund.pk]),
        ]
    login("donor")
    assert [client.get(url).status_code for url in pages] == [403, 403]
    login("evaluator")
    assert [client.get(url).status_code for url in pages] == [200, 200]
    monkeypatch.setattr(Project, "access", dataclasses.replace(Project.access, private=True))
    other = project("De Costa Rica", member_state=state("CR"))
    login("focal-gt")
    with translation.override("en"):
        assert client.get(reverse("portfolio:project_matches", args=[other.pk])).status_code == 404
        html = client.get(reverse("portfolio:partner_projects", args=[fund.pk])).content.decode()
    assert "Prevención de la trata en Guatemala" in html and "De Costa Rica" not in html


def test_the_partner_page_links_the_projects_that_fit_it_for_who_may_see_projects(client, login):
    fund = partner("Fondo")
    with translation.override("en"):
        target = reverse("portfolio:partner_projects", args=[fund.pk])
        page = fund.get_absolute_url()
    login("secretariat")
    assert target in client.get(page).content.decode()
    donor = login("donor")
    own = donor.memberships.filter(partner__isnull=False).first().partner
    with translation.override("en"):
        assert (
            target.replace(str(fund.pk), str(own.pk))
            not in client.get(own.get_absolute_url()).content.decode()
        )


@pytest.mark.parametrize("extra", [3, 30])
def test_the_pages_read_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, extra
):
    login("secretariat")
    p = project()
    fund = partner("Fondo")
    for i in range(extra):
        made = partner(f"Socio {i}")
        FundingCall.objects.create(
            partner=made, title="Abierta", opens_on=datetime.date(2026, 1, 1)
        )
        project(f"Proyecto {i}")
    with translation.override("en"):
        pages = [
            reverse("portfolio:project_matches", args=[p.pk]),
            reverse("portfolio:partner_projects", args=[fund.pk]),
        ]
    for url in pages:
        with django_assert_max_num_queries(PAGE_QUERIES):
            assert client.get(url).status_code == 200


PAGE_QUERIES = 28


def test_the_project_pages_section_shows_the_best_ten_and_links_the_whole_ranking(rf, cast):
    from django.template.loader import render_to_string

    from mobiliza.portfolio.parts import PARTS

    p = project()
    for i in range(12):
        partner(f"Socio {i:02d}")
    from mobiliza.portfolio.matching.part import top_context

    part = PARTS["matching"]
    request = rf.get("/")
    request.user = cast("secretariat")
    with translation.override("en"):
        # The page shows the section's frame at once, which fetches the ranking after it.
        frame = render_to_string(part.template, part.context(p, request), request=request)
        context = top_context(p, request)
        html = render_to_string(part.template, context, request=request)
        link = reverse("portfolio:project_matches", args=[p.pk])
        load = reverse("portfolio:project_matches_top", args=[p.pk])
    assert load in frame
    assert "data-partner=" not in frame and link in frame
    assert len(context["matches"]) == 10
    assert link in html and html.count("data-partner=") == 10
    request.user = cast("donor")
    assert part.context(p, request) is None and top_context(p, request) is None


def test_the_sections_ranking_is_served_to_who_may_see_the_project(client, login):
    p = project()
    partner("Socio del fragmento")
    url = reverse("portfolio:project_matches_top", args=[p.pk])
    login("secretariat")
    response = client.get(url)
    assert response.status_code == 200 and b"data-partner=" in response.content
    login("donor")
    assert client.get(url).status_code == 404
    login("focal-mx")
    assert client.get(url).status_code in (200, 404)


def test_the_languages_a_partner_accepts_are_written_as_each_language_writes_them(cast):
    p = project(name_en="Preventing trafficking in Guatemala", description_en="A campaign.")
    fitting = partner("Fondo bilingüe")
    for language, expected in (("es", "en inglés, español."), ("en", "in English, Spanish.")):
        with translation.override(language):
            ranking = rank_partners(
                p, cast("secretariat"), on=ON, partners=Partner.objects.filter(pk=fitting.pk)
            )
        assert any(expected in text for text in ranking[0].reason_texts), ranking[0].reason_texts
