"""The Secretariat runs the five-step process for one partner: moves the opportunity with
the keyboard, records a meeting, closes it as won, records the agreement and a EUR
contribution, and sees the amount mobilized in US dollars change on the board."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from mobiliza.accounts.models import User
from mobiliza.agreements.models import Agreement, Contribution
from mobiliza.core.models import Notification
from mobiliza.core.money import convert, format_money
from mobiliza.directory.models import Partner
from mobiliza.pipeline.choices import Outcome
from mobiliza.pipeline.models import Interaction, StageChange
from mobiliza.pipeline.services import create_opportunity
from mobiliza.plan.models import MobilizationStep
from tests.browser.conftest import shot
from tests.browser.test_registry_in_browser import log_in

pytestmark = pytest.mark.browser


def mobilized_text(page) -> str:
    return page.locator("[data-mobilized]").inner_text().strip()


def test_secretariat_takes_an_opportunity_from_identify_to_an_acknowledged_contribution(
    site, new_page
):
    base = site.url
    secretariat = User.objects.get(email="secretariat@example.org")
    partner = Partner.objects.create(
        name_es="Fundación Puente Solidario", name_en="Solidarity Bridge Foundation"
    )
    steps = {s.code: s for s in MobilizationStep.objects.all()}
    opportunity = create_opportunity(
        user=secretariat,
        data={
            "title": "Albergues seguros en la frontera",
            "partner": partner,
            "expected_amount": Decimal("100000.00"),
            "currency": "USD",
            "probability": 50,
            "owner": secretariat,
        },
    )
    assert opportunity.step == steps["identify"]

    page = new_page("en-US")
    log_in(page, base, "secretariat@example.org", language="en")
    page.goto(f"{base}/en/pipeline/?partner={partner.pk}")
    before = mobilized_text(page)

    # Identify → Negotiate with the keyboard only: the card's "Move to" list, then its button.
    # It skips Participate, so the board asks first (a dialog naming it), and is told yes.
    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    select = page.locator(f"#move-{opportunity.pk}")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert select.input_value() == str(steps["negotiate"].pk)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(
        f'[data-drop-step="{steps["negotiate"].pk}"] [data-card="{opportunity.pk}"]'
    )
    shot(page, "pipeline-board-moved-en")
    assert len(questions) == 1 and "Participate" in questions[0]
    opportunity.refresh_from_db()
    assert opportunity.step == steps["negotiate"]
    assert list(
        StageChange.objects.filter(opportunity=opportunity)
        .order_by("moved_at", "pk")
        .values_list("step__code", flat=True)
    ) == ["identify", "negotiate"]

    # A meeting with the partner.
    page.goto(f"{base}/en/pipeline/opportunities/{opportunity.pk}/")
    page.get_by_role("link", name="Record an interaction").first.click()
    page.select_option("select[name=kind]", "meeting")
    page.fill("input[name=subject]", "Negotiation meeting on the shelters")
    page.fill("textarea[name=notes]", "Terms and amounts agreed.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".message-success")
    meeting = Interaction.objects.get(subject="Negotiation meeting on the shelters")
    assert meeting.opportunity_id == opportunity.pk and meeting.partner_id == partner.pk

    # Closed as won.
    page.goto(f"{base}/en/pipeline/opportunities/{opportunity.pk}/")
    assert "Negotiation meeting on the shelters" in page.content()
    page.get_by_label("Won", exact=True).check()
    page.get_by_role("button", name="Close").click()
    # Nothing is closed before it is confirmed.
    page.get_by_role("button", name="Yes, close it as won").click()
    page.wait_for_selector(".message-success")
    opportunity.refresh_from_db()
    assert opportunity.outcome == Outcome.WON

    # The agreement that came out of it; the Presidency and Secretariat are told.
    page.get_by_role("link", name="Record an agreement").click()
    page.select_option("select[name=kind]", "grant")
    page.fill("input[name=title]", "Grant for border shelters")
    page.select_option("select[name=status]", "signed")
    today = timezone.localdate()
    page.fill("input[name=signed_on]", today.isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".message-success")
    agreement = Agreement.objects.get(title="Grant for border shelters")
    assert agreement.partner_id == partner.pk and agreement.opportunity_id == opportunity.pk
    assert Notification.objects.filter(
        user__email="presidency@example.org", message__contains="Grant for border shelters"
    ).exists()

    # A contribution of 50,000.00 euros under the agreement.
    page.goto(f"{base}/en/pipeline/opportunities/{opportunity.pk}/")
    page.get_by_role("link", name="Record a contribution").click()
    page.select_option("select[name=kind]", label="Financial resources")
    page.fill("input[name=description_es]", "First disbursement for the shelters")
    page.select_option("select[name=agreement]", str(agreement.pk))
    page.fill("input[name=amount]", "50000.00")
    page.select_option("select[name=currency]", "EUR")
    page.fill("input[name=value_date]", today.isoformat())
    page.select_option("select[name=status]", "pledged")
    page.fill("input[name=pledged_on]", today.isoformat())
    shot(page, "contribution-add-en")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".message-success")
    contribution = Contribution.objects.get(description_es="First disbursement for the shelters")
    expected = convert(Decimal("50000.00"), "EUR", today).rounded
    assert contribution.amount == Decimal("50000.00") and contribution.currency == "EUR"
    assert contribution.amount_reporting == expected

    # The board shows what the opportunity brought in, in US dollars, to the cent.
    page.goto(f"{base}/en/pipeline/?partner={partner.pk}")
    with translation.override("en"):
        assert before == format_money(Decimal(0), "USD")
        assert mobilized_text(page) == format_money(expected, "USD")
    shot(page, "pipeline-board-mobilized-en")

    # Step 4: acknowledge the contribution (the letter in both languages), then report.
    page.goto(f"{base}/en/resources/contributions/{contribution.pk}/")
    page.get_by_role("link", name="Acknowledge this contribution").click()
    letter = page.request.get(
        f"{base}/en/resources/contributions/{contribution.pk}/letter.pdf?language=es-en"
    )
    assert letter.ok and letter.body().startswith(b"%PDF")
    page.fill("input[name=recipient]", "Directora de cooperación, Fundación Puente Solidario")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".message-success")
    acknowledgement = contribution.acknowledgements.get()
    assert acknowledgement.sent_by == secretariat and acknowledgement.sent_on == today

    page.goto(f"{base}/en/resources/agreements/{agreement.pk}/")
    page.get_by_role("link", name="Add a reporting obligation").click()
    page.select_option("select[name=kind]", "narrative_report")
    page.fill("input[name=title]", "Narrative report on the shelters")
    page.fill("input[name=first_due_on]", (today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".message-success")
    obligation = agreement.obligations.get()
    deadline = obligation.deadlines.get()
    page.locator("summary", has_text="Record the delivery").click()
    page.fill(f"#deadline-{deadline.pk} input[name=delivered_on]", today.isoformat())
    page.locator(f"#deadline-{deadline.pk}").get_by_role("button", name="Record delivery").click()
    page.wait_for_selector(".message-success")
    deadline.refresh_from_db()
    assert deadline.delivered_on == today and deadline.status() == "delivered"
    page.goto(f"{base}/en/resources/agreements/{agreement.pk}/")
    assert "All delivered" in page.locator("#reports-title + table").inner_text()
    shot(page, "agreement-reported-en")
