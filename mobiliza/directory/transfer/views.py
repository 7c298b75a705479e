"""Pages to import partners from a spreadsheet and to export the partner list.

Export: the list's filters as XLSX or CSV (streamed); an XLSX of many partners is
written in the background (``PartnerExportStatusView`` shows its progress, then offers
the file through ``PartnerExportDownloadView``).

Import: upload → preview (rows to create, or every bad row with its errors; nothing
saved) → confirm → all rows saved in one transaction, or none. Between preview and
confirm the checked rows (not the file: the confirm step writes what the preview showed,
without reading and checking the file again) wait in the default storage under a random
name that only this session knows; they are deleted after the import. A refused file is
not kept.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mobiliza.core import exportjobs
from mobiliza.core.permissions import can, restrict
from mobiliza.core.spreadsheets import dated_name, table_download
from mobiliza.core.views import ExportDownloadView, ExportStatusView
from mobiliza.directory.duplicates.finding import FIELDS, likely_duplicates
from mobiliza.directory.models import Partner
from mobiliza.directory.transfer import services as transfer

SESSION_KEY = "directory_partner_imports"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        help_text=gettext_lazy(
            "The first row holds the column titles of the template; one partner per row."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            transfer.check_size(upload.size)
        except transfer.TableError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def _ensure_may_import(request: HttpRequest) -> None:
    if not can(request.user, "add", model=Partner):
        raise PermissionDenied


def _stored(request: HttpRequest) -> dict[str, str]:
    return dict(request.session.get(SESSION_KEY, {}))


def _forget(request: HttpRequest, token: str) -> None:
    stored = _stored(request)
    path = stored.pop(token, None)
    request.session[SESSION_KEY] = stored
    if path and default_storage.exists(path):
        default_storage.delete(path)


def _render_form(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "template_xlsx": reverse("directory:partner_import_template") + "?format=xlsx",
        "template_csv": reverse("directory:partner_import_template") + "?format=csv",
        "list_url": reverse("directory:partner_list"),
    }
    return render(request, "directory/import_form.html", context, status=status)


@login_required
def partner_import(request: HttpRequest) -> HttpResponse:
    """Upload (preview) and confirm (commit) a spreadsheet of partners."""
    _ensure_may_import(request)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, request.POST["token"])
    if request.method != "POST":
        return _render_form(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        table = transfer.read_table(data)
        validation = transfer.partners_validate(user=request.user, table=table)
    except transfer.TableError as exc:
        form.add_error("file", str(exc))
        return _render_form(request, form, status=400)
    if not validation.rows:
        form.add_error("file", _("The file has column titles but no rows of partners."))
        return _render_form(request, form, status=400)
    context: dict[str, Any] = {
        "validation": validation,
        "table": table,
        "file_name": upload.name,
        "total": len(validation.rows),
        "preview_rows": validation.rows[: transfer.PREVIEW_ROWS],
        "bad_rows": validation.bad_rows,
        "in_background": len(validation.rows) > transfer.BACKGROUND_ROWS,
        "import_url": reverse("directory:partner_import"),
    }
    if validation.bad_rows:
        return render(request, "directory/import_preview.html", context, status=400)
    token = secrets.token_urlsafe(24)
    path = default_storage.save(
        f"imports/partners/{secrets.token_hex(16)}.json",
        ContentFile(transfer.checked_rows_dump(validation)),
    )
    stored = _stored(request)
    stored[token] = path
    request.session[SESSION_KEY] = stored
    context["token"] = token
    context["likely_duplicates"] = _likely_duplicates(request, validation.rows)
    return render(request, "directory/import_preview.html", context)


def _likely_duplicates(request: HttpRequest, rows: list[transfer.Row]) -> list[tuple[Any, list]]:
    """Rows that look like partners already in the directory, with those partners.

    The partners are read once; above the background threshold the check is skipped
    (a bulk load from another system is expected to be checked with the duplicates page).
    """
    if len(rows) > transfer.BACKGROUND_ROWS:
        return []
    existing = list(restrict(Partner.objects.only(*FIELDS).order_by(), request.user, "view"))
    found = []
    for row in rows:
        matches = likely_duplicates(
            name_es=row.data.get("name_es") or "",
            name_en=row.data.get("name_en") or "",
            acronym=row.data.get("acronym") or "",
            website=row.data.get("website") or "",
            candidates=existing,
            limit=3,
        )
        if matches:
            found.append((row, matches))
    return found


def _confirm(request: HttpRequest, token: str) -> HttpResponse:
    path = _stored(request).get(token)
    if not path or not default_storage.exists(path):
        messages.error(
            request, _("That upload has expired or was already imported; upload it again.")
        )
        return redirect("directory:partner_import")
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    try:
        checked = transfer.checked_rows_load(data)
    except transfer.TableError as exc:
        _forget(request, token)
        messages.error(request, str(exc))
        return redirect("directory:partner_import")
    if len(checked.rows) > transfer.BACKGROUND_ROWS:
        stored = _stored(request)
        stored.pop(token, None)  # the task deletes the file when it is done
        request.session[SESSION_KEY] = stored
        job_id = secrets.token_urlsafe(16)
        transfer.job_set(
            job_id, status="running", done=0, total=len(checked.rows), user_id=request.user.pk
        )
        transfer.partners_import_job.enqueue(
            job_id, int(request.user.pk or 0), path, translation.get_language() or "es"
        )
        return redirect("directory:import_status", job_id=job_id)
    try:
        created = transfer.partners_import(user=request.user, checked=checked)
    except transfer.ImportRefused as refused:
        _forget(request, token)
        context = {
            "validation": refused.validation,
            "total": len(refused.validation.rows),
            "bad_rows": refused.validation.bad_rows,
            "import_url": reverse("directory:partner_import"),
        }
        return render(request, "directory/import_preview.html", context, status=400)
    _forget(request, token)
    messages.success(request, _("%(count)s partners were imported.") % {"count": len(created)})
    return redirect("directory:partner_list")


@login_required
def import_status(request: HttpRequest, job_id: str) -> HttpResponse:
    """The progress of a background import; htmx asks for the fragment every second."""
    job = transfer.job_get(job_id)
    if not job or job.get("user_id") != request.user.pk:
        raise Http404
    total = job.get("total") or 0
    context = {
        "job": job,
        "job_id": job_id,
        "percent": int(100 * (job.get("done") or 0) / total) if total else 0,
        "list_url": reverse("directory:partner_list"),
        "import_url": reverse("directory:partner_import"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "directory/import_progress.html", context)
    return render(request, "directory/import_status.html", context)


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
            job_id = exportjobs.export_job_start(
                user=request.user, total=total, filename=f"{name}.xlsx"
            )
            transfer.partners_export_job.enqueue(
                job_id, int(request.user.pk or 0), dict(query.lists()), get_language() or "es"
            )
            return redirect("directory:partner_export_status", job_id=job_id)
    header, rows = transfer.partner_export_table(user=request.user, queryset=partners)
    title = str(Partner._meta.verbose_name_plural).capitalize()
    return table_download(kind, name, header, rows, title=title)


class PartnerExportPages:
    """Where the pages of a background partner export are."""

    status_url_name = "directory:partner_export_status"
    download_url_name = "directory:partner_export_download"
    list_url_name = "directory:partner_list"
    list_label = gettext_lazy("See the partners")


class PartnerExportStatusView(PartnerExportPages, ExportStatusView):
    """The progress of a background partner export, then its download link."""


class PartnerExportDownloadView(PartnerExportPages, ExportDownloadView):
    """The XLSX a background partner export wrote."""
