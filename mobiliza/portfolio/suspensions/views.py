"""The pages of suspensions: the list, one suspension, the "Suspend" and "Resume" forms.

The forms are the Presidency's alone (``Suspension.access.editors``); each asks first,
naming the contacts who will be e-mailed, then calls the service, which refuses what the
API refuses with the same message.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, UpdateView

from mobiliza.core.history import history_of
from mobiliza.core.permissions import can, hidden_fields, restrict, shows_history_authors
from mobiliza.core.services import ConflictError
from mobiliza.core.views import RecordListView, ScopedMixin
from mobiliza.portfolio.suspensions import services
from mobiliza.portfolio.suspensions.choices import SUSPENDABLE
from mobiliza.portfolio.suspensions.filters import SuspensionFilter
from mobiliza.portfolio.suspensions.forms import ResumeForm, SuspensionForm
from mobiliza.portfolio.suspensions.models import Suspension
from mobiliza.portfolio.suspensions.tables import SuspensionTable


def find_record(user: Any, value: str | None) -> models.Model:
    """The record ``?record=agreements.agreement:12`` names, if ``user`` may see it (else 404)."""
    label, _colon, pk = (value or "").partition(":")
    if label not in SUSPENDABLE or not pk.isdigit():
        raise Http404
    model = apps.get_model(label)
    return get_object_or_404(restrict(model._default_manager.all(), user, "view"), pk=int(pk))


class PresidencyOnly:
    """The forms: the Presidency alone; others get a 403."""

    @classmethod
    def allows(cls, user: Any) -> bool:
        """The page's check, which the header asks too (``core.pages``)."""
        return can(user, "add", model=Suspension)


class ConfirmFirst:
    """A form posted once shows what will happen and who will be e-mailed; posted again
    with ``confirm`` it is done."""

    request: HttpRequest
    confirm_template = "portfolio/suspensions/confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        if not self.request.POST.get("confirm"):
            return self.render_to_response(  # type: ignore[attr-defined]
                self.get_context_data(form=form, confirming=True)  # type: ignore[attr-defined]
            )
        try:
            suspension = self.take(form)
        except ConflictError:
            form.add_error(None, _("Someone else changed this record meanwhile; look at it again."))
            return self.form_invalid(form)  # type: ignore[attr-defined]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        return redirect(reverse("portfolio:suspension_detail", args=[suspension.pk]))

    def take(self, form: Any) -> Suspension:
        raise NotImplementedError

    def get_template_names(self) -> list[str]:
        if getattr(self, "_confirming", False):
            return [self.confirm_template]
        return super().get_template_names()  # type: ignore[misc]

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        self._confirming = bool(context.get("confirming"))
        return super().render_to_response(context, **kwargs)  # type: ignore[misc]


def _record_context(record: models.Model) -> dict[str, Any]:
    to_inform = services.contacts_to_inform(record)
    return {
        "record": record,
        "record_kind": record._meta.verbose_name,
        "record_url": services.record_url(record),
        "record_param": f"{record._meta.label_lower}:{record.pk}",
        "emailed": to_inform.emailed,
        "without_email": to_inform.without_email,
        "partners": services.partners_to_inform(record),
    }


class SuspensionCreateView(PresidencyOnly, ConfirmFirst, LoginRequiredMixin, CreateView):
    """ "Suspend": the plenary's agreement, the grounds and the reasons, then a confirmation."""

    model = Suspension
    form_class = SuspensionForm
    template_name = "portfolio/suspensions/suspension_form.html"
    record: models.Model

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.record = find_record(
                request.user, request.GET.get("record") or request.POST.get("record")
            )
            if not self.allows(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = Suspension(
            content_type=ContentType.objects.get_for_model(self.record),
            object_id=self.record.pk,
            suspended_by=self.request.user,  # type: ignore[misc]
            suspended_on=timezone.localdate(),
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_record_context(self.record))
        try:
            services.refuse_unsuspendable(self.record)
        except ValidationError as error:
            context["refusal"] = " ".join(error.messages)
            context["current"] = services.open_suspension(self.record)
        return context

    def take(self, form: Any) -> Suspension:
        data = form.cleaned_data
        return services.suspend(
            user=self.request.user,
            record=self.record,
            meeting_agreement=data["meeting_agreement"],
            grounds=data["grounds"],
            reason_es=data.get("reason_es", ""),
            reason_en=data.get("reason_en", ""),
        )

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(
                self.request,
                _("Suspended: %(record)s. Its partner's contacts are being e-mailed.")
                % {"record": self.record},
            )
        return response


class SuspensionResumeView(PresidencyOnly, ConfirmFirst, LoginRequiredMixin, UpdateView):
    """ "Resume": the plenary's agreement to resume and why, then a confirmation."""

    model = Suspension
    form_class = ResumeForm
    template_name = "portfolio/suspensions/resume_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.object = self.get_object()
            if not self.allows(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset: Any = None) -> Suspension:
        if getattr(self, "object", None) is not None:
            return self.object
        user = self.request.user
        if "pk" in self.kwargs:
            suspension = get_object_or_404(
                restrict(Suspension.objects.all(), user, "view"), pk=self.kwargs["pk"]
            )
        else:
            record = find_record(
                user, self.request.GET.get("record") or self.request.POST.get("record")
            )
            found = services.open_suspension(record)
            if found is None:
                raise Http404
            suspension = found
        if suspension.record is None or not can(user, "view", suspension.record):
            raise Http404
        return suspension

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_record_context(self.object.record))
        context["suspension"] = self.object
        if not self.object.is_open:
            context["refusal"] = _("This suspension already ended on %(date)s.") % {
                "date": self.object.resumed_on
            }
        return context

    def take(self, form: Any) -> Suspension:
        data = form.cleaned_data
        return services.resume(
            user=self.request.user,
            suspension=Suspension.objects.get(pk=self.object.pk),
            meeting_agreement=data["resume_meeting_agreement"],
            reason_es=data.get("resume_reason_es", ""),
            reason_en=data.get("resume_reason_en", ""),
        )

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(
                self.request,
                _("Resumed: %(record)s. Its partner's contacts are being e-mailed.")
                % {"record": self.object.record},
            )
        return response


class SuspensionListView(RecordListView):
    model = Suspension
    table_class = SuspensionTable
    filterset_class = SuspensionFilter

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Those who may not read suspensions at all (a partner viewer) get a 403.
        if request.user.is_authenticated and not self.allows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def shape_queryset(self, queryset: Any) -> Any:
        return queryset.select_related(
            "content_type", "meeting_agreement", "member_state"
        ).prefetch_related("record")

    def add_url(self) -> str | None:
        return None


class SuspensionDetailView(ScopedMixin, DetailView):
    model = Suspension
    template_name = "portfolio/suspensions/suspension_detail.html"

    def shape_queryset(self, queryset: Any) -> Any:
        return queryset.select_related(
            "content_type",
            "meeting_agreement__meeting",
            "resume_meeting_agreement__meeting",
            "suspended_by",
            "resumed_by",
            "member_state",
        )

    def get_object(self, queryset: Any = None) -> Any:
        suspension = super().get_object(queryset)
        if suspension.record is None or not can(self.request.user, "view", suspension.record):
            raise Http404
        return suspension

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        suspension = self.object
        user = self.request.user
        authors = shows_history_authors(user)
        context.update(
            {
                "record": suspension.record,
                "record_kind": suspension.content_type.model_class()._meta.verbose_name,  # type: ignore[union-attr]
                "record_url": services.record_url(suspension.record),
                "notices": list(suspension.notices.all()),
                "can_resume": suspension.is_open and can(user, "change", suspension),
                "history": history_of(
                    suspension, hidden=hidden_fields(user, suspension), authors=authors
                ),
                "show_staff_names": authors,
            }
        )
        return context
