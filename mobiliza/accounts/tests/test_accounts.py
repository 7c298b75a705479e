"""Logging in and out, passwords, lock-out after failed attempts, and the users pages."""

from __future__ import annotations

import html
import importlib
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mobiliza.accounts.demo import DEMO_PASSWORD
from mobiliza.accounts.forms import LoginForm
from mobiliza.accounts.models import Membership, User
from mobiliza.coalition.models import MemberState
from mobiliza.core.roles import Role

LOGIN_URL = "/es/accounts/login/"
NEW_PASSWORD = "Trata-Cero-2026!"


def es(text: str, **params) -> str:
    with translation.override("es"):
        translated = translation.gettext(text)
        return translated % params if params else translated


def address(name: str, *args) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def shown(response) -> str:
    return html.unescape(response.content.decode())


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def log_in(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def link_in(message) -> str:
    """The path of the first link in an e-mail."""
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def choose_password(client: Client, link: str, password: str):
    """Follow an e-mailed link and choose a password on the page it leads to."""
    response = client.get(link)
    assert response.status_code == 302, "the token is moved out of the address"
    form_url = response["Location"]
    assert client.get(form_url).status_code == 200
    return client.post(form_url, {"new_password1": password, "new_password2": password})


# --- log in and out --------------------------------------------------------------------


def test_a_person_logs_in_with_the_e_mail_address_and_password(client, cast):
    focal = cast("focal-gt")
    response = log_in(client, "focal-gt@example.org", DEMO_PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(focal.pk)
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert focal.get_short_name() in shown(home)


def test_the_login_page_asks_for_username_and_password(client, db):
    page = client.get(LOGIN_URL)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content


def test_the_e_mail_address_is_not_case_sensitive_at_log_in(client, cast):
    response = log_in(client, "  Focal-GT@Example.ORG", DEMO_PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(cast("focal-gt").pk)


def test_a_wrong_password_is_refused_with_an_error(client, db):
    response = log_in(client, "focal-gt@example.org", "not-the-password")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    with translation.override("es"):
        error = LoginForm().get_invalid_login_error().messages[0]
    assert error in shown(response)


def test_an_unknown_e_mail_address_gets_the_same_error_as_a_wrong_password(client, db):
    unknown = log_in(client, "nobody@example.org", DEMO_PASSWORD)
    wrong = log_in(client, "focal-cr@example.org", "not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_an_inactive_user_cannot_log_in(client, cast):
    User.objects.filter(email="evaluator@example.org").update(is_active=False)
    log_in(client, "evaluator@example.org", DEMO_PASSWORD)
    assert logged_in_user_id(client) is None


def test_an_account_is_locked_after_too_many_failed_attempts_even_with_the_right_password(
    client, db
):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert log_in(client, "focal-hn@example.org", "guess").status_code == 200

    log_in(client, "focal-hn@example.org", "guess")
    response = log_in(client, "focal-hn@example.org", DEMO_PASSWORD)

    assert logged_in_user_id(client) is None
    assert response.status_code in (403, 429)
    assert es("Account locked for a while") in shown(response)


def test_failed_attempts_count_together_whatever_the_capitalisation_of_the_address(client, db):
    spellings = ["focal-hn@example.org", "FOCAL-HN@EXAMPLE.ORG", "Focal-Hn@Example.org"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, spellings[n % 3], "guess")
    for spelling in spellings:
        log_in(client, spelling, DEMO_PASSWORD)
        assert logged_in_user_id(client) is None, spelling


def test_locking_one_account_leaves_the_others_open(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "focal-hn@example.org", "guess")
    response = log_in(client, "focal-ni@example.org", DEMO_PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(cast("focal-ni").pk)


def test_logging_in_successfully_forgets_earlier_failures(client, db):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        log_in(client, "focal-pa@example.org", "guess")
    assert log_in(client, "focal-pa@example.org", DEMO_PASSWORD).status_code == 302
    client.post(address("accounts:logout"))
    log_in(client, "focal-pa@example.org", "guess")
    assert log_in(client, "focal-pa@example.org", DEMO_PASSWORD).status_code == 302


def test_logging_out_takes_a_post_and_ends_the_session(client, login):
    login("focal-gt")
    assert client.get("/es/").status_code == 200
    assert client.get(address("accounts:logout")).status_code == 405, "a link cannot log out"
    assert logged_in_user_id(client) is not None

    response = client.post(address("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(client) is None
    assert client.get("/es/")["Location"].startswith(LOGIN_URL)


# --- passwords ---------------------------------------------------------------------------


def test_a_logged_in_person_changes_the_password(client, cast):
    log_in(client, "focal-sv@example.org", DEMO_PASSWORD)
    response = client.post(
        address("accounts:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == address("accounts:password_change_done")
    assert logged_in_user_id(client) == str(cast("focal-sv").pk), "still logged in"

    assert log_in(Client(), "focal-sv@example.org", DEMO_PASSWORD).status_code == 200
    assert log_in(Client(), "focal-sv@example.org", NEW_PASSWORD).status_code == 302


def test_a_password_change_needs_the_current_password(client, cast):
    log_in(client, "focal-sv@example.org", DEMO_PASSWORD)
    response = client.post(
        address("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert cast("focal-sv").check_password(DEMO_PASSWORD)


def test_a_forgotten_password_is_reset_through_a_link_sent_by_e_mail(client, cast):
    response = client.post(address("accounts:password_reset"), {"email": "Focal-MX@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["focal-mx@example.org"]

    done = choose_password(client, link_in(message), NEW_PASSWORD)

    assert done.status_code == 302
    assert done["Location"] == address("accounts:password_reset_complete")
    assert log_in(Client(), "focal-mx@example.org", NEW_PASSWORD).status_code == 302
    assert log_in(Client(), "focal-mx@example.org", DEMO_PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("es", "Mobiliza: elija una nueva contraseña", "Si usted no hizo esta solicitud"),
        ("en", "Mobiliza: choose a new password", "If you did not ask for this"),
    ],
)
def test_the_reset_e_mail_is_in_the_users_language_with_a_link_to_the_site(
    client, cast, settings, language, subject, sentence
):
    settings.SITE_URL = "https://mobiliza.example.org"
    user = cast("focal-mx")
    user.language = language
    user.save()
    # Asked for from the other language's page and another host: the user's language and
    # the site's address still win.
    other = "en" if language == "es" else "es"
    with translation.override(other):
        url = reverse("accounts:password_reset")
    client.post(url, {"email": user.email}, HTTP_HOST="127.0.0.1")
    [message] = mail.outbox
    assert message.subject == subject
    assert sentence in message.body
    [(page, _mimetype)] = message.alternatives
    assert sentence in page
    assert message.message()["Auto-Submitted"] == "auto-generated"
    assert message.message()["Message-ID"].endswith("@mobiliza.example.org>")
    link = re.search(r'href="([^"]+/reset/[^"]+)"', page)
    assert link, page
    assert link[1].startswith(f"https://mobiliza.example.org/{language}/accounts/")
    assert link[1] in message.body


def test_a_password_reset_link_works_only_once(client, db):
    client.post(address("accounts:password_reset"), {"email": "focal-mx@example.org"})
    link = link_in(mail.outbox[0])
    choose_password(client, link, NEW_PASSWORD)
    page = Client().get(link, follow=True)
    assert page.status_code == 200
    assert not page.context["validlink"]


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_nothing(client, db):
    response = client.post(address("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302, "the same answer as for a known address"
    assert mail.outbox == []


# --- the users pages -------------------------------------------------------------------


def new_user_data(**changes) -> dict:
    data = {
        "email": "Nueva.Persona@Example.org",
        "full_name": "Nueva Persona",
        "language": "es",
        "is_active": "on",
        "role": Role.FOCAL_POINT,
        "member_state": MemberState.objects.get(code="BZ").pk,
    }
    data.update(changes)
    return data


def test_the_secretariat_creates_a_focal_point_who_is_invited_by_e_mail(client, login):
    login("secretariat")
    response = client.post(address("accounts:user_add"), new_user_data(), follow=True)

    user = User.objects.get(email="nueva.persona@example.org")
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.member_state.code) == (Role.FOCAL_POINT, "BZ")
    assert response.redirect_chain[-1][0] == address("accounts:user_list")
    message = es(
        "User %(email)s created; an e-mail invites them to choose a password.",
        email=user.email,
    )
    assert message in shown(response)
    assert [m.to for m in mail.outbox] == [["nueva.persona@example.org"]]
    assert user.email in mail.outbox[0].body


def test_an_invited_user_chooses_a_password_and_logs_in(client, login):
    login("secretariat")
    client.post(address("accounts:user_add"), new_user_data())
    client.post(address("accounts:logout"))
    user = User.objects.get(email="nueva.persona@example.org")
    assert not user.has_usable_password(), "nobody knows the password before the invitation"

    newcomer = Client()
    done = choose_password(newcomer, link_in(mail.outbox[0]), NEW_PASSWORD)

    assert done.status_code == 302
    assert log_in(newcomer, "nueva.persona@example.org", NEW_PASSWORD).status_code == 302
    assert logged_in_user_id(newcomer) == str(user.pk)


def test_a_focal_point_cannot_be_created_without_a_member_state(client, login):
    login("secretariat")
    response = client.post(address("accounts:user_add"), new_user_data(member_state=""))
    assert response.status_code == 200
    assert es("A focal point belongs to exactly one member state.") in shown(response)
    assert not User.objects.filter(email="nueva.persona@example.org").exists()
    assert mail.outbox == []


def test_an_evaluator_is_created_without_a_member_state(client, login):
    login("presidency")
    client.post(
        address("accounts:user_add"),
        new_user_data(role=Role.EVALUATOR, member_state=MemberState.objects.get(code="GT").pk),
    )
    membership = Membership.objects.get(user__email="nueva.persona@example.org")
    assert membership.role == Role.EVALUATOR
    assert membership.member_state is None, "only a focal point belongs to a member state"


def test_a_second_user_with_the_same_e_mail_is_refused(client, login):
    login("secretariat")
    response = client.post(
        address("accounts:user_add"), new_user_data(email="FOCAL-GT@example.org")
    )
    assert response.status_code == 200
    assert es("Another user already has this e-mail address.") in shown(response)
    assert User.objects.filter(email__iexact="focal-gt@example.org").count() == 1


def test_the_secretariat_lists_users_and_changes_a_role(client, login, cast):
    login("secretariat")
    listing = client.get(address("accounts:user_list"))
    assert listing.status_code == 200
    assert "focal-gt@example.org" in shown(listing)

    evaluator = cast("evaluator")
    form = client.get(address("accounts:user_edit", evaluator.pk))
    assert form.status_code == 200
    data = {
        "email": evaluator.email,
        "full_name": evaluator.full_name,
        "language": "es",
        "is_active": "on",
        "role": Role.FOCAL_POINT,
        "member_state": MemberState.objects.get(code="PA").pk,
    }
    assert client.post(address("accounts:user_edit", evaluator.pk), data).status_code == 302
    membership = Membership.objects.get(user=evaluator)
    assert (membership.role, membership.member_state.code) == (Role.FOCAL_POINT, "PA")


@pytest.mark.parametrize("role", ["focal-gt", "evaluator", "donor"])
def test_only_managers_open_the_users_pages(client, login, cast, role):
    login(role)
    other = cast("focal-cr")
    assert client.get(address("accounts:user_list")).status_code == 403
    assert client.get(address("accounts:user_add")).status_code == 403
    assert client.get(address("accounts:user_edit", other.pk)).status_code in (403, 404)
    assert client.post(address("accounts:user_add"), new_user_data()).status_code == 403
    data = new_user_data(email=other.email, role=Role.SECRETARIAT, member_state="")
    assert client.post(address("accounts:user_edit", other.pk), data).status_code in (403, 404)
    assert not User.objects.filter(email="nueva.persona@example.org").exists()
    assert Membership.objects.get(user=other).role == Role.FOCAL_POINT
    assert mail.outbox == []


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_users_pages(client, db):
    response = client.get(address("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")


# --- password storage ------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2_outside_the_tests():
    base = importlib.import_module("config.settings.base")
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"

    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("mobiliza-demo", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("mobiliza-demo", encoded)
    assert not hasher.verify("another", encoded)


def test_production_settings_keep_argon2_first():
    source = (settings.BASE_DIR / "config" / "settings" / "production.py").read_text()
    assert "PASSWORD_HASHERS" not in source, "production must not replace the base hashers"


def test_secretariat_gives_a_partner_viewer_its_partner_and_it_then_sees_only_that_one(
    client, login
):
    from mobiliza.directory.models import Partner

    login("secretariat")
    unodc = Partner.objects.get(acronym="UNODC")
    refused = client.post(
        "/es/accounts/users/add/",
        {
            "email": "viewer@unodc.example.org",
            "role": "partner_viewer",
            "language": "es",
            "is_active": "on",
        },
    )
    assert refused.status_code == 200
    assert "partner" in refused.context["form"].errors
    response = client.post(
        "/es/accounts/users/add/",
        {
            "email": "viewer@unodc.example.org",
            "role": "partner_viewer",
            "partner": unodc.pk,
            "language": "es",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    viewer = User.objects.get(email="viewer@unodc.example.org")
    client.force_login(viewer)
    listed = client.get("/api/v1/partners/").json()
    assert [item["id"] for item in listed["results"]] == [unodc.pk]
