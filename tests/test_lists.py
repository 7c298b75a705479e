"""What every list offers (``core/record_list.html``, ``core.lists``): the count of what it
holds, why it is empty, "All" in its filters, saved filters, bulk actions on the rows
ticked, and a table a phone can read."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from mobiliza.coalition.models import MemberState
from mobiliza.core.lists.models import SavedFilter
from mobiliza.directory.choices import RelationshipStatus
from mobiliza.directory.models import Contact, Partner
from mobiliza.plan.models import SourceType

pytestmark = pytest.mark.django_db

BULK = "lists:bulk"
PARTNER_LIST = "directory:partner_list"


def url(name: str, language: str = "en", *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _partner(name: str, country: str | None, **values: object) -> Partner:
    return Partner.objects.create(
        name_es=name,
        name_en=name,
        source_type=SourceType.objects.order_by("position").first(),
        member_state=MemberState.objects.get(code=country) if country else None,
        search_text=name.lower(),
        **values,
    )


# --- counts and empty states ----------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_list_says_how_many_records_it_holds(client, login, language):
    login("secretariat")
    total = Partner.objects.count()
    with translation.override(language):
        plural = str(Partner._meta.verbose_name_plural)
        singular = str(Partner._meta.verbose_name)
    page = text_of(client.get(url(PARTNER_LIST, language)))
    assert f'<p class="result-count" role="status">{total} {plural}</p>' in page
    one = Partner.objects.order_by("pk").first()
    found = client.get(url(PARTNER_LIST, language), {"q": one.name_es})
    count = found.context["row_count"]
    assert found.context["result_count"] == (
        f"{count} {singular}" if count == 1 else f"{count} {plural}"
    )


def test_an_estimated_count_is_said_to_be_one():
    from types import SimpleNamespace

    from mobiliza.core.views import result_count

    table = SimpleNamespace(paginator=SimpleNamespace(count=12000, estimated=True))
    with translation.override("en"):
        assert result_count(Partner, table) == (12000, "about 12,000 partners")


def test_a_list_with_no_match_says_so_and_offers_to_clear_the_filters(client, login):
    login("secretariat")
    page = text_of(client.get(url(PARTNER_LIST), {"q": "no partner is called this"}))
    assert "No partners match these filters." in page
    assert '<a href="?">Clear the filters</a>' in page
    assert "<table" not in page


def test_an_empty_list_says_so_with_the_add_link_for_those_who_may_add(client, login):
    Contact.objects.all().delete()
    login("secretariat")
    page = text_of(client.get(url("directory:contact_list")))
    assert "There are no contacts yet." in page
    assert page.count(f'href="{url("directory:contact_add")}"') == 2  # header and empty state
    login("evaluator")
    page = text_of(client.get(url("directory:contact_list")))
    assert "There are no contacts yet." in page
    assert url("directory:contact_add") not in page


# --- filters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        PARTNER_LIST,
        "directory:contact_list",
        "pipeline:opportunity_list",
        "pipeline:interaction_list",
        "agreements:agreement_list",
        "agreements:contribution_list",
        "agreements:reportingobligation_list",
        "agreements:instalment_list",
        "coalition:meeting_list",
        "coalition:representative_list",
    ],
)
def test_every_filter_drop_down_offers_all_rather_than_dashes_or_unknown(client, login, name):
    login("secretariat")
    form = client.get(url(name)).context["filter"].form
    html = str(form)
    assert "---------" not in html
    assert "Unknown" not in html
    for field in form:
        choices = getattr(field.field, "choices", None)
        if choices is not None and not getattr(field.field.widget, "allow_multiple_selected", 0):
            assert str(next(iter(choices))[1]) == "All", field.name


def test_a_yes_no_filter_reads_yes_no_and_all(client, login):
    login("secretariat")
    response = client.get(url(PARTNER_LIST), {"open_calls": "true"})
    select = str(response.context["filter"].form["open_calls"])
    assert '<option value="true" selected>Yes</option>' in select
    assert '<option value="">All</option>' in select
    assert client.get(url(PARTNER_LIST), {"open_calls": ""}).context["filtering"] is False


# --- phone ----------------------------------------------------------------------------


def test_a_table_scrolls_in_a_frame_a_keyboard_can_reach_and_cards_label_their_values(
    client, login
):
    login("secretariat")
    page = client.get(url("agreements:reportingobligation_list")).content.decode()
    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+"', page
    )
    assert "scroll-hint" in page
    partners = client.get(url(PARTNER_LIST)).content.decode()
    assert "table-cards" in partners
    assert 'data-label="Acronym"' in partners


def test_the_filters_are_folded_unless_some_are_in_use(client, login):
    login("secretariat")
    plain = client.get(url(PARTNER_LIST)).content.decode()
    assert '<details class="filters-fold" data-open-wide>' in plain
    filtered = client.get(url(PARTNER_LIST), {"status": "active"}).content.decode()
    assert '<details class="filters-fold" data-open-wide open>' in filtered


# --- saved filters --------------------------------------------------------------------


def test_a_user_saves_filters_sees_them_above_the_list_and_deletes_them(client, login, cast):
    login("secretariat")
    response = client.post(
        url("lists:saved_filter_save"),
        {"list_name": PARTNER_LIST, "name": "Active ones", "query": "status=active&page=3"},
    )
    saved = SavedFilter.objects.get(user=cast("secretariat"))
    assert saved.query == "status=active"  # the page number is not a filter
    assert response["Location"] == f"{url(PARTNER_LIST)}?status=active"
    page = client.get(url(PARTNER_LIST, "es")).content.decode()
    assert '<a href="?status=active">Active ones</a>' in page
    # Another user sees none of it, and cannot delete it.
    login("focal-gt")
    assert "Active ones" not in client.get(url(PARTNER_LIST)).content.decode()
    assert client.post(url("lists:saved_filter_delete", "en", saved.pk)).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    login("secretariat")
    client.post(url("lists:saved_filter_delete", "en", saved.pk), {"next": url(PARTNER_LIST)})
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_saved_filter_must_name_a_list(client, login):
    login("secretariat")
    response = client.post(
        url("lists:saved_filter_save"), {"list_name": "admin:index", "name": "x", "query": "a=1"}
    )
    assert response.status_code == 404
    assert not SavedFilter.objects.exists()


# --- bulk actions ---------------------------------------------------------------------


def test_the_selected_rows_are_exported_with_the_list_columns(client, login):
    login("secretariat")
    chosen = list(Partner.objects.order_by("pk")[:2])
    response = client.post(
        url(BULK),
        {"list": PARTNER_LIST, "action": "csv", "selected": [p.pk for p in chosen]},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Acronym"]
    assert sorted(r[1] for r in rows[1:]) == sorted(p.acronym for p in chosen)


def test_a_partner_viewer_exports_only_what_it_may_see_whatever_ids_it_posts(client, login):
    donor = login("donor")
    own = donor.memberships.exclude(partner=None).first().partner
    others = list(Partner.objects.exclude(pk=own.pk).values_list("pk", flat=True))
    response = client.post(
        url(BULK, "es"),
        {"list": PARTNER_LIST, "action": "csv", "selected": [own.pk, *others]},
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == str(own.name)


def _review(client, language: str, list_name: str, ids: list[int], **values: object):
    return client.post(
        url(BULK, language),
        {"list": list_name, "action": "review", "selected": ids, **values},
    )


def _apply(client, language: str, list_name: str, ids: list[int], **values: object):
    return client.post(
        url(BULK, language),
        {"list": list_name, "action": "apply", "selected": ids, **values},
        follow=True,
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_secretariat_changes_the_owner_of_several_partners_after_a_confirmation(
    client, login, cast, language
):
    secretariat = login("secretariat")
    chosen = list(Partner.objects.order_by("pk")[:3])
    ids = [p.pk for p in chosen]
    page = client.post(
        url(BULK, language), {"list": PARTNER_LIST, "action": "change", "selected": ids}
    )
    assert page.status_code == 200
    assert 'name="owner"' in page.content.decode()
    review = _review(client, language, PARTNER_LIST, ids, owner=secretariat.pk)
    assert review.context["step"] == "confirm"
    assert {r.pk for r, _current in review.context["will_change"]} == set(ids)
    assert not review.context["refused"]
    assert Partner.objects.filter(pk__in=ids, owner=secretariat).count() == 0  # not yet
    done = _apply(client, language, PARTNER_LIST, ids, owner=secretariat.pk)
    assert Partner.objects.filter(pk__in=ids, owner=secretariat).count() == 3
    assert done.redirect_chain[-1][0] == url(PARTNER_LIST, language)
    with translation.override(language):
        plural = str(Partner._meta.verbose_name_plural)
    assert f"3 {plural}" in text_of(done)
    # Each row keeps who changed it, as a single edit does.
    history = chosen[0].history.order_by("-history_date").first()
    assert history.history_user == secretariat


def test_a_focal_point_cannot_bulk_change_another_country_s_partner_by_forging_ids(client, login):
    login("focal-gt")
    own = _partner("Socio de Guatemala", "GT", status=RelationshipStatus.PROSPECT)
    costa_rica = _partner("Socio de Costa Rica", "CR", status=RelationshipStatus.PROSPECT)
    ids = [own.pk, costa_rica.pk]
    review = _review(client, "en", PARTNER_LIST, ids, status=RelationshipStatus.ACTIVE)
    assert [r.pk for r, _current in review.context["will_change"]] == [own.pk]
    assert [r.pk for r in review.context["refused"]] == [costa_rica.pk]
    done = _apply(client, "en", PARTNER_LIST, ids, status=RelationshipStatus.ACTIVE)
    own.refresh_from_db()
    costa_rica.refresh_from_db()
    assert own.status == RelationshipStatus.ACTIVE
    assert costa_rica.status == RelationshipStatus.PROSPECT
    page = text_of(done)
    assert "1 partner changed." in page
    assert "1 partner was not changed. You may not change it: Socio de Costa Rica." in page


def test_a_row_changed_meanwhile_is_refused_and_the_others_change(client, login):
    login("secretariat")
    first = _partner("Primero", None)
    second = _partner("Segundo", None)
    ids = [first.pk, second.pk]
    review = _review(client, "en", PARTNER_LIST, ids, status=RelationshipStatus.ACTIVE)
    assert "version_" in review.content.decode()
    versions = {f"version_{p.pk}": p.version for p in (first, second)}
    Partner.objects.filter(pk=second.pk).update(version=second.version + 1)
    done = _apply(client, "en", PARTNER_LIST, ids, status=RelationshipStatus.ACTIVE, **versions)
    assert Partner.objects.get(pk=first.pk).status == RelationshipStatus.ACTIVE
    assert Partner.objects.get(pk=second.pk).status == RelationshipStatus.PROSPECT
    assert "Someone else changed it meanwhile: Segundo." in text_of(done)


def test_a_bulk_change_must_choose_something(client, login):
    login("secretariat")
    ids = list(Partner.objects.values_list("pk", flat=True)[:2])
    review = _review(client, "en", PARTNER_LIST, ids)
    assert review.context["step"] == "choose"
    assert "Choose what to change." in review.content.decode()


def test_nothing_ticked_sends_back_to_the_list(client, login):
    login("secretariat")
    response = client.post(url(BULK), {"list": PARTNER_LIST, "action": "csv"}, follow=True)
    assert "Tick at least one row first." in response.content.decode()


def test_a_list_without_bulk_actions_or_a_forged_list_name_is_a_404(client, login):
    login("secretariat")
    for name in ("coalition:meeting_list", "admin:index", "nothing"):
        response = client.post(url(BULK), {"list": name, "action": "csv", "selected": [1]})
        assert response.status_code == 404


def test_the_owner_of_several_opportunities_changes_in_one_go(client, login, cast):
    from mobiliza.pipeline.models import Opportunity

    secretariat = login("secretariat")
    ids = list(Opportunity.objects.order_by("pk").values_list("pk", flat=True)[:2])
    _apply(client, "en", "pipeline:opportunity_list", ids, owner=secretariat.pk)
    assert Opportunity.objects.filter(pk__in=ids, owner=secretariat).count() == len(ids)


def test_a_step_is_taken_on_the_contributions_in_a_state_it_goes_from(client, login):
    from mobiliza.agreements.choices import ContributionStatus
    from mobiliza.agreements.models import Contribution

    login("secretariat")
    first, second = Contribution.objects.order_by("pk")[:2]
    # A pledge beside a contribution already received (set directly: test data).
    Contribution.objects.filter(pk=first.pk).update(
        status=ContributionStatus.PLEDGED, committed_on=None, received_on=None
    )
    Contribution.objects.filter(pk=second.pk).update(status=ContributionStatus.RECEIVED)
    pledged, other = [first.pk], [second.pk]
    ids = [*pledged, *other]
    review = _review(client, "en", "agreements:contribution_list", ids, take_step="commit")
    assert {r.pk for r, _current in review.context["will_change"]} == set(pledged)
    assert {r.pk for r in review.context["refused"]} == set(other)
    _apply(client, "en", "agreements:contribution_list", ids, take_step="commit")
    assert set(
        Contribution.objects.filter(
            status=ContributionStatus.COMMITTED, pk__in=pledged
        ).values_list("pk", flat=True)
    ) == set(pledged)


@pytest.mark.parametrize("extra", [5, 40])
def test_the_bulk_confirmation_page_runs_a_fixed_number_of_queries(
    client, login, django_assert_max_num_queries, extra
):
    secretariat = login("focal-gt")
    ids = [_partner(f"Socio {i}", "GT" if i % 2 else "CR").pk for i in range(extra)]
    with django_assert_max_num_queries(12):
        response = _review(client, "en", PARTNER_LIST, ids, status=RelationshipStatus.ACTIVE)
    assert response.status_code == 200
    assert secretariat is not None


def test_a_bulk_step_change_moves_each_opportunity_as_the_board_does(client, login):
    from mobiliza.pipeline.models import Opportunity, StageChange
    from mobiliza.plan.models import MobilizationStep

    login("secretariat")
    ids = list(Opportunity.objects.order_by("pk").values_list("pk", flat=True)[:2])
    last = MobilizationStep.objects.order_by("-position").first()
    before = StageChange.objects.filter(opportunity__in=ids, step=last).count()
    _apply(client, "en", "pipeline:opportunity_list", ids, step=last.pk)
    assert Opportunity.objects.filter(pk__in=ids, step=last).count() == 2
    moved = StageChange.objects.filter(opportunity__in=ids, step=last).count() - before
    assert 1 <= moved <= 2  # one already there (and open) is not moved again


def test_the_user_list_says_how_many_users_it_holds(client, login):
    from mobiliza.accounts.models import User

    login("secretariat")
    page = text_of(client.get(url("accounts:user_list")))
    assert f"{User.objects.count()} users" in page
    assert 'class="table-scroll" tabindex="0"' in page


@pytest.mark.parametrize(
    ("list_name", "field"),
    [
        (PARTNER_LIST, "status"),
        ("pipeline:opportunity_list", "step"),
        ("agreements:reportingobligation_list", "responsible"),
        ("agreements:agreement_list", "take_step"),
        ("agreements:contribution_list", "take_step"),
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_list_with_bulk_changes_offers_what_it_declares(
    client, login, list_name, field, language
):
    login("secretariat")
    list_page = client.get(url(list_name, language))
    assert 'id="bulk-form"' in list_page.content.decode()
    ids = [row.record.pk for row in list_page.context["table"].page.object_list][:3]
    response = client.post(
        url(BULK, language), {"list": list_name, "action": "change", "selected": ids}
    )
    assert response.status_code == 200
    assert f'name="{field}"' in response.content.decode()


def test_the_selected_rows_are_exported_as_a_spreadsheet(client, login):
    import openpyxl

    login("secretariat")
    chosen = list(Partner.objects.order_by("pk")[:3])
    response = client.post(
        url(BULK, "es"),
        {"list": PARTNER_LIST, "action": "xlsx", "selected": [p.pk for p in chosen]},
    )
    assert response["Content-Disposition"].startswith('attachment; filename="socios-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1 + len(chosen)
