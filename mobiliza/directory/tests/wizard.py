"""Walking the import wizard as a user would: upload, accept or change the columns, preview."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation


def upload_url(language: str = "es", name: str = "partners") -> str:
    with translation.override(language):
        return reverse("imports:upload", kwargs={"name": name})


def start(client, data: bytes, name: str = "socios.xlsx", language: str = "es"):
    """Upload a file; the columns page it leads to, or the refusal."""
    response = client.post(upload_url(language), {"file": SimpleUploadedFile(name, data)})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def _selects(page) -> list[str]:
    return re.findall(r'<select name="column-\d+".*?</select>', page.content.decode(), re.S)


def chosen_columns(page) -> dict[str, str]:
    """Column title → the field the columns page selected for it ("" when skipped)."""
    chosen = {}
    for title, select in re.findall(
        r'<label for="column-\d+">([^<]*)</label></th>\s*<td>.*?</td>\s*<td>(<select.*?</select>)',
        page.content.decode(),
        re.S,
    ):
        match = re.search(r'<option value="([^"]*)" selected>', select)
        chosen[title] = match.group(1) if match else ""
    return chosen


def send_columns(client, page, changes: dict[int, str] | None = None):
    """Send the columns page as it stands (with ``changes`` by position)."""
    data = {}
    for select in _selects(page):
        name = re.search(r'name="(column-\d+)"', select).group(1)  # type: ignore[union-attr]
        match = re.search(r'<option value="([^"]*)" selected>', select)
        data[name] = match.group(1) if match else ""
    for position, value in (changes or {}).items():
        data[f"column-{position}"] = value
    return client.post(page.wsgi_request.path, data)


def post_columns(client, page, changes: dict[int, str] | None = None):
    """Accept the columns; the preview page."""
    response = send_columns(client, page, changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def preview(client, data: bytes, name: str = "socios.xlsx", language: str = "es"):
    """Upload, accept the guessed columns: the preview page (or the upload's refusal)."""
    columns = start(client, data, name=name, language=language)
    if columns.status_code != 200:
        return columns
    return post_columns(client, columns)


def confirm(client, preview_page, **extra):
    return client.post(preview_page.wsgi_request.path, {"confirm": "1"}, **extra)
