"""The pages of the coalition registry, as each member of the cast meets them.

Every page gets the trio of CONVENTIONS.md: without permission, with permission,
and another country's record. Texts the user reads are compared with the Spanish
catalogue, since the pages are served under ``/es/``.
"""

from __future__ import annotations

import datetime
import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import CheckboxInput, FileField
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mobiliza.coalition.models import (
    Committee,
    Meeting,
    MeetingAgreement,
    MemberState,
    NationalBody,
    PresidencyTerm,
    Representative,
)
from mobiliza.core.services import ConflictError

LOGIN_URL = "/es/accounts/login/"
PAGES = ["list", "detail", "add", "edit", "delete"]
RECORD_PAGES = ["detail", "edit", "delete"]
WRITE_PAGES = ["add", "edit", "delete"]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


# --- helpers -------------------------------------------------------------------------


def es(text: str, **params: Any) -> str:
    """What a Spanish reader sees for ``text`` (the page's own catalogue)."""
    with translation.override("es"):
        translated = translation.gettext(text)
        return translated % params if params else translated


def url(model: str, page: str, pk: int | None = None) -> str:
    with translation.override("es"):
        return reverse(f"coalition:{model}_{page}", args=[pk] if pk is not None else [])


def shown(response) -> str:
    """The page as the reader sees its text (entities decoded)."""
    return html.unescape(response.content.decode())


def state(code: str) -> MemberState:
    return MemberState.objects.get(code=code)


def body(code: str) -> NationalBody:
    return NationalBody.objects.get(member_state__code=code)


def form_values(form) -> dict[str, Any]:
    """The POST data a browser sends for an unchanged form."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, FileField):
            continue
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def client_for(cast, name: str) -> Client:
    other = Client()
    other.force_login(cast(name))
    return other


def unused_codes(count: int) -> list[str]:
    taken = set(MemberState.objects.values_list("code", flat=True))
    codes = [a + b for a in "QXZ" for b in string.ascii_uppercase if a + b not in taken]
    return codes[:count]


# --- the registry, one spec per model ------------------------------------------------


def make_memberstate(country: str | None) -> MemberState:
    return MemberState.objects.create(
        code=unused_codes(1)[0], name_es="Estado de prueba", name_en="Test state", position=90
    )


def make_nationalbody(country: str | None) -> NationalBody:
    return body(country or "GT")


def make_representative(country: str | None) -> Representative:
    return Representative.objects.create(
        national_body=body(country or "GT"),
        full_name=f"Representante de prueba {country}",
        start_date=datetime.date(2021, 1, 1),
    )


def make_presidencyterm(country: str | None) -> PresidencyTerm:
    return PresidencyTerm.objects.create(
        member_state=state("GT"),
        start_date=datetime.date(2090, 1, 1),
        end_date=datetime.date(2090, 12, 31),
    )


def make_committee(country: str | None) -> Committee:
    committee = Committee.objects.create(name_es="Comité de prueba", coordinator=state("GT"))
    committee.members.set([state("GT"), state("CR")])
    return committee


def make_meeting(country: str | None) -> Meeting:
    return Meeting.objects.create(
        title="Reunión de prueba", date=datetime.date(2024, 6, 1), host=state("GT")
    )


def make_meetingagreement(country: str | None) -> MeetingAgreement:
    return MeetingAgreement.objects.create(
        meeting=make_meeting(None),
        text_es=f"Acuerdo de prueba {country or 'regional'}",
        responsible=state(country) if country else None,
    )


def add_memberstate() -> tuple[dict, dict]:
    return {"code": "QB", "name_es": "Estado nuevo", "position": "91"}, {"code": "QB"}


def add_nationalbody() -> tuple[dict, dict]:
    new_state = MemberState.objects.create(code="QC", name_es="Estado sin comisión")
    data = {"member_state": new_state.pk, "name_es": "Comisión nueva", "acronym": "CNQ"}
    return data, {"acronym": "CNQ", "member_state": new_state}


def add_representative() -> tuple[dict, dict]:
    data = {
        "national_body": body("GT").pk,
        "full_name": "Rosa Nueva",
        "role": "principal",
        "start_date": "2024-01-01",
    }
    return data, {"full_name": "Rosa Nueva", "national_body": body("GT")}


def add_presidencyterm() -> tuple[dict, dict]:
    data = {"member_state": state("GT").pk, "start_date": "2092-01-01", "end_date": "2092-12-31"}
    return data, {"start_date": datetime.date(2092, 1, 1)}


def add_committee() -> tuple[dict, dict]:
    data = {
        "name_es": "Comité nuevo",
        "is_active": "on",
        "members": [str(state("GT").pk), str(state("CR").pk)],
    }
    return data, {"name_es": "Comité nuevo", "members": state("CR")}


def add_meeting() -> tuple[dict, dict]:
    return {"title": "Reunión nueva", "kind": "ordinary", "date": "2025-05-05"}, {
        "title": "Reunión nueva"
    }


def add_meetingagreement() -> tuple[dict, dict]:
    data = {
        "meeting": make_meeting(None).pk,
        "text_es": "Acuerdo nuevo",
        "responsible": state("GT").pk,
        "status": "pending",
    }
    return data, {"text_es": "Acuerdo nuevo", "responsible": state("GT")}


@dataclass
class Spec:
    name: str
    model: type
    country_scoped: bool
    partner_reads: bool
    edit_field: str
    edit_value: str
    make: Callable[[str | None], Any]
    add: Callable[[], tuple[dict, dict]]

    def __str__(self) -> str:
        return self.name


SPECS = {
    spec.name: spec
    for spec in [
        Spec(
            "memberstate",
            MemberState,
            False,
            True,
            "name_en",
            "Edited state",
            make_memberstate,
            add_memberstate,
        ),
        Spec(
            "nationalbody",
            NationalBody,
            True,
            True,
            "acronym",
            "EDITADO",
            make_nationalbody,
            add_nationalbody,
        ),
        Spec(
            "representative",
            Representative,
            True,
            False,
            "full_name",
            "Nombre editado",
            make_representative,
            add_representative,
        ),
        Spec(
            "presidencyterm",
            PresidencyTerm,
            False,
            True,
            "notes",
            "Nota editada",
            make_presidencyterm,
            add_presidencyterm,
        ),
        Spec(
            "committee",
            Committee,
            False,
            False,
            "name_en",
            "Edited committee",
            make_committee,
            add_committee,
        ),
        Spec(
            "meeting",
            Meeting,
            False,
            False,
            "title",
            "Reunión editada",
            make_meeting,
            add_meeting,
        ),
        Spec(
            "meetingagreement",
            MeetingAgreement,
            True,
            False,
            "text_es",
            "Acuerdo editado",
            make_meetingagreement,
            add_meetingagreement,
        ),
    ]
}
ALL = list(SPECS)
COUNTRY_SCOPED = [s for s in ALL if SPECS[s].country_scoped]
REGIONAL = [s for s in ALL if not SPECS[s].country_scoped]
HIDDEN_FROM_PARTNERS = [s for s in ALL if not SPECS[s].partner_reads]
SHOWN_TO_PARTNERS = [s for s in ALL if SPECS[s].partner_reads]


def page_url(spec: Spec, page: str, record: Any = None) -> str:
    return url(spec.name, page, record.pk if page in RECORD_PAGES else None)


# --- anonymous -----------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ALL)
def test_an_anonymous_visitor_is_sent_to_the_log_in_page(client, db, name, page):
    spec = SPECS[name]
    address = page_url(spec, page, spec.make("GT"))
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    assert address in html.unescape(response["Location"].replace("%2F", "/"))


def test_an_anonymous_visitor_cannot_post_a_change(client, db):
    gt_body = body("GT")
    response = client.post(url("nationalbody", "edit", gt_body.pk), {"acronym": "ANON"})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert body("GT").acronym != "ANON"


# --- with permission -----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ALL)
def test_the_secretariat_opens_every_registry_page(client, login, name, page):
    spec = SPECS[name]
    record = spec.make("CR")
    login("secretariat")
    response = client.get(page_url(spec, page, record))
    assert response.status_code == 200
    if page in RECORD_PAGES:
        assert str(record) in shown(response)


@pytest.mark.parametrize("name", ALL)
def test_the_secretariat_adds_a_record_and_is_told_it_was_saved(client, login, name):
    spec = SPECS[name]
    login("secretariat")
    data, lookup = spec.add()
    assert not spec.model.objects.filter(**lookup).exists()

    response = client.post(url(name, "add"), data, follow=True)

    created = spec.model.objects.get(**lookup)
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    assert es("Saved: %(name)s.", name=str(created)) in shown(response)


@pytest.mark.parametrize("name", ALL)
def test_the_secretariat_edits_a_record_and_is_told_it_was_saved(client, login, name):
    spec = SPECS[name]
    record = spec.make("CR")
    login("secretariat")
    form = client.get(url(name, "edit", record.pk)).context["form"]
    data = form_values(form)
    data[spec.edit_field] = spec.edit_value

    response = client.post(url(name, "edit", record.pk), data, follow=True)

    stored = spec.model.objects.get(pk=record.pk)
    assert getattr(stored, spec.edit_field) == spec.edit_value
    assert stored.version == record.version + 1
    assert es("Saved: %(name)s.", name=str(stored)) in shown(response)


@pytest.mark.parametrize("name", ALL)
def test_the_secretariat_deletes_a_record_and_is_told_it_was_deleted(client, login, name):
    spec = SPECS[name]
    record = spec.make("CR")
    pk, label = record.pk, str(record)
    login("secretariat")

    response = client.post(url(name, "delete", pk), follow=True)

    assert not spec.model.objects.filter(pk=pk).exists()
    assert response.redirect_chain[-1][0] == url(name, "list")
    assert es("Deleted: %(name)s.", name=label) in shown(response)


@pytest.mark.parametrize("name", COUNTRY_SCOPED)
def test_a_focal_point_edits_its_own_countrys_record(client, login, name):
    spec = SPECS[name]
    record = spec.make("GT")
    login("focal-gt")
    detail = client.get(url(name, "detail", record.pk))
    assert url(name, "edit", record.pk) in detail.content.decode()

    edit = client.get(url(name, "edit", record.pk))
    assert edit.status_code == 200
    data = form_values(edit.context["form"])
    data[spec.edit_field] = spec.edit_value
    response = client.post(url(name, "edit", record.pk), data, follow=True)

    stored = spec.model.objects.get(pk=record.pk)
    assert getattr(stored, spec.edit_field) == spec.edit_value
    assert es("Saved: %(name)s.", name=str(stored)) in shown(response)


@pytest.mark.parametrize("name", ["representative", "meetingagreement"])
def test_a_focal_point_adds_a_record_for_its_own_country(client, login, name):
    spec = SPECS[name]
    login("focal-gt")
    assert client.get(url(name, "add")).status_code == 200
    data, lookup = spec.add()

    response = client.post(url(name, "add"), data, follow=True)

    created = spec.model.objects.get(**lookup)
    assert es("Saved: %(name)s.", name=str(created)) in shown(response)


def test_a_focal_point_deletes_a_representative_of_its_own_country(client, login):
    rep = make_representative("GT")
    login("focal-gt")
    response = client.post(url("representative", "delete", rep.pk), follow=True)
    assert not Representative.objects.filter(pk=rep.pk).exists()
    assert es("Deleted: %(name)s.", name=rep.full_name) in shown(response)


# --- without permission --------------------------------------------------------------


@pytest.mark.parametrize("page", WRITE_PAGES)
@pytest.mark.parametrize("name", ALL)
def test_the_evaluator_reads_but_is_refused_every_page_that_writes(client, login, name, page):
    spec = SPECS[name]
    record = spec.make("GT")
    login("evaluator")
    assert client.get(url(name, "detail", record.pk)).status_code == 200
    detail = client.get(url(name, "detail", record.pk)).content.decode()
    assert url(name, "edit", record.pk) not in detail

    assert client.get(page_url(spec, page, record)).status_code == 403
    before = spec.model.objects.count()
    assert client.post(page_url(spec, page, record), {spec.edit_field: "X"}).status_code == 403
    assert spec.model.objects.count() == before
    if page == "edit":
        assert getattr(spec.model.objects.get(pk=record.pk), spec.edit_field) != "X"


@pytest.mark.parametrize("page", WRITE_PAGES)
@pytest.mark.parametrize("name", REGIONAL)
def test_a_focal_point_is_refused_every_page_that_writes_a_regional_record(
    client, login, name, page
):
    spec = SPECS[name]
    record = spec.make(None)
    login("focal-gt")
    detail = client.get(url(name, "detail", record.pk))
    assert detail.status_code == 200
    assert url(name, "edit", record.pk) not in detail.content.decode()
    assert url(name, "add") not in client.get(url(name, "list")).content.decode()

    assert client.get(page_url(spec, page, record)).status_code == 403
    before = spec.model.objects.count()
    assert client.post(page_url(spec, page, record), {spec.edit_field: "X"}).status_code == 403
    assert spec.model.objects.count() == before
    assert spec.model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("page", RECORD_PAGES)
@pytest.mark.parametrize("name", HIDDEN_FROM_PARTNERS)
def test_a_partner_viewer_is_told_a_record_it_may_not_see_does_not_exist(client, login, name, page):
    spec = SPECS[name]
    record = spec.make("GT")
    login("donor")
    assert client.get(page_url(spec, page, record)).status_code == 404
    if page != "detail":
        assert client.post(page_url(spec, page, record)).status_code == 404
    assert spec.model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", HIDDEN_FROM_PARTNERS)
def test_a_partner_viewers_list_shows_none_of_the_records_it_may_not_see(client, login, name):
    spec = SPECS[name]
    record = spec.make("GT")
    login("donor")
    response = client.get(url(name, "list"))
    assert response.status_code in (200, 403)
    assert str(record) not in shown(response)
    assert url(name, "detail", record.pk) not in response.content.decode()


@pytest.mark.parametrize("name", SHOWN_TO_PARTNERS)
def test_a_partner_viewer_reads_public_registry_records_but_cannot_change_them(client, login, name):
    spec = SPECS[name]
    record = spec.make("GT")
    login("donor")
    assert url(name, "detail", record.pk) in client.get(url(name, "list")).content.decode()
    assert client.get(url(name, "detail", record.pk)).status_code == 200
    for page in WRITE_PAGES:
        assert client.get(page_url(spec, page, record)).status_code == 403, page


# --- another country's record --------------------------------------------------------


# Costa Rica's records, and the regional ones (only agreements may belong to the region).
FOREIGN = [(name, "CR") for name in COUNTRY_SCOPED] + [("meetingagreement", None)]


@pytest.mark.parametrize("page", ["edit", "delete"])
@pytest.mark.parametrize("name, country", FOREIGN)
def test_a_focal_point_is_refused_another_countrys_record(client, login, name, country, page):
    spec = SPECS[name]
    record = spec.make(country)
    login("focal-gt")
    detail = client.get(url(name, "detail", record.pk))
    assert detail.status_code == 200, "a focal point reads other countries' registry records"

    assert client.get(url(name, page, record.pk)).status_code == 403
    data = {spec.edit_field: "Cambio ajeno"}
    assert client.post(url(name, page, record.pk), data).status_code == 403
    stored = spec.model.objects.get(pk=record.pk)
    assert getattr(stored, spec.edit_field) != "Cambio ajeno"
    assert stored.version == record.version


def test_the_focal_point_of_guatemala_cannot_edit_costa_ricas_national_body(client, login):
    cr_body, gt_body = body("CR"), body("GT")
    login("focal-gt")

    own_page = client.get(url("nationalbody", "detail", gt_body.pk)).content.decode()
    cr_page = client.get(url("nationalbody", "detail", cr_body.pk)).content.decode()

    assert f'href="{url("nationalbody", "edit", gt_body.pk)}"' in own_page
    assert cr_body.name_es in html.unescape(cr_page)
    assert url("nationalbody", "edit", cr_body.pk) not in cr_page
    assert url("nationalbody", "delete", cr_body.pk) not in cr_page
    assert client.get(url("nationalbody", "edit", cr_body.pk)).status_code == 403


def test_a_focal_point_cannot_move_its_national_body_to_another_country_in_the_form(client, login):
    gt_body = body("GT")
    login("focal-gt")
    data = form_values(client.get(url("nationalbody", "edit", gt_body.pk)).context["form"])
    data["member_state"] = state("CR").pk

    response = client.post(url("nationalbody", "edit", gt_body.pk), data)

    assert response.status_code == 200
    assert response.context["form"].errors["member_state"]
    assert body("GT").pk == gt_body.pk
    assert NationalBody.objects.get(pk=gt_body.pk).version == gt_body.version


def test_a_focal_point_cannot_add_a_representative_to_another_countrys_national_body(client, login):
    login("focal-gt")
    data = {
        "national_body": body("CR").pk,
        "full_name": "Representante ajeno",
        "role": "principal",
        "start_date": "2024-01-01",
    }
    response = client.post(url("representative", "add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["national_body"]
    assert not Representative.objects.filter(full_name="Representante ajeno").exists()


def test_a_focal_point_cannot_add_a_regional_agreement(client, login):
    login("focal-gt")
    data = {"meeting": make_meeting(None).pk, "text_es": "Acuerdo sin país", "status": "pending"}
    response = client.post(url("meetingagreement", "add"), data)
    assert response.status_code == 200
    assert es("You may not create this record for that member state.") in shown(response)
    assert not MeetingAgreement.objects.filter(text_es="Acuerdo sin país").exists()


# --- history -------------------------------------------------------------------------


def test_an_edit_shows_in_the_records_history_with_the_old_and_new_values(client, login):
    gt_body = body("GT")
    old_acronym = gt_body.acronym
    focal = login("focal-gt")
    data = form_values(client.get(url("nationalbody", "edit", gt_body.pk)).context["form"])
    data["acronym"] = "SVET-CIT"
    client.post(url("nationalbody", "edit", gt_body.pk), data)

    login("secretariat")
    page = shown(client.get(url("nationalbody", "detail", gt_body.pk)))
    history = page[page.index('class="history"') :]
    label = str(NationalBody._meta.get_field("acronym").verbose_name)
    with translation.override("es"):
        label = str(NationalBody._meta.get_field("acronym").verbose_name)
    row = re.search(
        rf"<th[^>]*>{re.escape(label[0].upper() + label[1:])}</th>\s*"
        rf"<td>{re.escape(old_acronym or '—')}</td>\s*<td>SVET-CIT</td>",
        history,
    )
    assert row, history[:2000]
    assert focal.get_full_name() in history


# --- conflicts -----------------------------------------------------------------------


def test_the_second_of_two_people_editing_the_same_record_is_told_of_the_conflict(
    client, login, cast
):
    gt_body = body("GT")
    edit_url = url("nationalbody", "edit", gt_body.pk)
    first = client_for(cast, "secretariat")
    second = client_for(cast, "focal-gt")
    first_form = first.get(edit_url).context["form"]
    second_form = second.get(edit_url).context["form"]
    assert first_form["version"].value() == second_form["version"].value() == gt_body.version
    assert f'name="version" value="{gt_body.version}"' in second.get(edit_url).content.decode()

    first_data = form_values(first_form)
    first_data["acronym"] = "PRIMERO"
    assert first.post(edit_url, first_data).status_code == 302

    second_data = form_values(second_form)
    second_data["acronym"] = "SEGUNDO"
    response = second.post(edit_url, second_data)

    assert response.status_code == 200
    assert es(str(ConflictError.message)) in shown(response)
    assert response.context["form"]["acronym"].value() == "SEGUNDO"
    assert 'value="SEGUNDO"' in response.content.decode()
    stored = NationalBody.objects.get(pk=gt_body.pk)
    assert stored.acronym == "PRIMERO"
    assert stored.version == gt_body.version + 1


def test_after_a_conflict_saving_again_keeps_the_second_persons_input(client, login, cast):
    gt_body = body("GT")
    edit_url = url("nationalbody", "edit", gt_body.pk)
    first = client_for(cast, "secretariat")
    second = client_for(cast, "focal-gt")
    first_data = form_values(first.get(edit_url).context["form"])
    second_data = form_values(second.get(edit_url).context["form"])
    first_data["acronym"] = "PRIMERO"
    first.post(edit_url, first_data)
    second_data["acronym"] = "SEGUNDO"
    conflict = second.post(edit_url, second_data)
    # The page now carries the stored version; the browser sends every field again.
    resubmitted = re.findall(r'name="version" value="(\d+)"', conflict.content.decode())
    assert resubmitted[-1] == str(gt_body.version + 1)
    second_data["version"] = resubmitted

    assert second.post(edit_url, second_data).status_code == 302
    assert NationalBody.objects.get(pk=gt_body.pk).acronym == "SEGUNDO"


# --- meeting minutes -----------------------------------------------------------------


def _minutes_data(client, meeting: Meeting) -> dict[str, Any]:
    return form_values(client.get(url("meeting", "edit", meeting.pk)).context["form"])


def test_the_secretariat_uploads_a_pdf_as_the_minutes_of_a_meeting(client, login):
    meeting = make_meeting(None)
    login("secretariat")
    data = _minutes_data(client, meeting)
    data["minutes"] = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")

    response = client.post(url("meeting", "edit", meeting.pk), data, follow=True)

    meeting.refresh_from_db()
    assert meeting.minutes
    assert es("Saved: %(name)s.", name=str(meeting)) in shown(response)
    download = client.get(reverse("coalition:meeting_minutes", args=[meeting.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")


def test_minutes_can_be_attached_when_the_meeting_is_added(client, login):
    login("secretariat")
    data, lookup = add_meeting()
    data["minutes"] = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")
    client.post(url("meeting", "add"), data)
    assert Meeting.objects.get(**lookup).minutes.read() == PDF


@pytest.mark.parametrize(
    "content",
    [pytest.param(PNG, id="a PNG"), pytest.param(b"Acta: se aprobo todo.\n", id="plain text")],
)
def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(client, login, content):
    meeting = make_meeting(None)
    login("secretariat")
    data = _minutes_data(client, meeting)
    data["minutes"] = SimpleUploadedFile("acta.pdf", content, content_type="application/pdf")

    response = client.post(url("meeting", "edit", meeting.pk), data)

    assert response.status_code == 200
    message = es(
        "The content of this file is not a real %(kind)s file, as its name says.", kind="PDF"
    )
    assert message in shown(response)
    meeting.refresh_from_db()
    assert not meeting.minutes
    assert meeting.version == 1


def test_minutes_larger_than_the_upload_limit_are_refused(client, login, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    meeting = make_meeting(None)
    login("secretariat")
    data = _minutes_data(client, meeting)
    big = PDF + b"0" * 2048
    data["minutes"] = SimpleUploadedFile("acta.pdf", big, content_type="application/pdf")

    response = client.post(url("meeting", "edit", meeting.pk), data)

    assert response.status_code == 200
    with translation.override("es"):
        size, limit = filesizeformat(len(big)), filesizeformat(1024)
    message = es("The file is %(size)s; the largest accepted is %(limit)s.", size=size, limit=limit)
    assert message in shown(response)
    meeting.refresh_from_db()
    assert not meeting.minutes


def test_the_secretariat_removes_the_minutes_of_a_meeting(client, login):
    meeting = make_meeting(None)
    meeting.minutes = SimpleUploadedFile("acta.pdf", PDF)
    meeting.save()
    login("secretariat")
    data = _minutes_data(client, meeting)
    data["minutes-clear"] = "on"

    response = client.post(url("meeting", "edit", meeting.pk), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert not meeting.minutes


@pytest.fixture
def meeting_with_minutes(db):
    meeting = make_meeting(None)
    meeting.minutes = SimpleUploadedFile("acta.pdf", PDF)
    meeting.save()
    return meeting


def test_a_focal_point_downloads_the_minutes_of_a_meeting(client, login, meeting_with_minutes):
    login("focal-gt")
    response = client.get(reverse("coalition:meeting_minutes", args=[meeting_with_minutes.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_partner_viewer_cannot_download_minutes_of_meetings_it_may_not_see(
    client, login, meeting_with_minutes
):
    login("donor")
    response = client.get(reverse("coalition:meeting_minutes", args=[meeting_with_minutes.pk]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_before_downloading_minutes(
    client, meeting_with_minutes
):
    with translation.override("es"):
        address = reverse("coalition:meeting_minutes", args=[meeting_with_minutes.pk])
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")


def test_a_meeting_without_minutes_has_nothing_to_download(client, login):
    meeting = make_meeting(None)
    login("secretariat")
    response = client.get(reverse("coalition:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 404


# --- lists: fixed number of queries, filters -----------------------------------------

MARK = "Fila de prueba"


def add_rows(name: str, start: int, count: int) -> str:
    """Add ``count`` rows to the list of ``name``; return the query string that lists them."""
    numbers = range(start, start + count)
    bodies = list(NationalBody.objects.filter(member_state__code__in=["GT", "CR", "HN"]))
    states = [state(c) for c in ("GT", "CR", "HN")]
    if name == "memberstate":
        for n, code in zip(numbers, unused_codes(count), strict=True):
            MemberState.objects.create(code=code, name_es=f"{MARK} {n}", position=100 + n)
        return f"?q={MARK}"
    if name == "nationalbody":
        for n, code in zip(numbers, unused_codes(count), strict=True):
            new_state = MemberState.objects.create(code=code, name_es=f"Estado {n}")
            NationalBody.objects.create(member_state=new_state, name_es=f"{MARK} {n}")
        return f"?q={MARK}"
    if name == "representative":
        for n in numbers:
            Representative.objects.create(
                national_body=bodies[n % 3], full_name=f"{MARK} {n}", start_date="2020-01-01"
            )
        return f"?q={MARK}"
    if name == "presidencyterm":
        if start == 0:
            PresidencyTerm.objects.all().delete()
        for n in numbers:
            PresidencyTerm.objects.create(
                member_state=states[n % 3],
                start_date=datetime.date(2100 + n, 1, 1),
                end_date=datetime.date(2100 + n, 12, 31),
            )
        return ""
    if name == "committee":
        for n in numbers:
            Committee.objects.create(name_es=f"{MARK} {n}", coordinator=states[n % 3])
        return f"?q={MARK}"
    if name == "meeting":
        for n in numbers:
            Meeting.objects.create(
                title=f"{MARK} {n}", date=datetime.date(2024, 1, 1), host=states[n % 3]
            )
        return f"?q={MARK}"
    if name == "meetingagreement":
        for n in numbers:
            meeting = Meeting.objects.create(title=f"Reunión {n}", date=datetime.date(2024, 1, 1))
            MeetingAgreement.objects.create(
                meeting=meeting, text_es=f"{MARK} {n}", responsible=(states + [None])[n % 4]
            )
        return f"?q={MARK}"
    raise AssertionError(name)


@pytest.mark.parametrize("viewer", ["secretariat", "focal-gt"])
@pytest.mark.parametrize("name", ALL)
def test_a_list_page_runs_as_many_queries_for_thirty_rows_as_for_three(
    client, login, django_assert_max_num_queries, name, viewer
):
    query = add_rows(name, 0, 3)
    login(viewer)
    address = url(name, "list") + query
    client.get(address)  # warm caches shared by every page

    with CaptureQueriesContext(connection) as three_rows:
        small = client.get(address)
    assert len(small.context["table"].page.object_list) == 3

    add_rows(name, 3, 27)
    with django_assert_max_num_queries(len(three_rows)):
        large = client.get(address)
    assert len(large.context["table"].page.object_list) == 25, "the list is paginated"
    assert large.context["table"].page.paginator.count == 30


@pytest.fixture
def marked_bodies(db):
    for national_body in NationalBody.objects.select_related("member_state"):
        national_body.acronym = f"SIGLA-{national_body.member_state.code}"
        national_body.save()


def test_the_national_body_list_filters_by_country(client, login, marked_bodies):
    login("secretariat")
    page = shown(client.get(url("nationalbody", "list") + "?country=GT"))
    assert "SIGLA-GT" in page
    assert "SIGLA-CR" not in page
    assert "SIGLA-HN" not in page
    assert "SIGLA-CR" in shown(client.get(url("nationalbody", "list")))


def test_the_national_body_list_searches_names_and_acronyms(client, login, marked_bodies):
    login("focal-gt")
    page = shown(client.get(url("nationalbody", "list") + "?q=sigla-cr"))
    assert "SIGLA-CR" in page
    assert "SIGLA-GT" not in page


def test_the_representative_list_filters_by_country_and_text(client, login):
    make_representative("GT")
    make_representative("CR")
    login("secretariat")
    by_country = shown(client.get(url("representative", "list") + "?country=GT&q=de+prueba"))
    assert "Representante de prueba GT" in by_country
    assert "Representante de prueba CR" not in by_country
    by_text = shown(client.get(url("representative", "list") + "?q=prueba CR"))
    assert "Representante de prueba CR" in by_text
    assert "Representante de prueba GT" not in by_text


def test_the_agreement_list_filters_by_responsible_country(client, login):
    make_meetingagreement("GT")
    make_meetingagreement("CR")
    login("focal-gt")
    page = shown(client.get(url("meetingagreement", "list") + "?country=CR"))
    assert "Acuerdo de prueba CR" in page
    assert "Acuerdo de prueba GT" not in page


# --- validation ----------------------------------------------------------------------


def test_a_presidency_term_that_overlaps_another_is_refused_with_a_clear_message(client, login):
    existing = make_presidencyterm(None)
    login("secretariat")
    data = {"member_state": state("CR").pk, "start_date": "2090-06-01", "end_date": "2091-05-31"}

    response = client.post(url("presidencyterm", "add"), data)

    assert response.status_code == 200
    message = es("This period overlaps the presidency of %(other)s.", other=str(existing))
    assert message in shown(response)
    assert not PresidencyTerm.objects.filter(start_date="2090-06-01").exists()


def test_moving_a_presidency_term_onto_another_is_refused(client, login):
    make_presidencyterm(None)
    later = PresidencyTerm.objects.create(
        member_state=state("CR"),
        start_date=datetime.date(2091, 1, 1),
        end_date=datetime.date(2091, 12, 31),
    )
    login("secretariat")
    data = form_values(client.get(url("presidencyterm", "edit", later.pk)).context["form"])
    data["start_date"] = "2090-12-01"

    response = client.post(url("presidencyterm", "edit", later.pk), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    later.refresh_from_db()
    assert later.start_date == datetime.date(2091, 1, 1)


def test_a_representative_whose_end_date_precedes_the_start_date_is_refused(client, login):
    login("focal-gt")
    data, lookup = add_representative()
    data.update(start_date="2024-05-01", end_date="2024-04-30")

    response = client.post(url("representative", "add"), data)

    assert response.status_code == 200
    assert es("The end date cannot be before the start date.") in shown(response)
    assert response.context["form"].errors["end_date"]
    assert not Representative.objects.filter(**lookup).exists()


def test_a_member_state_that_still_has_a_national_body_cannot_be_deleted(client, login):
    cr = state("CR")
    login("secretariat")
    response = client.post(url("memberstate", "delete", cr.pk), follow=True)
    assert response.status_code == 200
    assert MemberState.objects.filter(pk=cr.pk).exists()
    assert response.redirect_chain[-1][0] == url("memberstate", "detail", cr.pk)
    message = es(
        "%(name)s cannot be deleted while other records refer to it: %(records)s.",
        name=str(cr),
        records="<list>",
    )
    page = shown(response)
    assert message.split("<list>")[0] in page
    assert body("CR").acronym in page, "the page names the record that still refers to it"
