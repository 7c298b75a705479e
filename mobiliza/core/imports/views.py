"""The import wizard's pages, for any registered importer (``/<lang>/imports/<name>/``).

Upload → columns (each column's field, guessed or remembered, confirmed by the user) →
preview (every bad row named with its errors, the accepted values, how many will be added
and updated, the ambiguous numbers asked about; nothing saved) → confirm (all rows or
none). An upload belongs to the user who sent it: anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.core.imports import numbers, registry
from mobiliza.core.imports import services as wizard
from mobiliza.core.imports.reading import SpreadsheetError, check_size
from mobiliza.core.models import ImportPreview
from mobiliza.core.spreadsheets import XLSX_TYPE, download, table_to_xlsx

PREVIEW_ROWS = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        help_text=gettext_lazy(
            "Any sheet with one record per row: a title above the column titles, columns "
            "in another order or columns to leave out are fine; you choose the columns next."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def _importer(request: HttpRequest, name: str) -> registry.Importer:
    importer = registry.get(name)
    if importer is None:
        raise Http404
    if not importer.may_import(request.user):
        raise PermissionDenied
    return importer


def _preview(request: HttpRequest, importer: registry.Importer, pk: Any) -> ImportPreview:
    return get_object_or_404(ImportPreview, pk=pk, user=request.user, importer=importer.name)


def _language() -> str:
    return translation.get_language() or "es"


@login_required
def import_upload(request: HttpRequest, name: str) -> HttpResponse:
    importer = _importer(request, name)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = wizard.preview_start(
                user=request.user, importer=importer, name=upload.name, data=upload.read()
            )
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("imports:columns", name=name, pk=preview.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "importer": importer,
        "form": form,
        "done_url": importer.done_url(),
        "links": importer.links() if importer.links else [],
    }
    return render(request, "core/import_upload.html", context, status=status)


@login_required
def import_columns(request: HttpRequest, name: str, pk: Any) -> HttpResponse:
    importer = _importer(request, name)
    preview = _preview(request, importer, pk)
    sheet = wizard.preview_sheet(preview)
    offered, remembered = wizard.columns_offered(
        user=request.user, importer=importer, preview=preview, sheet=sheet
    )
    error = ""
    if request.method == "POST":
        width = len(wizard.header_of(preview, sheet))
        chosen = [request.POST.get(f"column-{i}", "") for i in range(width)]
        try:
            wizard.columns_choose(
                user=request.user, importer=importer, preview=preview, sheet=sheet, chosen=chosen
            )
        except SpreadsheetError as exc:
            error = str(exc)
            for column in offered:
                column.field = chosen[column.position]
        else:
            return redirect("imports:preview", name=name, pk=preview.pk)
    context = {
        "importer": importer,
        "preview": preview,
        "columns": offered,
        "fields": importer.fields(),
        "remembered": remembered,
        "error": error,
        "upload_url": reverse("imports:upload", kwargs={"name": name}),
    }
    return render(request, "core/import_columns.html", context, status=400 if error else 200)


@login_required
def import_preview(request: HttpRequest, name: str, pk: Any) -> HttpResponse:
    importer = _importer(request, name)
    preview = _preview(request, importer, pk)
    if request.method == "POST" and "marks" in request.POST:
        marks = {
            key.removeprefix("mark-"): str(request.POST[key])
            for key in request.POST
            if key.startswith("mark-")
        }
        wizard.preview_marks(preview=preview, marks=marks)
        return redirect("imports:preview", name=name, pk=preview.pk)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, importer, preview)
    if not preview.columns:
        return redirect("imports:columns", name=name, pk=preview.pk)
    outcome = wizard.preview_check(
        user=request.user, importer=importer, preview=preview, language=_language()
    )
    return _render_preview(request, importer, preview, outcome)


def _render_preview(
    request: HttpRequest,
    importer: registry.Importer,
    preview: ImportPreview,
    outcome: wizard.Outcome,
    status: int | None = None,
) -> HttpResponse:
    good = [row for row in outcome.rows if not row.errors]
    context = {
        "importer": importer,
        "preview": preview,
        "outcome": outcome,
        "shown_rows": good[:PREVIEW_ROWS],
        "good_count": len(good),
        "noted_rows": [row for row in good if row.notes],
        "questions": outcome.questions,
        "COMMA": numbers.COMMA,
        "DOT": numbers.DOT,
        "in_background": importer.background is not None
        and len(outcome.rows) > importer.background_rows,
        "columns_url": reverse("imports:columns", kwargs={"name": importer.name, "pk": preview.pk}),
        "rejected_url": reverse(
            "imports:rejected", kwargs={"name": importer.name, "pk": preview.pk}
        ),
        "upload_url": reverse("imports:upload", kwargs={"name": importer.name}),
    }
    if status is None:
        status = 200 if outcome.ready or outcome.questions else 400
    return render(request, "core/import_preview.html", context, status=status)


def _confirm(
    request: HttpRequest, importer: registry.Importer, preview: ImportPreview
) -> HttpResponse:
    try:
        written = wizard.preview_confirm(
            user=request.user, importer=importer, preview=preview, language=_language()
        )
    except SpreadsheetError as exc:
        messages.error(request, str(exc))
        return redirect("imports:preview", name=importer.name, pk=preview.pk)
    except registry.ImportRefused as refused:
        return _render_preview(
            request, importer, preview, wizard.Outcome(rows=refused.rows), status=400
        )
    if written.progress_url:
        return redirect(written.progress_url)
    messages.success(
        request,
        _("%(created)s added and %(updated)s updated; nothing else was changed.")
        % {"created": written.created, "updated": written.updated},
    )
    return redirect(importer.done_url())


@login_required
def import_rejected(request: HttpRequest, name: str, pk: Any) -> HttpResponse:
    """The rows the preview refused, as the file had them, each with its errors."""
    importer = _importer(request, name)
    preview = _preview(request, importer, pk)
    if not preview.columns:
        raise Http404
    outcome = wizard.preview_check(
        user=request.user, importer=importer, preview=preview, language=_language()
    )
    header, rows = wizard.rejected_rows(importer=importer, preview=preview, outcome=outcome)
    content = table_to_xlsx(header, rows, title=str(_("Rejected rows")))
    prefix = slugify(_("rejected rows"))
    filename = "{}-{}.xlsx".format(prefix, slugify(preview.file_name.rsplit(".", 1)[0]))
    return download(content, XLSX_TYPE, filename)
