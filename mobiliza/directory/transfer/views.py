"""Pages to import partners from a spreadsheet and to export the partner list.

Import: the import wizard of ``mobiliza.core.imports`` with the partners' importer
(``transfer.services.partner_importer``): upload, columns, preview, confirm; a large
file is written by a background job (``mobiliza.core.jobs``), whose page shows its progress.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mobiliza.core.permissions import can, restrict
from mobiliza.core.spreadsheets import table_download
from mobiliza.directory.filters import PartnerFilter
from mobiliza.directory.models import Partner
from mobiliza.directory.transfer import services as transfer


def _ensure_may_import(request: HttpRequest) -> None:
    if not can(request.user, "add", model=Partner):
        raise PermissionDenied


@login_required
def partner_import(request: HttpRequest) -> HttpResponse:
    """The partners' import is the import wizard's (``mobiliza.core.imports``)."""
    _ensure_may_import(request)
    return redirect("imports:upload", name="partners")


@login_required
def import_status(request: HttpRequest, job_id: Any) -> HttpResponse:
    """Where a background import's progress used to be shown: now the job's own page."""
    return redirect("jobs:detail", pk=job_id)


def _format(request: HttpRequest) -> str:
    value = request.GET.get("format", "xlsx")
    if value not in ("xlsx", "csv"):
        raise Http404
    return value


@login_required
def partner_import_template(request: HttpRequest) -> HttpResponse:
    """An empty spreadsheet with the accepted column titles, in the reader's language."""
    _ensure_may_import(request)
    kind = _format(request)
    header = transfer.template_header()
    name = slugify(_("partners template"))
    return table_download(kind, name, header, [], title=str(_("Partners")))


@login_required
def partner_export(request: HttpRequest) -> HttpResponse:
    """The partner list as the list page shows it (same filters), in the reader's language."""
    kind = _format(request)
    queryset = restrict(Partner.objects.all(), request.user, "view")
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    query.pop("sort", None)
    filterset = PartnerFilter(query, queryset=queryset, request=request)
    partners = filterset.qs if filterset.is_valid() else queryset.none()
    header, rows = transfer.partner_export_table(user=request.user, queryset=partners)
    name = f"{slugify(str(Partner._meta.verbose_name_plural))}-{timezone.localdate()}"
    title = str(Partner._meta.verbose_name_plural).capitalize()
    return table_download(kind, name, header, rows, title=title)
