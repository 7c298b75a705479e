"""The consultancy calls' pages: the list and its filters, the call with its steps, the
applicants' form with documents, the first filter, a state's scores, the selection and the
second call; each refused to those who may not use it, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mobiliza.portfolio.consultancies.models import Applicant, ApplicantScore, ConsultancyCall
from mobiliza.portfolio.tests.test_consultancies_helpers import (
    APPLICANTS,
    CALLS,
    PDF,
    applicant,
    build_sent_call,
    new_call,
    regional_project,
    score,
    state,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_call(db):
    """A call of a GT and HN project sent to both states (see build_sent_call)."""
    return build_sent_call()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_the_list_filters_by_project_state_and_call_number(client, login):
    shelters = regional_project("GT", name="Albergues")
    other = regional_project("HN", name="Otro proyecto")
    first = step(new_call(shelters, title="Diagnóstico de albergues"), "publish", "close")
    new_call(other, title="Evaluación final")
    login("secretariat")
    page = client.get(CALLS).content.decode()
    assert "Diagnóstico de albergues" in page and "Evaluación final" in page
    page = client.get(CALLS, {"project": shelters.pk}).content.decode()
    assert "Diagnóstico de albergues" in page and "Evaluación final" not in page
    page = client.get(CALLS, {"state": "draft"}).content.decode()
    assert "Diagnóstico de albergues" not in page and "Evaluación final" in page
    client.post(
        f"{CALLS}{first.pk}/second-call/",
        {"opens_on": "2026-05-01", "closes_on": "2026-05-31"},
    )
    page = client.get(CALLS, {"call_number": 2}).content.decode()
    assert "Diagnóstico de albergues (second call)" in page
    assert "Evaluación final" not in page


def test_the_header_offers_the_calls_to_internal_readers(client, login):
    login("focal-gt")
    assert 'href="/en/portfolio/consultancies/"' in client.get("/en/").content.decode()


def test_the_secretariat_creates_a_call_from_its_page(client, login):
    project = regional_project("GT", "HN")
    login("secretariat")
    response = client.post(
        f"{CALLS}add/",
        {
            "project": project.pk,
            "title": "Consultoría jurídica",
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
            "terms_es": "Revisión de la normativa.",
            "terms_en": "",
            "terms_file": SimpleUploadedFile("tdr.pdf", PDF, content_type="application/pdf"),
        },
    )
    call = ConsultancyCall.objects.get(title="Consultoría jurídica")
    assert response.status_code == 302
    assert {s.code for s in call.evaluating_states.all()} == {"GT", "HN"}
    download = client.get(f"{CALLS}{call.pk}/terms/")
    assert download.status_code == 200


@pytest.mark.parametrize("role", ["focal-gt", "evaluator"])
def test_a_call_is_created_and_changed_only_by_the_presidency_and_secretariat(client, login, role):
    call = new_call(regional_project("GT"))
    login(role)
    assert client.get(f"{CALLS}add/").status_code == 403
    assert client.get(f"{CALLS}{call.pk}/edit/").status_code == 403
    page = client.get(f"{CALLS}{call.pk}/").content.decode()
    assert "Publish the call" not in page


def test_the_call_shows_its_steps_as_buttons_to_the_secretariat(client, login):
    call = new_call(regional_project("GT"))
    login("secretariat")
    page = client.get(f"{CALLS}{call.pk}/").content.decode()
    assert "Publish the call" in page
    response = client.post(f"/en/records/portfolio.consultancycall/{call.pk}/steps/publish/")
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == "open" and call.published_on


def test_an_applicant_is_added_with_its_documents_from_the_page(client, login):
    call = step(new_call(regional_project("GT")), "publish")
    login("secretariat")
    response = client.post(
        f"{APPLICANTS}add/",
        {
            "call": call.pk,
            "full_name": "Diana Solís",
            "email": "diana@example.net",
            "cv": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
            "offer": SimpleUploadedFile("oferta.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    diana = Applicant.objects.get(full_name="Diana Solís")
    assert sorted(d.kind for d in diana.documents.all()) == ["cv", "offer"]
    assert diana.retention_until is not None


def test_a_file_that_is_not_a_document_is_refused_on_the_applicants_form(client, login):
    call = step(new_call(regional_project("GT")), "publish")
    login("secretariat")
    response = client.post(
        f"{APPLICANTS}add/",
        {
            "call": call.pk,
            "full_name": "Diana Solís",
            "cv": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert not Applicant.objects.filter(full_name="Diana Solís").exists()


def test_the_managers_record_the_first_filter_on_the_calls_page(client, login):
    call = step(new_call(regional_project("GT")), "publish")
    ana = applicant(call, "Ana Pérez")
    step(call, "close")
    login("presidency")
    page = client.get(f"{CALLS}{call.pk}/").content.decode()
    assert f'action="/en/portfolio/consultancies/applicants/{ana.pk}/first-filter/"' in page
    client.post(
        f"{APPLICANTS}{ana.pk}/first-filter/",
        {"passed_first_filter": "yes", "filter_comment": "Perfil completo"},
    )
    ana.refresh_from_db()
    assert ana.passed_first_filter == "yes" and ana.filter_comment == "Perfil completo"


def test_a_focal_point_may_not_record_the_first_filter(client, login):
    project = regional_project("GT")
    call = step(new_call(project), "publish")
    ana = applicant(call, "Ana Pérez")
    step(call, "close")
    login("focal-gt")
    response = client.post(f"{APPLICANTS}{ana.pk}/first-filter/", {"passed_first_filter": "yes"})
    assert response.status_code == 404
    ana.refresh_from_db()
    assert ana.passed_first_filter == "pending"


def test_a_focal_point_fills_only_its_own_states_column(client, login, sent_call):
    ana, beto = sent_call["ana"], sent_call["beto"]
    login("focal-gt")
    page = client.get(f"{CALLS}{sent_call['call'].pk}/scores/").content.decode()
    assert "Scores of Guatemala" in page
    assert "Carla Ruiz" not in page
    assert "?state=" not in page
    response = client.post(
        f"{CALLS}{sent_call['call'].pk}/scores/",
        {f"score_{ana.pk}": "90", f"comment_{ana.pk}": "Muy bien", f"score_{beto.pk}": "70"},
    )
    assert response.status_code == 302
    scores = ApplicantScore.objects.order_by("applicant__full_name")
    assert [(s.applicant.full_name, s.member_state.code, s.score) for s in scores] == [
        ("Ana Pérez", "GT", 90),
        ("Beto Gómez", "GT", 70),
    ]


def test_a_state_the_call_was_not_sent_to_has_no_scores_page(client, login, sent_call):
    login("focal-sv")
    assert client.get(f"{CALLS}{sent_call['call'].pk}/scores/").status_code == 403


def test_a_score_out_of_range_is_refused_on_the_page(client, login, sent_call):
    ana = sent_call["ana"]
    login("focal-gt")
    response = client.post(f"{CALLS}{sent_call['call'].pk}/scores/", {f"score_{ana.pk}": "120"})
    assert response.status_code == 200
    assert not ApplicantScore.objects.exists()


def test_the_matrix_shows_each_states_scores_the_averages_and_the_ranking(client, login, sent_call):
    score(sent_call["ana"], "GT", "80")
    score(sent_call["ana"], "HN", "90")
    score(sent_call["beto"], "GT", "95")
    score(sent_call["beto"], "HN", "95")
    login("secretariat")
    page = client.get(f"{CALLS}{sent_call['call'].pk}/").content.decode()
    matrix = page[page.index("score-matrix") :]
    assert matrix.index("Beto Gómez") < matrix.index("Ana Pérez")  # ranked by average
    assert "85.00" in matrix and "95.00" in matrix  # averages of Ana and Beto
    assert "87.50" in matrix  # the average Guatemala gave
    assert "Joint selection" in page


def test_the_managers_select_on_the_calls_page(client, login, sent_call):
    score(sent_call["ana"], "GT", "80")
    score(sent_call["ana"], "HN", "90")
    login("presidency")
    response = client.post(
        f"{CALLS}{sent_call['call'].pk}/selection/", {"applicant": sent_call["ana"].pk}
    )
    assert response.status_code == 302
    call = ConsultancyCall.objects.get(pk=sent_call["call"].pk)
    assert call.state == "selected" and call.selected_applicant == sent_call["ana"]
    page = client.get(f"{CALLS}{call.pk}/").content.decode()
    assert "Ana Pérez was selected on" in page


def test_a_selection_without_scores_is_refused_with_the_reason(client, login, sent_call):
    login("secretariat")
    response = client.post(
        f"{CALLS}{sent_call['call'].pk}/selection/", {"applicant": sent_call["ana"].pk}, follow=True
    )
    assert any("scored" in m for m in messages_of(response))
    assert ConsultancyCall.objects.get(pk=sent_call["call"].pk).state == "sent"


def test_a_focal_point_may_not_select(client, login, sent_call):
    login("focal-gt")
    response = client.post(
        f"{CALLS}{sent_call['call'].pk}/selection/", {"applicant": sent_call["ana"].pk}
    )
    assert response.status_code == 403


def test_a_deserted_call_offers_its_second_call(client, login):
    first = step(new_call(regional_project("GT")), "publish", "close")
    login("secretariat")
    page = client.get(f"{CALLS}{first.pk}/").content.decode()
    assert "Open a second call" in page
    response = client.post(
        f"{CALLS}{first.pk}/second-call/", {"opens_on": "2026-05-01", "closes_on": "2026-05-31"}
    )
    second = ConsultancyCall.objects.get(first_call=first)
    assert response.url == f"{CALLS}{second.pk}/"
    page = client.get(f"{CALLS}{first.pk}/").content.decode()
    assert "a second call was held" in page


def test_a_focal_point_may_not_open_a_second_call_from_the_page(client, login):
    first = step(new_call(regional_project("GT")), "publish", "close")
    login("focal-gt")
    assert "Open a second call" not in client.get(f"{CALLS}{first.pk}/").content.decode()
    response = client.post(
        f"{CALLS}{first.pk}/second-call/", {"opens_on": "2026-05-01", "closes_on": "2026-05-31"}
    )
    assert response.status_code == 403


def test_a_forged_call_id_is_a_404(client, login):
    login("secretariat")
    assert client.get(f"{CALLS}999999/").status_code == 404
    assert client.get(f"{CALLS}999999/scores/").status_code == 404


def _applicants_scored(call, count: int) -> None:
    for index in range(count):
        Applicant.objects.create(call=call, full_name=f"Persona {index}", passed_first_filter="yes")
    for someone in call.applicants.filter(scores__isnull=True):
        for code in ("GT", "HN"):
            ApplicantScore.objects.create(applicant=someone, member_state=state(code), score=50)


@pytest.mark.parametrize("role", ["secretariat", "focal-gt"])
def test_the_calls_page_reads_in_the_same_queries_for_few_or_many_applicants(
    client, login, sent_call, django_assert_max_num_queries, role
):
    call = sent_call["call"]
    login(role)
    _applicants_scored(call, 2)
    with django_assert_max_num_queries(40) as few:
        client.get(f"{CALLS}{call.pk}/")
    _applicants_scored(call, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"{CALLS}{call.pk}/")


def test_the_list_reads_in_the_same_queries_for_few_or_many_calls(
    client, login, django_assert_max_num_queries
):
    project = regional_project("GT")
    login("secretariat")
    new_call(project)
    with django_assert_max_num_queries(40) as few:
        client.get(CALLS)
    for index in range(10):
        new_call(project, title=f"Llamado {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CALLS)
