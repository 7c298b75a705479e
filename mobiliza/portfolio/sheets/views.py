"""Pages of the technical sheets: the sheet of a project as DOCX or PDF, a new version of
it, the project's sheets page, and the record of a sheet presented to a partner.

Who may do what is the permission module's: a sheet is read by whoever may see the
project (another country's hidden project is a 404), a new version and a presentation
are written by whoever may change the project (``SheetPresentation.access``: parent
``project``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic.edit import CreateView

from mobiliza.core.forms import refuse_country
from mobiliza.core.pages import may, page_requires
from mobiliza.core.permissions import can, restrict
from mobiliza.core.services import ConflictError, ReferencedError
from mobiliza.core.spreadsheets import download
from mobiliza.core.views import (
    FormUserMixin,
    RecordDeleteView,
    RecordDetailView,
    RecordUpdateView,
    serve_file,
)
from mobiliza.portfolio.choices import SheetTemplate
from mobiliza.portfolio.models import Project
from mobiliza.portfolio.sheets import documents, services
from mobiliza.portfolio.sheets.forms import PresentationChangeForm, PresentationForm
from mobiliza.portfolio.sheets.models import SheetPresentation


def project_url(project: Any) -> str:
    """The project's page; its sheets page while the portfolio has no project page."""
    try:
        return reverse("portfolio:project_detail", args=[project.pk])
    except NoReverseMatch:
        return reverse("portfolio:project_sheets", args=[project.pk])


def visible_project(user: Any, pk: Any) -> Project:
    """The project ``pk`` if ``user`` may see it, else a 404."""
    return get_object_or_404(restrict(Project.objects.all(), user, "view"), pk=pk)


def reader_language() -> str:
    language = (get_language() or "es")[:2]
    return language if language in documents.LANGUAGES else "es"


def _sheet_response(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    project = visible_project(request.user, pk)
    template = request.GET.get("template") or SheetTemplate.INITIATIVE
    language = request.GET.get("language") or reader_language()
    if template not in SheetTemplate.values or language not in documents.LANGUAGES:
        raise Http404
    sheet = documents.build_sheet(project, template, language)
    content = documents.render(sheet, fmt)
    return download(content, documents.FORMATS[fmt], f"{sheet.file_stem}.{fmt}")


@require_safe
@login_required
@page_requires(may("view", Project))
def sheet_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's technical sheet as a Word document (``?template=initiative|corett``,
    ``?language=es|en``, the reader's language by default)."""
    return _sheet_response(request, pk, "docx")


@require_safe
@login_required
@page_requires(may("view", Project))
def sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's technical sheet as a PDF (same parameters as :func:`sheet_docx`)."""
    return _sheet_response(request, pk, "pdf")


@require_POST
@login_required
@page_requires(may("change", Project))
def sheet_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise the project's sheet version (the form posts the project's version)."""
    project = visible_project(request.user, pk)
    if not can(request.user, "change", project):
        raise PermissionDenied
    version = request.POST.get("version") or ""
    try:
        project = services.sheet_new_version(
            request.user, project, version=int(version) if version.isdigit() else None
        )
    except ConflictError as conflict:
        messages.error(request, str(conflict.message))
        return redirect(project_url(project))
    messages.success(
        request,
        _("The technical sheet is now at version %(version)s.")
        % {"version": project.sheet_version},
    )
    return redirect(project_url(project))


@require_safe
@login_required
@page_requires(may("view", Project))
def project_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's technical sheets and their presentations: the section of its page,
    on a page of its own."""
    from mobiliza.portfolio.sheets.part import context

    project = visible_project(request.user, pk)
    return TemplateResponse(
        request,
        "portfolio/sheets/project_sheets.html",
        {"project": project, "section": context(project, request)},
    )


@require_safe
@login_required
def presentation_file(request: HttpRequest, pk: int) -> Any:
    """The document a presentation kept, to whoever may see the presentation."""
    return serve_file(request, SheetPresentation, pk, "file")


def _add_service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PresentationCreateView(LoginRequiredMixin, FormUserMixin, CreateView):
    """Record a sheet presented (``?project=<pk>``, or ``?interaction=<pk>`` from the
    pipeline, which fills in the partner, the date, the opportunity and the contacts)."""

    model = SheetPresentation
    form_class = PresentationForm
    template_name = "core/record_form.html"
    object = None

    @classmethod
    def allows(cls, user: Any) -> bool:
        return can(user, "add", model=SheetPresentation)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        self.project = None
        pk = request.GET.get("project")
        if request.user.is_authenticated and str(pk or "").isdigit():
            self.project = visible_project(request.user, pk)
            if not can(request.user, "change", self.project):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        from mobiliza.pipeline.models import Interaction

        initial: dict[str, Any] = {"language": reader_language()}
        if self.project is not None:
            initial["project"] = self.project.pk
        template = self.request.GET.get("template")
        if template in SheetTemplate.values:
            initial["template"] = template
        pk = self.request.GET.get("interaction")
        if str(pk or "").isdigit():
            interaction = get_object_or_404(
                restrict(Interaction.objects.all(), self.request.user), pk=pk
            )
            initial.update(
                interaction=interaction.pk,
                partner=interaction.partner_id,
                presented_on=interaction.occurred_on,
                opportunity=interaction.opportunity_id,
                contacts=list(interaction.contacts.values_list("pk", flat=True)),
            )
        partner = self.request.GET.get("partner")
        if str(partner or "").isdigit() and "partner" not in initial:
            initial["partner"] = int(partner)  # type: ignore[arg-type]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super(FormUserMixin, self).get_context_data(**kwargs)
        context["verbose_name"] = SheetPresentation._meta.verbose_name
        context["cancel_url"] = (
            project_url(self.project) if self.project is not None else reverse("home")
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.presentation_create(
                user=self.request.user, data=form.model_data()
            )
        except PermissionDenied:
            form.add_error("project", _("You may not record presentations of this project."))
            return self.form_invalid(form)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Recorded: version %(version)s of the sheet was presented to %(partner)s.")
            % {"version": self.object.sheet_version, "partner": self.object.partner},
        )
        return redirect(project_url(self.object.project))


class PresentationPages:
    """A presentation's pages read it with its project and partner; they go back to the
    project's page."""

    model = SheetPresentation
    select_related: tuple[str, ...] = (
        "project",
        "partner",
        "interaction",
        "opportunity",
        "recorded_by",
    )


class PresentationDetailView(PresentationPages, RecordDetailView):
    template_name = "portfolio/sheets/presentation_detail.html"
    record_links = False
    fields = [
        "project",
        "template",
        "sheet_version",
        "language",
        "partner",
        "presented_on",
        "interaction",
        "opportunity",
        "notes",
        "recorded_by",
    ]

    def get_detail_extra(self) -> dict[str, Any]:
        obj = self.object
        return {
            "edit_url": reverse("portfolio:presentation_edit", args=[obj.pk]),
            "delete_url": reverse("portfolio:presentation_delete", args=[obj.pk]),
            "list_url": project_url(obj.project),
            "contacts": list(obj.contacts.all()),
            "file_url": reverse("portfolio:presentation_file", args=[obj.pk]) if obj.file else "",
        }


class PresentationUpdateView(PresentationPages, RecordUpdateView):
    form_class = PresentationChangeForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super(FormUserMixin, self).get_context_data(**kwargs)
        context["verbose_name"] = SheetPresentation._meta.verbose_name
        context["cancel_url"] = self.object.get_absolute_url()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.presentation_update(
                user=self.request.user,
                instance=self.object,
                data=form.model_data(),
                version=form.cleaned_data.get("version"),
            )
        except ConflictError as conflict:
            form.add_error(None, str(conflict.message))
            return self.form_invalid(form)
        except PermissionDenied:
            refuse_country(form, _("You may not record presentations of this project."))
            return self.form_invalid(form)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.object.get_absolute_url())


class PresentationDeleteView(PresentationPages, RecordDeleteView):
    def form_valid(self, form: Any) -> HttpResponse:
        project = self.object.project
        name = str(self.object)
        try:
            services.presentation_delete(user=self.request.user, instance=self.object)
        except ReferencedError as error:
            messages.error(self.request, error.message)
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, _("Deleted: %(name)s.") % {"name": name})
        return redirect(project_url(project))
