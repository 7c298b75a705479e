"""A record's file in the API: uploaded like any file, shown as its permission-checked link.

DRF's ``FileField`` shows a file's storage URL (``/media/...``), which is never served:
uploads are not public. :class:`FileLinkField` shows instead the address of
``core.views.FileDownloadView`` for the record and field (``/files/<app>.<model>/<pk>/
<field>/``), which asks the record's view permission and answers a token-authenticated
client as it answers a browser. Uploads are checked by ``core.uploads.validate_document``
(the model field's validator, run again by the services' ``full_clean()``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from mobiliza.core.uploads import DOCUMENT_HELP, validate_document


def file_link(record: Any, field: str) -> str:
    """The path at which those who may see ``record`` download its ``field``."""
    opts = record._meta
    return reverse("file_download", args=[opts.label_lower, record.pk, field])


class FileLinkField(serializers.FileField):
    """A file field that takes an upload and shows the link to download it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [validate_document])
        kwargs.setdefault("help_text", DOCUMENT_HELP)
        # An empty file is refused by validate_document, with the page's message.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        if not value:
            return None
        instance = getattr(value, "instance", None)
        if instance is None or instance.pk is None:
            return None
        path = file_link(instance, value.field.name)
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
