"""Each role's home page: what it shows, that it shows only what the role may see, that
every link on it opens, and that it runs a fixed number of queries."""

from __future__ import annotations

import copy
import datetime
import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from mobiliza.agreements.models import Contribution, Deadline, ReportingObligation
from mobiliza.agreements.selectors import contribution_summary, contribution_totals
from mobiliza.coalition.models import MeetingAgreement, MemberState
from mobiliza.directory.models import FundingCall, Partner
from mobiliza.pipeline.models import Opportunity
from mobiliza.workspace.selectors import home_for

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "presidency", "evaluator", "donor", "focal-gt"]


def home(client: Client, language: str) -> str:
    with translation.override(language):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def card_keys(user) -> set[str]:
    return {card.key for card in home_for(user=user, today=timezone.localdate()).cards}


def copies(model, rows: int, **changes) -> None:
    """``rows`` more records like the first one of ``model`` (the demo's), changed."""
    first = model.objects.order_by("pk").first()
    made = []
    for n in range(rows):
        clone = copy.copy(first)
        clone.pk = clone.id = None
        for name, value in changes.items():
            setattr(clone, name, value(n) if callable(value) else value)
        made.append(clone)
    model.objects.bulk_create(made)


def grow(rows: int) -> None:
    """More of everything a home counts or lists."""
    today = timezone.localdate()
    guatemala = MemberState.objects.get(code="GT")
    obligation = ReportingObligation.objects.filter(member_state=guatemala).first()
    copies(
        Deadline,
        rows,
        obligation=obligation,
        due_on=lambda n: today + datetime.timedelta(days=100 + n),
        delivered_on=None,
    )
    copies(Opportunity, rows, title=lambda n: f"Oportunidad {n}", member_state=guatemala)
    copies(Contribution, rows, description_es=lambda n: f"Aporte {n}", member_state=guatemala)
    copies(MeetingAgreement, rows, responsible=guatemala, deadline=today, status="pending")
    copies(FundingCall, rows, closes_on=today + datetime.timedelta(days=3))


# --- what each role sees ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "spanish", "english"),
    [
        # (Spanish only where the catalogue has it; otherwise the card itself.)
        ("secretariat", 'id="card-mobilized"', "Resources mobilized in"),
        ("presidency", "Presidencia pro tempore", "Pro tempore presidency"),
        ("evaluator", "Monitoreo y evaluación", "Monitoring and evaluation"),
        ("donor", "Organización Internacional para las Migraciones", "Your contributions"),
        ("focal-gt", "Guatemala", "Your country's partners"),
    ],
)
def test_each_role_opens_to_its_own_home_in_both_languages(client, login, role, spanish, english):
    login(role)
    assert spanish in home(client, "es")
    assert english in home(client, "en")


def test_the_secretariats_home_has_the_cards_it_needs_first(cast):
    assert card_keys(cast("secretariat")) == {
        "mobilized",
        "deadlines",
        "calls",
        "pipeline",
        "activity",
    }


def test_the_secretariats_mobilized_figure_is_the_totals_pages_grand_total(cast):
    secretariat = cast("secretariat")
    year = timezone.localdate().year
    summary = contribution_summary(user=secretariat, year=year)
    grand = contribution_totals(user=secretariat, year=year).grand
    assert summary.total == grand.total
    assert summary.received == grand.received
    assert summary.total > 0


def test_the_secretariat_reads_mobilized_against_no_target_and_where_targets_are(client, login):
    login("secretariat")
    page = home(client, "en")
    summary = contribution_summary(user=login("secretariat"), year=timezone.localdate().year)
    assert digits(f"{summary.total:.2f}") in digits(page)
    assert "No target set" in page
    assert reverse("plan:plan_of_action", urlconf=None).replace("/es/", "/en/") in page


def test_the_pipeline_card_counts_the_open_opportunities_at_each_of_the_five_steps(client, login):
    login("secretariat")
    page = main_of(home(client, "en"))
    bars = re.findall(r'class="home-bar-count">(\d+)<', page)
    assert len(bars) == 5
    open_ones = Opportunity.objects.filter(outcome="open").count()
    assert sum(int(n) for n in bars) == open_ones


def test_the_secretariat_sees_recent_changes_with_who_and_when(client, login):
    login("secretariat")
    page = main_of(home(client, "en"))
    assert "Recent activity" in page
    assert "by Secretaría Técnica" in page or "by secretariat@example.org" in page


def test_a_partner_viewer_sees_its_own_figures_and_nothing_of_others(client, login):
    donor = login("donor")
    assert card_keys(donor) == {"contributions", "agreements", "deadlines", "documents"}
    page = main_of(home(client, "es"))
    # Its partner's contribution (300,000 US$), not another partner's (MXN 540,000 → 31,738.93).
    assert "30000000" in digits(page)
    assert "3173893" not in digits(page)
    assert "representante" not in page
    assert "Acuerdos" not in page and "Cartera" not in page  # no registry, no pipeline
    own = set(
        Deadline.objects.filter(obligation__partner__acronym="OIM").values_list("pk", flat=True)
    )
    linked = {int(pk) for pk in re.findall(r"/resources/deadlines/(\d+)/", page)}
    assert linked and linked <= own


def test_a_focal_point_sees_its_countrys_figures_and_what_waits_for_it(client, login):
    focal = login("focal-gt")
    assert card_keys(focal) == {
        "partners",
        "contributions",
        "deadlines",
        "meeting-agreements",
        "actions",
    }
    page = main_of(home(client, "en"))
    assert "Reports owed by Guatemala" in page
    assert "Meeting agreements Guatemala must fulfil" in page
    # Only Guatemala's deadlines are listed.
    listed = {int(pk) for pk in re.findall(r"/resources/deadlines/(\d+)/", page)}
    assert listed
    assert set(
        Deadline.objects.filter(pk__in=listed).values_list(
            "obligation__member_state__code", flat=True
        )
    ) == {"GT"}


def test_a_focal_points_counts_leave_other_countries_out(cast):
    today = timezone.localdate()
    honduras = MemberState.objects.get(code="HN")
    copies(MeetingAgreement, 4, responsible=honduras, deadline=today, status="pending")
    focal = cast("focal-gt")
    cards = {card.key: card for card in home_for(user=focal, today=today).cards}
    guatemala_open = MeetingAgreement.objects.filter(
        responsible__code="GT", status__in=["pending", "in_progress"]
    ).count()
    assert cards["meeting-agreements"].figures[0].value == str(guatemala_open)


def test_the_evaluator_sees_the_plans_monitoring_and_the_indicators_already_answered(client, login):
    evaluator = login("evaluator")
    assert card_keys(evaluator) == {"plan", "monitoring", "indicators"}
    page = main_of(home(client, "es"))
    assert "7-i1" in page and "Monto de recursos gestionados" in page
    assert reverse("plan:monitoring") in page


def test_meeting_agreements_are_not_called_convenios_on_the_home(client, login):
    login("presidency")
    page = main_of(home(client, "es"))
    card = page.split('id="card-meeting-agreements"', 1)[1].split("</section>", 1)[0]
    assert "onvenio" not in card


# --- every link opens ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_link_on_a_home_opens_for_its_role(client, login, role, language):
    login(role)
    page = main_of(home(client, language))
    links = set(re.findall(r'href="([^"#]+)"', page))
    assert links
    for link in sorted(links):
        response = client.get(link)
        assert response.status_code in (200, 302), f"{role} {link}: {response.status_code}"


def test_a_home_shows_an_amount_with_its_currency(client, login):
    login("focal-gt")
    received = sum(
        (
            c.amount_reporting
            for c in Contribution.objects.filter(member_state__code="GT", status="received")
        ),
        Decimal(0),
    )
    assert digits(f"{received:.2f}") in digits(main_of(home(client, "en")))


# --- a fixed number of queries ---------------------------------------------------------------

CEILINGS = {"secretariat": 24, "presidency": 18, "evaluator": 22, "donor": 18, "focal-gt": 19}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rows", [1, 40])
def test_a_home_runs_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, role, rows
):
    grow(rows)
    login(role)
    with django_assert_max_num_queries(CEILINGS[role]):
        response = client.get("/es/")
    assert response.status_code == 200


def test_a_partner_viewer_downloads_its_own_documents_from_its_home(client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mobiliza.agreements.models import Agreement, AgreementDocument
    from mobiliza.agreements.tests.test_contributions_helpers import PDF

    for acronym in ("OIM", "UNODC"):
        record = Agreement.objects.filter(
            partner__acronym=acronym
        ).first() or Agreement.objects.create(
            kind="mou", title=f"Con {acronym}", partner=Partner.objects.get(acronym=acronym)
        )
        AgreementDocument.objects.create(
            agreement=record,
            title=f"Documento de {acronym}",
            file=SimpleUploadedFile("convenio.pdf", PDF, content_type="application/pdf"),
        )
    login("donor")
    page = main_of(home(client, "es"))
    assert "Documento de OIM" in page and "Documento de UNODC" not in page
    own = AgreementDocument.objects.get(title="Documento de OIM")
    link = re.search(rf'href="([^"]*/documents/{own.pk}/download/)"', page).group(1)
    assert client.get(link).status_code == 200
