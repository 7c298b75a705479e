"""Uploaded files: only harmless documents are kept, and they go out only as downloads.

The crafted files of ``corpus`` are refused with the same translated message by the
check itself (as an import or a command meets it), by a page form and by the API, and
nothing reaches the storage; real small files of each accepted kind are kept, and are
served through permission-checked links with headers that stop a browser running them.
"""

from __future__ import annotations

import datetime
import html
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from rest_framework.authtoken.models import Token

from mobiliza.coalition.models import Meeting, MemberState
from mobiliza.core import uploads
from mobiliza.core.services import record_create
from mobiliza.core.tests import corpus
from mobiliza.directory.models import Attachment, Partner
from mobiliza.pipeline.models import Interaction

ACCEPTED = corpus.accepted()
REFUSED = corpus.refused()
ATTACHMENTS = "/api/v1/attachments/"
ADD_PAGE = "/{language}/directory/attachments/add/"


def sample_id(sample: corpus.Sample) -> str:
    return f"{sample.code or 'accepted'}:{sample.name.encode('unicode_escape').decode()}"


def upload(sample: corpus.Sample, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or sample.name, sample.content, sample.content_type)


def as_sent(name: str) -> str:
    """The name a multipart upload arrives with: Django keeps its last part, printable."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(char for char in name if char.isprintable())


def message_for(sample: corpus.Sample, language: str, *, sent: bool) -> str:
    """The refusal a reader of ``language`` is shown for ``sample``."""
    name = as_sent(sample.name) if sent else sample.name
    with translation.override(language):
        with pytest.raises(ValidationError) as refusal:
            uploads.check_upload(upload(sample, name))
        return refusal.value.messages[0]


def stored_files(settings) -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {Path(folder, name) for folder, _, names in os.walk(root) for name in names}


def token_headers(user, language: str = "es") -> dict[str, str]:
    token, _ = Token.objects.get_or_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {token.key}", "HTTP_ACCEPT_LANGUAGE": language}


@pytest.fixture
def oim(db) -> Partner:
    return Partner.objects.get(acronym="OIM")


def stored_attachment(user, partner: Partner, sample: corpus.Sample) -> Attachment:
    return record_create(
        user=user,
        model=Attachment,
        data={"partner": partner, "title": sample.name, "file": upload(sample)},
    )


# --- the check itself, as an import or a command meets it ---------------------------------


@pytest.mark.parametrize("sample", ACCEPTED, ids=sample_id)
def test_a_real_small_file_of_each_accepted_kind_passes(sample):
    kind = uploads.check_upload(upload(sample))
    assert kind is uploads.kind_for_name(sample.name)


@pytest.mark.parametrize("sample", REFUSED, ids=sample_id)
def test_a_crafted_file_is_refused_for_what_it_is(sample):
    with pytest.raises(ValidationError) as refusal:
        uploads.check_upload(upload(sample))
    assert refusal.value.code == sample.code_when_direct


def test_a_file_over_the_upload_limit_is_refused_with_both_sizes(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    big = corpus.Sample("grande.pdf", corpus.real_pdf() + b"0" * 2048, corpus.PDF_TYPE)
    with translation.override("es"):
        with pytest.raises(ValidationError) as refusal:
            uploads.check_upload(upload(big))
        limit = filesizeformat(1024)
        message = refusal.value.messages[0]  # a lazy message: read in the user's language
    assert refusal.value.code == "too_big"
    assert f"el tamaño máximo permitido es {limit}" in message


def test_a_name_keeps_its_accents_and_loses_its_path_and_hidden_characters():
    assert uploads.clean_name("../../etc/Informe de ejecución.PDF") == "Informe de ejecución.pdf"
    assert uploads.clean_name("C:\\Users\\ana\\Acta.docx") == "Acta.docx"
    assert uploads.clean_name("factura\u202efdp.pdf") == "facturafdp.pdf"
    assert uploads.clean_name("acta\x00\x07.pdf") == "acta.pdf"
    assert uploads.clean_name("...  oculto   informe.pdf") == "oculto informe.pdf"
    # "é" typed as "e" and a combining accent is stored composed, as one letter.
    assert uploads.clean_name("Reunio\u0301n.pdf") == "Reunión.pdf"
    long = uploads.clean_name("a" * 300 + ".xlsx")
    assert len(long) == uploads.MAX_NAME_LENGTH and long.endswith(".xlsx")


def test_every_file_field_of_the_apps_is_checked_and_cleanly_named():
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    ]
    assert {f"{f.model._meta.label}.{f.name}" for f in fields} >= {
        "coalition.Meeting.minutes",
        "agreements.AgreementDocument.file",
        "agreements.Deadline.document",
        "pipeline.InteractionAttachment.file",
        "directory.Attachment.file",
    }
    # Not documents: a spreadsheet on its way through the import wizard (read, with its
    # own limits, by core.imports.reading, never served back), the rows a preview checked,
    # and the file a background job wrote.
    not_documents = {
        "core.ImportPreview.upload",
        "core.ImportPreview.checked",
        "core.Job.result_file",
    }
    for field in fields:
        if f"{field.model._meta.label}.{field.name}" in not_documents:
            continue
        assert uploads.validate_document in field.validators, field
        assert isinstance(field.upload_to, uploads.CleanName), field


def test_a_path_in_an_imported_files_name_does_not_leave_its_folder(cast, oim, settings):
    sample = ACCEPTED[0]
    attachment = record_create(
        user=cast("secretariat"),
        model=Attachment,
        data={
            "partner": oim,
            "title": "Importado",
            "file": ContentFile(sample.content, name="../../../config/Informe año.pdf"),
        },
    )
    folder = datetime.date.today().strftime("partners/%Y/")
    assert attachment.file.name.startswith(folder)
    assert Path(attachment.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT))
    assert Path(attachment.file.name).name.replace("_", " ").startswith("Informe año")


def test_an_imported_file_with_a_hidden_character_in_its_name_is_not_kept(cast, oim, settings):
    before = stored_files(settings)
    with pytest.raises(ValidationError) as refusal:
        record_create(
            user=cast("secretariat"),
            model=Attachment,
            data={
                "partner": oim,
                "title": "Factura",
                "file": ContentFile(ACCEPTED[0].content, name="factura\u202eexe.pdf"),
            },
        )
    assert "file" in refusal.value.message_dict
    assert not Attachment.objects.filter(title="Factura").exists()
    assert stored_files(settings) == before


# --- a page form ------------------------------------------------------------------------


@pytest.mark.parametrize("sample", REFUSED, ids=sample_id)
def test_the_page_refuses_a_crafted_file_and_keeps_nothing(client, login, oim, settings, sample):
    login("secretariat")
    before = stored_files(settings)
    response = client.post(
        ADD_PAGE.format(language="es"),
        {"partner": oim.pk, "kind": "form", "title": "Crafted", "file": upload(sample)},
    )
    assert response.status_code == 200
    assert message_for(sample, "es", sent=True) in html.unescape(response.content.decode())
    assert not Attachment.objects.filter(title="Crafted").exists()
    assert stored_files(settings) == before


def test_the_page_refuses_an_empty_file_in_spanish(client, login, oim):
    login("secretariat")
    empty = corpus.Sample("vacio.pdf", b"", corpus.PDF_TYPE)
    response = client.post(
        ADD_PAGE.format(language="es"),
        {"partner": oim.pk, "kind": "form", "title": "Vacío", "file": upload(empty)},
    )
    assert "El archivo está vacío." in response.content.decode()


@pytest.mark.parametrize("sample", ACCEPTED, ids=sample_id)
def test_the_page_keeps_a_real_file_under_its_clean_name(client, login, oim, sample):
    login("secretariat")
    response = client.post(
        ADD_PAGE.format(language="en"),
        {"partner": oim.pk, "kind": "form", "title": "Real", "file": upload(sample)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(title="Real")
    assert attachment.file.read() == sample.content


# --- the API ----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", REFUSED, ids=sample_id)
def test_the_api_refuses_a_crafted_file_and_keeps_nothing(client, cast, oim, settings, sample):
    before = stored_files(settings)
    for language in ("es", "en"):
        response = client.post(
            ATTACHMENTS,
            {"partner": oim.pk, "title": "Crafted", "file": upload(sample)},
            **token_headers(cast("secretariat"), language),
        )
        assert response.status_code == 400
        assert response.json()["errors"]["file"] == [message_for(sample, language, sent=True)]
    assert not Attachment.objects.filter(title="Crafted").exists()
    assert stored_files(settings) == before


def test_the_api_refuses_an_empty_file_in_spanish_as_the_page_does(client, cast, oim):
    empty = corpus.Sample("vacio.pdf", b"", corpus.PDF_TYPE)
    response = client.post(
        ATTACHMENTS,
        {"partner": oim.pk, "title": "Vacío", "file": upload(empty)},
        **token_headers(cast("secretariat")),
    )
    assert response.json()["errors"]["file"] == ["El archivo está vacío."]


@pytest.mark.parametrize("sample", ACCEPTED, ids=sample_id)
def test_the_api_keeps_a_real_file_and_links_to_its_download(client, cast, oim, sample):
    headers = token_headers(cast("secretariat"))
    response = client.post(
        ATTACHMENTS, {"partner": oim.pk, "title": "Real", "file": upload(sample)}, **headers
    )
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get(pk=response.json()["id"])
    link = f"http://testserver/files/directory.attachment/{attachment.pk}/file/"
    assert response.json()["file"] == link
    assert "/media/" not in response.content.decode()

    download = client.get(link, **headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == sample.content
    kind = uploads.kind_for_name(sample.name)
    assert kind is not None
    assert download["Content-Type"] == kind.media_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")


# --- downloads ----------------------------------------------------------------------------


def test_a_download_is_an_attachment_under_its_clean_name(client, login, cast, oim):
    sample = corpus.Sample("Informe de ejecución.pdf", corpus.real_pdf(), corpus.PDF_TYPE)
    attachment = stored_attachment(cast("secretariat"), oim, sample)
    login("focal-gt")
    for address in (
        f"/files/directory.attachment/{attachment.pk}/file/",
        f"/es/directory/attachments/{attachment.pk}/download/",
    ):
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "Informe%20de%20ejecuci%C3%B3n" in disposition or "Informe_de_ejecuci" in disposition


def test_uploads_are_never_served_from_the_media_address(client, login, cast, oim):
    attachment = stored_attachment(cast("secretariat"), oim, ACCEPTED[0])
    login("secretariat")
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_a_partner_viewer_cannot_download_another_partners_file(client, login, cast, oim):
    theirs = stored_attachment(
        cast("secretariat"), Partner.objects.get(acronym="UNODC"), ACCEPTED[0]
    )
    own = stored_attachment(cast("secretariat"), oim, ACCEPTED[0])
    login("donor")  # a partner viewer of IOM
    assert client.get(f"/files/directory.attachment/{theirs.pk}/file/").status_code == 404
    assert client.get(f"/es/directory/attachments/{theirs.pk}/download/").status_code == 404
    assert client.get(f"/files/directory.attachment/{own.pk}/file/").status_code == 200


def test_a_partner_viewer_cannot_download_the_minutes_of_a_meeting(client, login, cast):
    meeting = Meeting.objects.create(
        title="Reunión", date=datetime.date(2024, 6, 1), host=MemberState.objects.get(code="GT")
    )
    meeting.minutes = upload(ACCEPTED[0])
    meeting.save()
    address = f"/files/coalition.meeting/{meeting.pk}/minutes/"
    login("donor")
    assert client.get(address).status_code == 404
    token = token_headers(cast("focal-hn"))
    assert client.get(address, **token).status_code == 200


def test_a_forged_address_gives_no_file(client, login, cast, oim):
    attachment = stored_attachment(cast("secretariat"), oim, ACCEPTED[0])
    login("secretariat")
    for address in (
        f"/files/directory.attachment/{attachment.pk + 1000}/file/",  # no such record
        f"/files/directory.attachment/{attachment.pk}/title/",  # not a file
        f"/files/directory.attachment/{attachment.pk}/partner/",
        f"/files/accounts.user/{cast('secretariat').pk}/password/",  # not a record's file
        f"/files/nothing.here/{attachment.pk}/file/",
    ):
        assert client.get(address).status_code == 404, address


def test_a_download_needs_a_user_or_a_valid_token(client, cast, oim):
    attachment = stored_attachment(cast("secretariat"), oim, ACCEPTED[0])
    address = f"/files/directory.attachment/{attachment.pk}/file/"
    assert client.get(address).status_code == 302  # to the log-in page
    assert client.get(address, HTTP_AUTHORIZATION="Token forged").status_code == 401
    assert client.get(address, **token_headers(cast("secretariat"))).status_code == 200


def test_the_edit_page_links_the_current_file_to_its_download(client, login, cast, oim):
    attachment = stored_attachment(cast("secretariat"), oim, ACCEPTED[0])
    login("secretariat")
    page = client.get(f"/es/directory/attachments/{attachment.pk}/edit/").content.decode()
    assert f'href="/files/directory.attachment/{attachment.pk}/file/"' in page
    assert "/media/" not in page
    assert 'accept=".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg"' in page


def test_an_interactions_documents_are_listed_and_served_as_links(client, cast, oim):
    interaction = record_create(
        user=cast("secretariat"),
        model=Interaction,
        data={
            "partner": oim,
            "member_state": MemberState.objects.get(code="GT"),
            "kind": "forum",
            "subject": "Foro",
        },
    )
    focal = token_headers(cast("focal-gt"))
    docx = ACCEPTED[1]
    created = client.post(
        "/api/v1/interaction-attachments/",
        {"interaction": interaction.pk, "title": "Acta", "file": upload(docx)},
        **focal,
    )
    assert created.status_code == 201, created.json()
    link = f"http://testserver/files/pipeline.interactionattachment/{created.json()['id']}/file/"
    listed = client.get(f"/api/v1/interactions/{interaction.pk}/", **focal).json()
    assert {"id": created.json()["id"], "title": "Acta", "file": link} in listed["attachments"]

    download = client.get(link, **focal)
    assert download.status_code == 200
    assert download["Content-Type"] == uploads.DOCX.media_type
    assert b"".join(download.streaming_content) == docx.content
    # Interactions are the coalition's own: a partner viewer gets no file, not even a hint.
    assert client.get(link, **token_headers(cast("donor"))).status_code == 404
