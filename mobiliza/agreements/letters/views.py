"""Pages of step 4, "Acknowledge contributions": the letter (DOCX or PDF) and the record of
its sending (when, to whom, by whom, in which language).

A letter names the partner's contact, so a contribution's letter and acknowledgements are
shown only to those :func:`~mobiliza.agreements.letters.documents.letter_readable` allows; others get
a 404, as for a record they cannot see. Recording a sending needs the right to change the
contribution.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic.edit import CreateView

from mobiliza.agreements.letters import documents
from mobiliza.agreements.letters.forms import AcknowledgementForm
from mobiliza.agreements.letters.services import acknowledgement_create
from mobiliza.agreements.models import Acknowledgement, Contribution
from mobiliza.core.permissions import can, restrict
from mobiliza.core.spreadsheets import download
from mobiliza.core.views import (
    FormUserMixin,
    RecordDeleteView,
    RecordDetailView,
    RecordUpdateView,
)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
LANGUAGE_LABELS = dict(Acknowledgement._meta.get_field("language").choices or [])


def readable_contribution(user: Any, pk: Any) -> Contribution:
    """The contribution ``pk`` if ``user`` may have its letter, else a 404."""
    queryset = restrict(Contribution.objects.select_related("partner", "member_state"), user)
    contribution = get_object_or_404(queryset, pk=pk)
    if not documents.letter_readable(user, contribution):
        raise Http404
    return contribution


def letter_links(contribution: Contribution, language: str) -> list[tuple[str, str]]:
    """(label, address) of the letter in each format, in ``language``."""
    return [
        (
            fmt.upper(),
            reverse("agreements:acknowledgement_letter", args=[contribution.pk, fmt])
            + f"?language={language}",
        )
        for fmt in CONTENT_TYPES
    ]


def all_letter_links(contribution: Contribution) -> list[tuple[Any, list[tuple[str, str]]]]:
    """The letter in each language the model offers, each in DOCX and PDF."""
    return [(label, letter_links(contribution, code)) for code, label in LANGUAGE_LABELS.items()]


def sent_letter_links(acknowledgement: Acknowledgement) -> list[tuple[Any, list[tuple[str, str]]]]:
    """The letter as it was sent (its number, city and date), in each language and format."""
    return [
        (
            label,
            [
                (
                    fmt.upper(),
                    reverse(
                        "agreements:acknowledgement_sent_letter", args=[acknowledgement.pk, fmt]
                    )
                    + f"?language={code}",
                )
                for fmt in CONTENT_TYPES
            ],
        )
        for code, label in LANGUAGE_LABELS.items()
    ]


def _contribution_url(contribution: Contribution) -> str:
    return reverse("agreements:contribution_detail", args=[contribution.pk])


@require_safe
@login_required
def acknowledgement_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The letter thanking for contribution ``pk``, as DOCX or PDF (``?language=es|en|es-en``)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    language = request.GET.get("language") or "es-en"
    if language not in documents.LANGUAGES:
        raise Http404
    contribution = readable_contribution(request.user, pk)
    letter = documents.build_letter(contribution, language)
    content = documents.render_docx(letter) if fmt == "docx" else documents.render_pdf(letter)
    return download(content, CONTENT_TYPES[fmt], f"{letter.file_stem}.{fmt}")


@require_safe
@login_required
def acknowledgement_sent_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The letter a recorded acknowledgement sent: numbered, dated its day in its city, in
    its language unless ``?language=`` asks for another."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    queryset = restrict(Acknowledgement.objects.select_related("contribution"), request.user)
    acknowledgement = get_object_or_404(queryset, pk=pk)
    if not documents.letter_readable(request.user, acknowledgement.contribution):
        raise Http404
    language = request.GET.get("language") or acknowledgement.language
    if language not in documents.LANGUAGES:
        raise Http404
    letter = documents.build_letter(
        acknowledgement.contribution,
        language,
        on=acknowledgement.sent_on,
        city=acknowledgement.city,
        reference=acknowledgement.reference or "",
    )
    content = documents.render_docx(letter) if fmt == "docx" else documents.render_pdf(letter)
    return download(content, CONTENT_TYPES[fmt], f"{letter.file_stem}.{fmt}")


def _initial(contribution: Contribution) -> dict[str, Any]:
    contact = documents.first_contact(contribution)
    if contact is None:
        partner = contribution.partner or contribution.member_state
        return {"recipient": str(partner or ""), "city": documents.default_city()}
    language = {"es": "es", "en": "en"}.get(contact.language, "es-en")
    return {
        "city": documents.default_city(),
        "recipient": contact.full_name,
        "recipient_email": contact.email,
        "contact": contact.pk,
        "language": language,
    }


class AcknowledgementFormMixin:
    """The form knows its contribution; "cancel" goes back to the contribution."""

    request: HttpRequest
    contribution: Contribution
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["contribution"] = self.contribution
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Past FormUserMixin: acknowledgements have no list page of their own to cancel to.
        context = super(FormUserMixin, self).get_context_data(**kwargs)  # type: ignore[misc]
        context["verbose_name"] = Acknowledgement._meta.verbose_name
        context["contribution"] = self.contribution
        context["cancel_url"] = _contribution_url(self.contribution)
        context["letter_links"] = all_letter_links(self.contribution)
        return context

    def get_success_url(self) -> str:
        return reverse("agreements:acknowledgement_detail", args=[self.object.pk])

    def _add_service_errors(self, form: Any, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)


class AcknowledgementCreateView(
    LoginRequiredMixin, AcknowledgementFormMixin, FormUserMixin, CreateView
):
    """Record that the letter was sent (``?contribution=<pk>``); the sender is the user."""

    model = Acknowledgement
    form_class = AcknowledgementForm
    template_name = "agreements/acknowledgement_form.html"
    object = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        pk = request.GET.get("contribution") or request.POST.get("contribution")
        if not str(pk or "").isdigit():
            raise Http404
        self.contribution = readable_contribution(request.user, pk)
        if not can(request.user, "change", self.contribution):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return _initial(self.contribution)

    def form_valid(self, form: Any) -> HttpResponse:
        data = {
            **form.model_data(),
            "contribution": self.contribution,
            "sent_by": self.request.user,
        }
        try:
            self.object = acknowledgement_create(user=self.request.user, data=data)
        except PermissionDenied:
            form.add_error(None, _("You may not acknowledge this contribution."))
            return self.form_invalid(form)
        except ValidationError as error:
            self._add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Recorded: the letter was sent to %(recipient)s on %(date)s.")
            % {"recipient": self.object.recipient, "date": self.object.sent_on.isoformat()},
        )
        return redirect(self.get_success_url())


class ReadableAcknowledgement:
    """An acknowledgement is shown like its contribution's letter: else a 404."""

    request: HttpRequest

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("contribution", "sent_by", "contact")  # type: ignore[misc]

    kwargs: dict[str, Any]

    def get_object(self, queryset: Any = None) -> Any:
        # Checked before the generic view's own checks, so that another country's record
        # is a 404 (as if absent) rather than a 403 that admits it exists.
        found = self.get_queryset().filter(pk=self.kwargs.get("pk")).first()
        if found is None or not documents.letter_readable(self.request.user, found.contribution):
            raise Http404
        return super().get_object(queryset)  # type: ignore[misc]


class AcknowledgementDetailView(ReadableAcknowledgement, RecordDetailView):
    model = Acknowledgement
    queryset = Acknowledgement.objects.all()
    template_name = "agreements/acknowledgement_detail.html"
    record_links = False  # it has no list of its own: it links back to its contribution
    fields = [
        "contribution",
        "reference",
        "sent_on",
        "city",
        "recipient",
        "recipient_email",
        "contact",
        "language",
        "sent_by",
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["edit_url"] = reverse("agreements:acknowledgement_edit", args=[obj.pk])
        context["delete_url"] = reverse("agreements:acknowledgement_delete", args=[obj.pk])
        context["list_url"] = _contribution_url(obj.contribution)
        context["letter_links"] = sent_letter_links(obj)
        context["sent_language"] = obj.language
        return context


class AcknowledgementUpdateView(
    ReadableAcknowledgement, AcknowledgementFormMixin, RecordUpdateView
):
    model = Acknowledgement
    queryset = Acknowledgement.objects.all()
    form_class = AcknowledgementForm
    template_name = "agreements/acknowledgement_form.html"

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        self.contribution = obj.contribution
        return obj

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:
            self._add_service_errors(form, error)
            return self.form_invalid(form)


class AcknowledgementDeleteView(ReadableAcknowledgement, RecordDeleteView):
    model = Acknowledgement
    queryset = Acknowledgement.objects.all()
    template_name = "agreements/acknowledgement_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["detail_url"] = reverse("agreements:acknowledgement_detail", args=[self.object.pk])
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        from mobiliza.core.services import record_delete

        contribution = self.object.contribution
        name = str(self.object)
        record_delete(user=self.request.user, instance=self.object)
        messages.success(self.request, _("Deleted: %(name)s.") % {"name": name})
        return redirect(_contribution_url(contribution))
