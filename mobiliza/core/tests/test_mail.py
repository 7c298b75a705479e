"""The one sender of e-mail: one template gives the subject, the HTML and the text; the
recipient's language; the headers mail programs look at; absolute links."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core import mail

from mobiliza.core.mail import (
    absolute_links,
    build_message,
    html_to_text,
    recipient_of,
    send_message,
)

NEW_AGREEMENT = "agreements/email/new_agreement.html"


def agreement_context():
    agreement = SimpleNamespace(
        title="Carta de entendimiento con la OIM",
        partner="OIM",
        signed_on=None,
        get_kind_display=lambda: "MoU",
        get_status_display=lambda: "Draft",
    )
    return {"agreement": agreement, "url": "/es/resources/agreements/7/", "recorded_by": "Ana"}


def person(language: str, email: str = "ana@example.org"):
    return SimpleNamespace(email=email, language=language, full_name="Ana Pérez")


def test_html_and_text_come_from_the_same_template(settings):
    settings.SITE_URL = "https://mobiliza.example.org"
    message = build_message(recipient_of(person("en")), NEW_AGREEMENT, agreement_context())
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert message.subject == "[Mobiliza] New agreement: Carta de entendimiento con la OIM"
    assert f"<title>{message.subject}</title>" in html
    sentence = "A new agreement was recorded: Carta de entendimiento con la OIM, with OIM."
    assert sentence in html
    assert sentence in message.body
    # The text part names each link's address; the list stays one item a line.
    assert (
        "Carta de entendimiento con la OIM\nhttps://mobiliza.example.org/es/resources/agreements/7/\n"
        in message.body
    )
    assert "- Kind: MoU\n- Status: Draft\n" in message.body
    assert "<" not in message.body


def test_the_message_is_written_in_the_recipients_language():
    spanish = build_message(recipient_of(person("es")), NEW_AGREEMENT, agreement_context())
    english = build_message(recipient_of(person("en")), NEW_AGREEMENT, agreement_context())
    assert "Véalo en Mobiliza:" in spanish.body
    assert 'lang="es-GT"' in spanish.alternatives[0][0]
    assert "See it in Mobiliza:" in english.body
    assert 'lang="en"' in english.alternatives[0][0]


def test_a_language_the_site_does_not_offer_reads_the_default_one():
    assert recipient_of(person("fr")).language == "es"
    assert recipient_of(person("")).language == "es"


def test_automatic_mail_says_so_and_has_an_id_on_the_sites_domain(settings):
    settings.SITE_URL = "https://mobiliza.example.org:8443"
    send_message(recipient_of(person("es")), NEW_AGREEMENT, agreement_context())
    [message] = mail.outbox
    sent = message.message()
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["X-Auto-Response-Suppress"] == "All"
    assert re.fullmatch(r"<[^@<>]+@mobiliza\.example\.org>", sent["Message-ID"])
    assert sent.get_content_type() == "multipart/alternative"


def test_a_message_that_is_not_automatic_has_no_auto_submitted_header():
    message = build_message(
        recipient_of(person("es")), NEW_AGREEMENT, agreement_context(), automatic=False
    )
    assert "Auto-Submitted" not in message.message()


def test_every_link_from_the_root_becomes_absolute(settings):
    settings.SITE_URL = "https://mobiliza.example.org"
    html = absolute_links(
        '<a href="/es/x/">x</a> <a href=\'/en/y/\'>y</a> <img src="/static/l.png" alt="">'
        ' <a href="https://other.example/z">z</a> <a href="//cdn.example/w">w</a>'
    )
    assert re.findall(r"""(?:href|src)=["']([^"']*)""", html) == [
        "https://mobiliza.example.org/es/x/",
        "https://mobiliza.example.org/en/y/",
        "https://mobiliza.example.org/static/l.png",
        "https://other.example/z",
        "//cdn.example/w",
    ]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo\n"),
        ("<p>a<br>b</p>", "a\nb\n"),
        ('<p>See <a href="https://x.example/a">it</a>.</p>', "See it.\nhttps://x.example/a\n"),
        ('<p><a href="https://x.example/">https://x.example/</a></p>', "https://x.example/\n"),
        ("<style>p{}</style><p>&amp; &lt;ok&gt;</p>", "& <ok>\n"),
    ],
)
def test_the_text_part_reads_like_the_html(html, text):
    assert html_to_text(html)[1] == text


def test_no_code_but_the_one_sender_sends_mail():
    """A message sent another way would miss the headers, the HTML or the language."""
    from pathlib import Path

    import mobiliza

    root = Path(mobiliza.__file__).parent
    senders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and re.search(r"django\.core\.mail|django\.core import mail", path.read_text())
    ]
    assert senders == ["core/mail.py"]
