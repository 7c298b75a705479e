"""Pages to import partners from a spreadsheet and to export the partner list.

Import: the import wizard of ``mobiliza.core.imports`` with the partners' importer
(``transfer.services.partner_importer``): upload, columns, preview, confirm; a large
file is written by a background job (``mobiliza.core.jobs``), whose page shows its progress.

Export: the list's filters as XLSX or CSV (streamed); an XLSX of many partners is
written by a background job too, whose page offers the file when it is done.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.core import exportjobs
from mobiliza.core.permissions import can
from mobiliza.core.spreadsheets import dated_name, table_download
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
def partner_import_template(request: HttpRequest) -> HttpResponseBase:
    """An empty spreadsheet with the accepted column titles, in the reader's language."""
    _ensure_may_import(request)
    kind = _format(request)
    header = transfer.template_header()
    name = slugify(_("partners template"), allow_unicode=True)
    return table_download(kind, name, header, [], title=str(_("Partners")))


def _export_query(request: HttpRequest) -> QueryDict:
    """The list's filters from the export's address (not its format, page or order)."""
    query = request.GET.copy()
    for name in ("format", "page", "sort"):
        query.pop(name, None)
    return query


@login_required
def partner_export(request: HttpRequest) -> HttpResponseBase:
    """The partner list as the list page shows it (same filters), in the reader's language.

    An XLSX of more than ``BACKGROUND_EXPORT_ROWS`` partners is written in the background;
    the user is sent to a page that shows its progress and then offers the file.
    """
    kind = _format(request)
    query = _export_query(request)
    partners = transfer.partners_for_export(user=request.user, query=query)
    name = dated_name(Partner._meta.verbose_name_plural)
    if kind == "xlsx":
        total = partners.count()
        if total > transfer.BACKGROUND_EXPORT_ROWS:
            job = exportjobs.export_job_start(
                task=transfer.partners_export_job,
                user=request.user,
                title=gettext_lazy("Exporting partners"),
                total=total,
                query=dict(query.lists()),
            )
            return redirect(job.get_absolute_url())
    header, rows = transfer.partner_export_table(user=request.user, queryset=partners)
    title = str(Partner._meta.verbose_name_plural).capitalize()
    return table_download(kind, name, header, rows, title=title)
