"""Recording an agreement tells the Presidency and the Secretariat, in their inbox and by
e-mail; the inbox lists a user's notifications and the header counts the unread ones."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from mobiliza.agreements.models import Agreement
from mobiliza.agreements.tests.test_contributions_helpers import AGREEMENTS, oim, state
from mobiliza.core.models import Notification

INBOX = "/en/notifications/"


def post_agreement(client, title: str = "Carta de entendimiento con la OIM", **data):
    values = {
        "kind": "letter_of_understanding",
        "title": title,
        "status": "draft",
        "partner": oim().pk,
        "coalition_is_party": "on",
    }
    values.update(data)
    return client.post(f"{AGREEMENTS}add/", values)


def test_recording_an_agreement_notifies_the_presidency_and_the_secretariat(
    client, login, cast, django_capture_on_commit_callbacks
):
    login("focal-gt")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_agreement(client, member_state=state("GT").pk)
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Carta de entendimiento con la OIM")
    told = Notification.objects.filter(url__contains=f"/agreements/{agreement.pk}/")
    assert {n.user.email for n in told} == {"presidency@example.org", "secretariat@example.org"}
    assert all("Carta de entendimiento con la OIM" in n.message for n in told)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"presidency@example.org", "secretariat@example.org"}
    assert all("Carta de entendimiento con la OIM" in m.subject for m in mail.outbox)
    assert not Notification.objects.filter(user=cast("focal-gt")).exists()


def test_each_manager_reads_the_new_agreement_in_their_language_with_a_link_to_it(
    client, login, cast, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://mobiliza.example.org"
    english = cast("presidency")
    english.language = "en"
    english.save()
    login("focal-gt")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_agreement(client, member_state=state("GT").pk)
    agreement = Agreement.objects.get(title="Carta de entendimiento con la OIM")
    by_address = {message.to[0]: message for message in mail.outbox}
    for address, language, words in [
        ("presidency@example.org", "en", "See it in Mobiliza:"),
        ("secretariat@example.org", "es", "Véalo en Mobiliza:"),
    ]:
        message = by_address[address]
        [(html, _mimetype)] = message.alternatives
        page = f"https://mobiliza.example.org/{language}/resources/agreements/{agreement.pk}/"
        assert words in message.body and words in html
        assert page in message.body and f'href="{page}"' in html
        assert message.message()["Auto-Submitted"] == "auto-generated"
        assert message.message()["Message-ID"].endswith("@mobiliza.example.org>")


def test_nothing_is_sent_when_the_agreement_is_refused(
    client, login, django_capture_on_commit_callbacks
):
    login("focal-gt")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_agreement(client, member_state=state("HN").pk)
    assert response.status_code == 200
    assert mail.outbox == []
    assert not Notification.objects.filter(message__contains="Carta de entendimiento").exists()


@pytest.fixture
def inbox(cast):
    user = cast("secretariat")
    Notification.objects.filter(user=user).delete()
    old = Notification.objects.create(
        user=user, message="Antigua", url="/es/", read_at=timezone.now()
    )
    new = Notification.objects.create(user=user, message="Nueva", url="/en/resources/agreements/")
    other = Notification.objects.create(user=cast("presidency"), message="Ajena")
    return old, new, other


def test_the_inbox_lists_the_users_notifications_newest_first(client, login, inbox):
    old, new, other = inbox
    login("secretariat")
    response = client.get(INBOX)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [new, old]
    html = response.content.decode()
    assert "<strong>Nueva</strong>" in html  # unread in bold
    assert "<strong>Antigua</strong>" not in html
    assert "Ajena" not in html
    assert 'data-unread="1"' in html  # the header's badge


def test_mark_all_as_read(client, login, inbox):
    old, new, other = inbox
    login("secretariat")
    assert client.get(f"{INBOX}read/").status_code == 405  # only by POST
    response = client.post(f"{INBOX}read/")
    assert response.status_code == 302
    new.refresh_from_db()
    other.refresh_from_db()
    assert new.read_at is not None
    assert other.read_at is None  # someone else's stays unread
    assert "data-unread" not in client.get(INBOX).content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, login, inbox):
    old, new, other = inbox
    login("secretariat")
    response = client.get(f"{INBOX}{new.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/en/resources/agreements/"
    new.refresh_from_db()
    assert new.read_at is not None
    assert client.get(f"{INBOX}{other.pk}/open/").status_code == 404  # not yours


def test_a_link_to_another_site_is_not_followed(client, login, cast):
    user = login("secretariat")
    outside = Notification.objects.create(user=user, message="Rara", url="https://evil.example/")
    response = client.get(f"{INBOX}{outside.pk}/open/")
    assert response["Location"] == "/en/notifications/"


def test_the_badge_counts_in_one_query(client, login, inbox, django_assert_num_queries):
    from django.test import RequestFactory

    from mobiliza.core.context_processors import unread_notifications

    request = RequestFactory().get("/")
    request.user = login("secretariat")
    with django_assert_num_queries(1):
        context = unread_notifications(request)
        assert int(str(context["unread_notifications"])) == 1
        assert unread_notifications(request)["unread_notifications"] == 1  # counted once


def test_anonymous_visitors_have_no_inbox(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
