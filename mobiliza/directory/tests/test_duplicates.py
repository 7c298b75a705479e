"""Likely duplicate partners (issue point 6): detection in Spanish and English, the
"add partner" page that warns before saving, and merging that loses nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mobiliza.accounts.models import Membership, User
from mobiliza.coalition.models import MemberState
from mobiliza.core.roles import Role
from mobiliza.core.services import record_create
from mobiliza.directory.duplicates.finding import likely_duplicates
from mobiliza.directory.duplicates.merging import partner_merge
from mobiliza.directory.models import (
    Attachment,
    Contact,
    DirectoryTerm,
    FundingCall,
    Partner,
)

OIM_ES = "Organización Internacional para las Migraciones"


def SIMILAR_NAMES() -> str:  # noqa: N802 - reads like the constant it stands for
    """The start of the "similar names" reason, in the active language."""
    return _("Similar names ({percent}% alike)").split("(")[0].strip()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def partner(user, **data) -> Partner:
    """A partner created through the service, as the pages create them."""
    return record_create(user=user, model=Partner, data=data)


def matched(**fields) -> dict[str, list[str]]:
    """Likely duplicates among the demo partners: acronym or Spanish name → reasons."""
    return {m.partner.acronym or m.partner.name_es: m.reasons for m in likely_duplicates(**fields)}


# Detection, in Spanish and English -----------------------------------------------------


@pytest.mark.django_db
def test_unodc_acronym_matches_its_spanish_and_english_names():
    assert "UNODC" in matched(name_es="UNODC")
    assert "UNODC" in matched(name_es="Oficina de las Naciones Unidas contra la Droga y el Delito")
    assert "UNODC" in matched(name_es="United Nations Office on Drugs and Crime")


@pytest.mark.django_db
def test_a_new_record_in_english_matches_the_spanish_record_of_the_same_body():
    # The demo OIM is kept under its Spanish name; a colleague types the English one.
    found = matched(name_es="International Organization for Migration", acronym="IOM")
    assert "OIM" in found


@pytest.mark.django_db
def test_accents_and_capitals_do_not_hide_a_duplicate():
    assert "OIM" in matched(name_es="organizacion internacional para las migraciones")


@pytest.mark.django_db
def test_a_longer_name_of_the_same_body_is_a_likely_duplicate():
    assert "Save the Children" in matched(name_es="Save the Children International")


@pytest.mark.django_db
def test_the_same_website_domain_is_a_likely_duplicate(cast):
    partner(
        cast("secretariat"),
        name_es="Aliados Digitales",
        website="https://www.aliados.example.org/es",
    )
    found = matched(name_es="Otra organización", website="http://aliados.example.org")
    assert "Aliados Digitales" in found
    assert any("aliados.example.org" in reason for reason in found["Aliados Digitales"])


@pytest.mark.django_db
def test_different_bodies_are_not_reported():
    assert "INTERPOL" not in matched(
        name_es="Organización de las Naciones Unidas para la Alimentación y la Agricultura",
        acronym="FAO",
    )
    assert "FAO" not in matched(
        name_es="Organización Internacional de Policía Criminal", acronym="INTERPOL"
    )
    # The Guatemalan Red Cross and the ICRC are different bodies.
    assert "CICR" not in matched(name_es="Cruz Roja Guatemalteca")


@pytest.mark.django_db
def test_an_existing_record_is_not_its_own_duplicate():
    oim = Partner.objects.get(acronym="OIM")
    assert "OIM" not in matched(name_es=oim.name_es, acronym="OIM", exclude_pk=oim.pk)


# The "add partner" page ----------------------------------------------------------------


def add_url() -> str:
    return reverse("directory:partner_add")


@pytest.mark.django_db
def test_adding_a_likely_duplicate_shows_it_and_saves_nothing(client, login):
    login("secretariat")
    before = Partner.objects.count()
    response = client.post(
        add_url(),
        {
            "name_es": "International Organization for Migration",
            "acronym": "IOM",
            "status": "prospect",
        },
    )
    assert response.status_code == 200
    assert Partner.objects.count() == before
    content = response.content.decode()
    oim = Partner.objects.get(acronym="OIM")
    assert _("This partner may already be in the directory") in content
    assert oim.get_absolute_url() in content
    assert 'name="confirm_not_duplicate"' in content
    assert "<script>" not in content


@pytest.mark.django_db
def test_a_likely_duplicate_is_saved_once_confirmed(client, login):
    login("secretariat")
    data = {
        "name_es": "International Organization for Migration",
        "acronym": "IOM",
        "status": "prospect",
    }
    response = client.post(add_url(), {**data, "confirm_not_duplicate": "1"})
    assert response.status_code == 302
    assert Partner.objects.filter(acronym="IOM").count() == 1


@pytest.mark.django_db
def test_a_partner_without_duplicates_is_saved_at_once(client, login):
    login("secretariat")
    response = client.post(add_url(), {"name_es": "Fundación Esperanza Viva", "status": "prospect"})
    assert response.status_code == 302
    assert Partner.objects.filter(name_es="Fundación Esperanza Viva").exists()


# Merging -------------------------------------------------------------------------------


@pytest.fixture
def two_records_of_iom(cast):
    """The demo OIM and a second record of the same body, with something linked to each."""
    secretariat = cast("secretariat")
    keep = Partner.objects.get(acronym="OIM")
    remove = partner(
        secretariat,
        name_es="International Organization for Migration",
        name_en="International Organization for Migration",
        acronym="IOM",
        website="https://www.iom.int/",
        countries=["BZ", "GT"],
        suitability_comments="Good partner for shelters.",
        confidential_notes="Asked for co-financing.",
        areas=[DirectoryTerm.objects.get(kind="area", code="knowledge-management")],
    )
    contact = record_create(
        user=secretariat,
        model=Contact,
        data={"partner": remove, "full_name": "Peter Ward", "email": "pward@iom.example.org"},
    )
    call = record_create(
        user=secretariat,
        model=FundingCall,
        data={"partner": remove, "title": "IOM Development Fund"},
    )
    attachment = record_create(
        user=secretariat,
        model=Attachment,
        data={
            "partner": remove,
            "title": "Grant guidelines",
            "file": SimpleUploadedFile("guidelines.pdf", PDF, content_type="application/pdf"),
        },
    )
    viewer = User.objects.create_user("iom-viewer@example.org", "mobiliza-test")
    membership = Membership.objects.create(user=viewer, role=Role.PARTNER_VIEWER, partner=remove)
    return (
        keep,
        remove,
        {"contact": contact, "call": call, "attachment": attachment, "membership": membership},
    )


def merge_url(first: Partner, second: Partner, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return reverse("directory:partner_merge", args=[first.pk, second.pk])


@pytest.mark.django_db
def test_merging_keeps_every_contact_attachment_call_viewer_and_both_histories(
    client, login, two_records_of_iom
):
    keep, remove, linked = two_records_of_iom
    remove_pk = remove.pk
    kept_contacts = set(keep.contacts.values_list("pk", flat=True))
    kept_calls = set(keep.calls.values_list("pk", flat=True))
    remove_history = Partner.history.filter(id=remove_pk).count()
    login("secretariat")

    response = client.post(merge_url(keep, remove, "en"), {"keep": keep.pk})

    assert response.status_code == 302
    assert response.url == keep.get_absolute_url()
    assert not Partner.objects.filter(pk=remove_pk).exists()
    keep.refresh_from_db()
    assert set(keep.contacts.values_list("pk", flat=True)) == kept_contacts | {linked["contact"].pk}
    assert set(keep.calls.values_list("pk", flat=True)) == kept_calls | {linked["call"].pk}
    attachment = keep.attachments.get()
    assert attachment.pk == linked["attachment"].pk
    with attachment.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert linked["membership"].pk in set(keep.viewer_memberships.values_list("pk", flat=True))
    # Check lists united, empty fields filled, notes appended, scope unchanged.
    assert "knowledge-management" in set(keep.areas.values_list("code", flat=True))
    assert "trafficking" in set(keep.areas.values_list("code", flat=True))
    assert "BZ" in [c.code for c in keep.countries] and "MX" in [c.code for c in keep.countries]
    assert keep.website == "https://www.iom.int/"
    assert keep.acronym == "OIM"
    assert (
        _("From the merged record “{name}” (no. {pk}):").split("{name}")[0]
        in keep.confidential_notes
    )
    assert "Asked for co-financing." in keep.confidential_notes
    assert "Good partner for shelters." in keep.suitability_comments
    assert keep.member_state is None
    # Histories: the kept record names the removed one; the removed one keeps its last state.
    assert "International Organization for Migration" in keep.history.first().history_change_reason
    removed_history = Partner.history.filter(id=remove_pk)
    assert removed_history.count() == remove_history + 1
    assert removed_history.first().history_type == "-"
    assert removed_history.first().website == "https://www.iom.int/"
    contact_history = linked["contact"].history.first()
    assert contact_history.history_user.email == "secretariat@example.org"
    assert "moved from" in contact_history.history_change_reason
    assert linked["contact"].history.count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"International Organization for Migration (IOM) was merged into {keep}."]


@pytest.mark.django_db
def test_merge_page_shows_both_records_side_by_side(client, login, two_records_of_iom):
    keep, remove, _linked = two_records_of_iom
    login("secretariat")
    response = client.get(merge_url(keep, remove))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="keep"' in content
    assert OIM_ES in content and "https://www.iom.int/" in content


@pytest.fixture
def two_partners_of_honduras(cast):
    honduras = MemberState.objects.get(code="HN")
    secretariat = cast("secretariat")
    return (
        partner(secretariat, name_es="Fundación Café Solidario Honduras", member_state=honduras),
        partner(secretariat, name_es="Fundacion Cafe Solidario de Honduras", member_state=honduras),
    )


@pytest.mark.django_db
def test_focal_point_cannot_merge_partners_of_another_country(
    client, login, two_partners_of_honduras
):
    first, second = two_partners_of_honduras
    user = login("focal-gt")
    assert client.get(merge_url(first, second)).status_code == 403
    assert client.post(merge_url(first, second), {"keep": first.pk}).status_code == 403
    assert Partner.objects.filter(pk=second.pk).exists()
    with pytest.raises(PermissionDenied):
        partner_merge(user=user, keep=first, remove=second)


@pytest.mark.django_db
def test_focal_point_cannot_merge_a_regional_partner(client, login, two_records_of_iom):
    keep, remove, _linked = two_records_of_iom
    login("focal-gt")
    assert client.post(merge_url(keep, remove), {"keep": keep.pk}).status_code == 403


@pytest.mark.django_db
def test_secretariat_may_merge_partners_of_any_country(client, login, two_partners_of_honduras):
    first, second = two_partners_of_honduras
    login("secretariat")
    assert client.get(merge_url(first, second)).status_code == 200
    response = client.post(merge_url(first, second), {"keep": second.pk})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=first.pk).exists()


@pytest.mark.django_db
def test_focal_point_may_merge_its_own_countrys_partners(cast):
    guatemala = MemberState.objects.get(code="GT")
    focal = cast("focal-gt")
    first = partner(focal, name_es="Asociación Refugio de la Niñez", member_state=guatemala)
    second = partner(focal, name_es="Asociacion El Refugio de la Ninez", member_state=guatemala)
    kept = partner_merge(user=focal, keep=first, remove=second)
    assert kept.pk == first.pk
    assert not Partner.objects.filter(pk=second.pk).exists()


# The list of likely duplicates ---------------------------------------------------------


WORDS = [
    "Aurora",
    "Horizonte",
    "Camino",
    "Puente",
    "Semilla",
    "Raices",
    "Faro",
    "Alba",
    "Sendero",
    "Brisa",
]


def duplicates_url() -> str:
    return reverse("directory:partner_duplicates")


@pytest.mark.django_db
def test_duplicates_page_lists_pairs_with_reasons_and_a_merge_button(
    client, login, two_records_of_iom
):
    keep, remove, _linked = two_records_of_iom
    login("secretariat")
    response = client.get(duplicates_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert SIMILAR_NAMES() in content
    assert merge_url(keep, remove) in content or merge_url(remove, keep) in content


@pytest.mark.django_db
def test_duplicates_page_offers_no_merge_to_a_focal_point_for_regional_partners(
    client, login, two_records_of_iom
):
    login("focal-gt")
    response = client.get(duplicates_url())
    assert response.status_code == 200
    assert SIMILAR_NAMES() in response.content.decode()
    assert "/merge/" not in response.content.decode()


@pytest.mark.django_db
def test_duplicates_page_refuses_a_user_without_a_role(client):
    client.force_login(User.objects.create_user("nobody-dup@example.org", "mobiliza-test"))
    assert client.get(duplicates_url()).status_code == 403


@pytest.mark.django_db
def test_duplicates_page_runs_a_bounded_number_of_queries(client, login, cast):
    login("secretariat")
    client.get(duplicates_url())  # warm up (session, caches)
    with CaptureQueriesContext(connection) as few:
        client.get(duplicates_url())
    secretariat = cast("secretariat")
    for word in WORDS:
        partner(secretariat, name_es=f"Fundación {word}", website=f"https://{word.lower()}.org")
        partner(secretariat, name_es=f"Fundacion {word}", website=f"http://www.{word.lower()}.org")
    with CaptureQueriesContext(connection) as many:
        response = client.get(duplicates_url())
    assert response.content.decode().count("/merge/") >= 10
    assert len(many) == len(few)
    assert len(many) <= 8
