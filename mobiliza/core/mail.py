"""The one sender of Mobiliza's e-mail: every message as mail programs expect it.

Every message is rendered from **one** template, an HTML page that extends
``core/email/base.html``: its ``<title>`` is the subject, its body the HTML part, and the
plain-text part is derived from the same rendering (:func:`html_to_text`), so the two
never say different things. The template is rendered in the **recipient's** language (a
user's or a contact's ``language``; the site's default when it is none of ours), with
``site_url`` and ``language_tag`` added to its context.

What a message carries:

- ``Auto-Submitted: auto-generated`` (RFC 3834) on automatic mail, so vacation
  responders and list servers do not answer it, and ``X-Auto-Response-Suppress`` for
  those that ignore the standard header;
- a ``Message-ID`` on the site's own domain (the host of ``settings.SITE_URL``), not the
  machine's name;
- ``Content-Language`` with the language it is written in;
- links that work from a mail program: any address the template writes from the root
  (``/es/...``) is made absolute with ``settings.SITE_URL``.

Use :func:`send_message` (one recipient) from services, after the transaction commits
when the message reports a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import translation

from mobiliza.core.formatting import language_tag

BASE_TEMPLATE = "core/email/base.html"

AUTOMATIC_HEADERS = {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
}


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, and the language it is written in for them."""

    email: str
    language: str


def recipient_language(person: Any) -> str:
    """The language ``person`` (a user or a contact) reads: theirs when the site has it,
    else the site's default."""
    code = (getattr(person, "language", "") or "")[:2].lower()
    offered = {language for language, _name in settings.LANGUAGES}
    return code if code in offered else settings.LANGUAGE_CODE[:2]


def recipient_of(person: Any) -> Recipient:
    """The recipient for a user or a contact (anything with ``email`` and ``language``)."""
    return Recipient(email=person.email, language=recipient_language(person))


def site_domain() -> str:
    """The host of ``settings.SITE_URL``: the domain of the site's Message-IDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path: str) -> str:
    """``path`` (``/es/...``) as an address that works outside the site."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"


_ROOT_RELATIVE = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(/(?!/)[^"']*)\2""", re.IGNORECASE)


def absolute_links(html: str) -> str:
    """Every ``href``/``src`` written from the site's root made absolute with SITE_URL."""
    return _ROOT_RELATIVE.sub(lambda m: f"{m[1]}{m[2]}{settings.SITE_URL}{m[3]}{m[2]}", html)


# --- HTML to plain text --------------------------------------------------------------------

_BLOCKS = {
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "table",
    "tr",
    "ul",
}
_SKIPPED = {"head", "script", "style"}


class _TextParser(HTMLParser):
    """The readable text of a rendered message, with its title apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, is a list item)
        self.line: list[str] = []
        self.title: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.item = False  # the line being gathered is a list item
        self.addresses: list[str] = []  # of the links of the block being gathered
        self.links: list[tuple[str, int]] = []  # (href, index in line where its text starts)

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.line))
        text = "\n".join(part.strip() for part in text.split("\n")).strip()
        # The addresses of the block's links follow it, each bare on a line of its own:
        # every mail program makes them links, and no bracket or full stop is taken for
        # part of an address.
        text = "\n".join([text, *self.addresses]).strip()
        self.addresses = []
        if text:
            self.blocks.append((text, self.item))
        self.line = []
        self.item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.line.append("\n")
        elif tag in _BLOCKS:
            self._flush()
            if tag == "li":
                self.item = True
                self.line.append("- ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.line)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.line[start:]).strip()
            if href and href != label and not href.startswith("#"):
                if label:
                    self.addresses.append(href)
                else:
                    self.line.append(href)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.line.append(data)

    def result(self) -> tuple[str, str]:
        self._flush()
        title = " ".join("".join(self.title).split())
        text = ""
        for index, (block, item) in enumerate(self.blocks):
            if index:
                # The items of a list stay together, one a line; paragraphs are apart.
                text += "\n" if item and self.blocks[index - 1][1] else "\n\n"
            text += block
        return title, text + "\n"


def html_to_text(html: str) -> tuple[str, str]:
    """(title, plain text) of a rendered HTML message: paragraphs apart, list items
    marked, the addresses of a paragraph's links on the lines after it."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.result()


# --- Building and sending ------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def render_message(
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    *,
    language: str,
) -> Rendered:
    """Render ``template`` in ``language``: its subject, HTML and the text derived from it.

    ``context`` may be a function, called inside the language, for values that are
    translated or formatted (dates, amounts, a page's address in that language).
    """
    with translation.override(language):
        values = dict(context() if callable(context) else context)
        values.setdefault("site_url", settings.SITE_URL)
        values.setdefault("language_tag", language_tag(language))
        html = absolute_links(render_to_string(template, values))
    subject, text = html_to_text(html)
    return Rendered(subject=subject, text=text, html=html, language=language)


def build_message(
    recipient: Recipient,
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    *,
    automatic: bool = True,
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The message ``template`` makes for ``recipient``, text and HTML, with its headers."""
    rendered = render_message(template, context, language=recipient.language)
    all_headers = {
        "Message-ID": make_msgid(domain=site_domain()),
        "Content-Language": language_tag(recipient.language),
    }
    if automatic:
        all_headers.update(AUTOMATIC_HEADERS)
    all_headers.update(headers or {})
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers=all_headers,
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def send_message(
    recipient: Recipient,
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    *,
    automatic: bool = True,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render and send one message; a failure to send raises (the caller decides)."""
    build_message(recipient, template, context, automatic=automatic, headers=headers).send(
        fail_silently=False
    )


@contextmanager
def no_mail_sent() -> Iterator[None]:
    """Within it nothing is sent (the demo's load: its messages would go to example.org
    addresses, and the development settings print them); in-app notifications stay."""
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield
