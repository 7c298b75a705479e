"""Pages of the mobilization pipeline: the board, opportunities and interactions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mobiliza.core import views as core_views
from mobiliza.core.forms import refuse_country
from mobiliza.core.money import reporting_currency
from mobiliza.core.pages import may, page_requires
from mobiliza.core.permissions import can, restrict
from mobiliza.pipeline import filters, forms, models, selectors, services, tables
from mobiliza.pipeline.choices import LossReason, Outcome
from mobiliza.plan.models import MobilizationStep, StepAction

# A request from board.js, which wants a short answer instead of a page.
FETCH_HEADER = "fetch"


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == FETCH_HEADER


def _link(name: str, query: str) -> str | None:
    """The address of a page of another app, or None while that page does not exist."""
    try:
        return f"{reverse(name)}?{query}"
    except NoReverseMatch:
        return None


def _opportunity_context(opportunity: models.Opportunity, user: Any) -> dict[str, Any]:
    may_change = can(user, "change", opportunity)
    history, spent = selectors.stage_history(opportunity)
    query = f"opportunity={opportunity.pk}&partner={opportunity.partner_id}"
    interactions = restrict(
        opportunity.interactions.select_related("partner").prefetch_related("attachments"),
        user,
        "view",
    )
    return {
        "can_change": may_change,
        "show_confidential": forms.may_see_confidential(user, opportunity),
        "checklist": selectors.checklist_of(opportunity),
        "history": history,
        "time_in_steps": spent,
        "steps": list(MobilizationStep.objects.order_by("position")),
        "close_form": forms.CloseForm(),
        "interactions": list(interactions),
        "no_rate": selectors.has_no_rate(opportunity),
        "reporting_currency": reporting_currency(),
        "can_add_interaction": can(
            user, "add", model=models.Interaction, country_id=opportunity.member_state_id
        ),
        "links": {
            "interaction": f"{reverse('pipeline:interaction_add')}?{query}",
            "agreement": _link("agreements:agreement_add", query),
            "contribution": _link("agreements:contribution_add", query),
            "deadline": _link(
                "agreements:reportingobligation_add", f"opportunity={opportunity.pk}"
            ),
        },
    }


class OpportunityCreateView(core_views.RecordCreateView):
    """Add an opportunity through the service, which records its first step."""

    model = models.Opportunity
    form_class = forms.OpportunityForm

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = services.create_opportunity(
                user=self.request.user, data=form.model_data()
            )
        except PermissionDenied:
            refuse_country(form, _("You may not create this record for that member state."))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(name)s.") % {"name": self.object})
        return redirect(self.object.get_absolute_url())


def _interaction_context(interaction: models.Interaction, user: Any) -> dict[str, Any]:
    return {
        "users": list(interaction.users.all()),
        "contacts": list(restrict(interaction.contacts.all(), user, "view")),
        "attachments": list(restrict(interaction.attachments.all(), user, "view")),
        "can_attach": can(user, "change", interaction),
    }


class InteractionCreateView(core_views.RecordCreateView):
    """Record an interaction; ``?opportunity=`` fills in the opportunity and its partner."""

    model = models.Interaction
    form_class = forms.InteractionForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if initial.get("opportunity"):
            opportunity = (
                restrict(models.Opportunity.objects.all(), self.request.user, "view")
                .filter(pk=str(initial["opportunity"]))
                .first()
                if str(initial["opportunity"]).isdigit()
                else None
            )
            if opportunity is None:
                del initial["opportunity"]
            else:
                initial["partner"] = opportunity.partner_id
                initial["member_state"] = opportunity.member_state_id
        return initial


@login_required
def interaction_contacts(request: HttpRequest) -> HttpResponse:
    """The interaction form's "contacts" field for the partner (or the opportunity's partner)
    in ``?partner=`` / ``?opportunity=``: htmx swaps it in when either changes. Only
    contacts the user may see are listed, and only for someone who may record interactions."""
    if (
        not can(request.user, "add", model=models.Interaction)
        and not restrict(models.Interaction.objects.all(), request.user, "change").exists()
    ):
        raise PermissionDenied
    initial: dict[str, Any] = {
        "partner": request.GET.get("partner", ""),
        "opportunity": request.GET.get("opportunity", ""),
        "contacts": [v for v in request.GET.getlist("contacts") if v.isdigit()],
    }
    visible = restrict(models.Opportunity.objects.all(), request.user, "view")
    if initial["opportunity"] and not (
        initial["opportunity"].isdigit() and visible.filter(pk=initial["opportunity"]).exists()
    ):
        initial["opportunity"] = ""  # an opportunity the user may not see names no partner
    form = forms.InteractionForm(initial=initial, user=request.user)
    return render(request, "core/_field.html", {"field": form["contacts"]})


# --- the record pages ---------------------------------------------------------------------


class OpportunityListView(core_views.RecordListView):
    model = models.Opportunity
    select_related = (
        "partner",
        "step",
        "owner",
        "member_state",
        "axis",
        "resource_kind",
        "project",
    )
    table_class = tables.OpportunityTable
    filterset_class = filters.OpportunityFilter
    bulk_export = True
    bulk_fields = ("owner", "step")
    bulk_form_class = forms.OpportunityForm


class OpportunityDetailView(core_views.RecordDetailView):
    model = models.Opportunity
    select_related = (
        "partner",
        "step",
        "owner",
        "member_state",
        "axis",
        "resource_kind",
        "project",
    )
    fields = models.OPPORTUNITY_FIELDS.detail_names()
    linked_fields = ("project",)
    template_name = "pipeline/opportunity_detail.html"
    shows_tasks = True

    def get_detail_extra(self) -> dict[str, Any]:
        return {"pipeline": _opportunity_context(self.object, self.request.user)}


class OpportunityUpdateView(core_views.RecordUpdateView):
    model = models.Opportunity
    select_related = (
        "partner",
        "step",
        "owner",
        "member_state",
        "axis",
        "resource_kind",
        "project",
    )
    form_class = forms.OpportunityForm


class OpportunityDeleteView(core_views.RecordDeleteView):
    model = models.Opportunity
    select_related = (
        "partner",
        "step",
        "owner",
        "member_state",
        "axis",
        "resource_kind",
        "project",
    )


class InteractionListView(core_views.RecordListView):
    model = models.Interaction
    select_related = ("partner", "opportunity", "member_state")
    table_class = tables.InteractionTable
    filterset_class = filters.InteractionFilter
    bulk_export = True


class InteractionDetailView(core_views.RecordDetailView):
    model = models.Interaction
    select_related = ("partner", "opportunity", "member_state")
    fields = models.INTERACTION_FIELDS.detail_names()
    template_name = "pipeline/interaction_detail.html"
    shows_tasks = True

    def get_detail_extra(self) -> dict[str, Any]:
        return {"related": _interaction_context(self.object, self.request.user)}


class InteractionUpdateView(core_views.RecordUpdateView):
    model = models.Interaction
    select_related = ("partner", "opportunity", "member_state")
    form_class = forms.InteractionForm


class InteractionDeleteView(core_views.RecordDeleteView):
    model = models.Interaction
    select_related = ("partner", "opportunity", "member_state")


class InteractionAttachmentListView(core_views.RecordListView):
    model = models.InteractionAttachment
    select_related = ("interaction",)
    table_class = tables.InteractionAttachmentTable
    filterset_class = filters.InteractionAttachmentFilter


class InteractionAttachmentDetailView(core_views.RecordDetailView):
    model = models.InteractionAttachment
    select_related = ("interaction",)
    fields = ["interaction", "title", "created_at"]
    template_name = "pipeline/interactionattachment_detail.html"


class InteractionAttachmentCreateView(core_views.RecordCreateView):
    model = models.InteractionAttachment
    form_class = forms.InteractionAttachmentForm


class InteractionAttachmentUpdateView(core_views.RecordUpdateView):
    model = models.InteractionAttachment
    select_related = ("interaction",)
    form_class = forms.InteractionAttachmentForm


class InteractionAttachmentDeleteView(core_views.RecordDeleteView):
    model = models.InteractionAttachment
    select_related = ("interaction",)


# --- the board ----------------------------------------------------------------------------


@login_required
@page_requires(may("view", models.Opportunity))
def board(request: HttpRequest) -> HttpResponse:
    """One column per step with the open opportunities as cards, and their totals."""
    user = request.user
    visible = restrict(models.Opportunity.objects.all(), user, "view")
    filterset = filters.BoardFilter(request.GET or None, queryset=visible, request=request)
    # The filters name the figures; the cache adds the reader's scope.
    filters_key = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
    board_totals, mobilized = selectors.cached_board_figures(
        filterset.qs, user=user, cache_key=filters_key
    )
    the_board = selectors.board_of(filterset.qs, figures=board_totals)
    steps = [column.step for column in the_board.columns]
    for column in the_board.columns:
        for card in column.cards:
            card.may_move = can(user, "change", card)  # type: ignore[attr-defined]
            card.no_rate = selectors.has_no_rate(card)  # type: ignore[attr-defined]
    context = {
        "board": the_board,
        "mobilized": mobilized,
        "steps": steps,
        "filter": filterset,
        "can_add": can(user, "add", model=models.Opportunity),
        "opts": models.Opportunity._meta,
    }
    return render(request, "pipeline/board.html", context)


# --- actions on one opportunity -----------------------------------------------------------


def _changeable(request: HttpRequest, pk: int) -> models.Opportunity:
    """The opportunity if the user may change it; 404 if they may not see it, 403 otherwise."""
    opportunity = get_object_or_404(
        restrict(models.Opportunity.objects.select_related("step"), request.user, "view"), pk=pk
    )
    if not can(request.user, "change", opportunity):
        raise PermissionDenied
    return opportunity


def _back(request: HttpRequest, opportunity: models.Opportunity) -> HttpResponse:
    """To the page the form was on (the board keeps its filters), else the opportunity."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(opportunity.get_absolute_url())


def _refuse(request: HttpRequest, opportunity: models.Opportunity, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=400)
    messages.error(request, message)
    return _back(request, opportunity)


def _errors_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _skipped_context(opportunity: models.Opportunity, skipped: list[Any]) -> list[Any]:
    """The skipped steps, each with the actions of its checklist the opportunity has not done."""
    done = set(
        models.ActionDone.objects.filter(
            opportunity=opportunity, action__step__in=skipped
        ).values_list("action_id", flat=True)
    )
    actions: dict[int, list[StepAction]] = {}
    for action in StepAction.objects.filter(step__in=skipped).order_by("position"):
        if action.pk not in done:
            actions.setdefault(action.step_id, []).append(action)
    return [{"step": step, "not_done": actions.get(step.pk, [])} for step in skipped]


@login_required
@require_POST
def opportunity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an opportunity to another step: the card's "Move to" form, or a drop on the board.

    A move forward past a step asks first: the page shows the steps skipped and their
    actions not done, and posts again with ``confirm_skip`` (board.js asks in a dialog).
    """
    opportunity = _changeable(request, pk)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        return _refuse(request, opportunity, _("Choose the step to move it to."))
    step = form.cleaned_data["step"]
    try:
        moved = services.move(
            user=request.user,
            opportunity=opportunity,
            step=step,
            confirm_skip=form.cleaned_data["confirm_skip"],
        )
    except services.SkipNotConfirmed as refusal:
        question = ngettext(
            "Move “%(title)s” to step %(step)s, skipping step %(skipped)s?",
            "Move “%(title)s” to step %(step)s, skipping steps %(skipped)s?",
            len(refusal.skipped),
        ) % {
            "title": opportunity,
            "step": step,
            "skipped": ", ".join(str(s) for s in refusal.skipped),
        }
        skipped = _skipped_context(opportunity, refusal.skipped)
        if _wants_json(request):
            lines = [question]
            for item in skipped:
                if item["not_done"]:
                    lines.append(
                        _("Not done in %(step)s: %(actions)s")
                        % {
                            "step": item["step"],
                            "actions": "; ".join(str(a.text) for a in item["not_done"]),
                        }
                    )
            return JsonResponse(
                {"ok": False, "confirm": "\n".join(lines), "message": _errors_text(refusal)},
                status=409,
            )
        return render(
            request,
            "pipeline/opportunity_move_confirm.html",
            {
                "object": opportunity,
                "step": step,
                "question": question,
                "skipped": skipped,
                "next": request.POST.get("next", ""),
            },
        )
    except ValidationError as error:
        return _refuse(request, opportunity, _errors_text(error))
    message = _("“%(title)s” is now in step %(step)s.") % {"title": moved, "step": step}
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message, "step": step.pk})
    messages.success(request, message)
    return _back(request, moved)


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an opportunity as won, or as lost with a reason from the list.

    Nothing is chosen beforehand, and the page asks for a confirmation (``confirm``) of a
    closing the rules accept before it closes it.
    """
    opportunity = _changeable(request, pk)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return _refuse(
            request,
            opportunity,
            _("The opportunity was not closed: %(errors)s") % {"errors": " ".join(errors)},
        )
    data = form.cleaned_data
    values = {
        "outcome": data["outcome"],
        "loss_reason": data.get("loss_reason") or "",
        "loss_notes": data.get("loss_notes") or "",
        "closed_on": data.get("closed_on"),
    }
    try:
        if not data.get("confirm"):
            services.check_close(opportunity=opportunity, **values)
            return render(
                request,
                "pipeline/opportunity_close_confirm.html",
                {
                    "object": opportunity,
                    "form": form,
                    "lost": data["outcome"] == Outcome.LOST,
                    "loss_reason_label": (
                        LossReason(values["loss_reason"]).label if values["loss_reason"] else ""
                    ),
                    "next": request.POST.get("next", ""),
                },
            )
        closed = services.close(user=request.user, opportunity=opportunity, **values)
    except ValidationError as error:
        return _refuse(
            request,
            opportunity,
            _("The opportunity was not closed: %(errors)s") % {"errors": _errors_text(error)},
        )
    message = _("“%(title)s” was closed as %(outcome)s.") % {
        "title": closed,
        "outcome": closed.get_outcome_display().lower(),
    }
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    messages.success(request, message)
    return _back(request, closed)


def _ids(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


@login_required
@require_POST
def opportunity_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick or untick the actions of the step's checklist.

    With htmx each checkbox sends ``changed`` (only that action is set, so two people ticking
    different actions do not undo each other); without JavaScript the whole list is saved.
    """
    opportunity = _changeable(request, pk)
    actions = {a.pk: a for a in StepAction.objects.filter(step_id=opportunity.step_id)}
    done = _ids(request.POST.getlist("done"))
    changed = _ids(request.POST.getlist("changed"))
    if request.POST.get("step") and request.POST.get("step") != str(opportunity.step_id):
        message = _("The opportunity moved to another step meanwhile; check its actions again.")
        if request.htmx:  # type: ignore[attr-defined]
            messages.warning(request, message)
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        messages.warning(request, message)
        return redirect(opportunity.get_absolute_url())
    targets = changed if changed else _ids(request.POST.getlist("shown"))
    for action_id in targets & set(actions):
        services.set_action_done(
            user=request.user,
            opportunity=opportunity,
            action=actions[action_id],
            done=action_id in done,
        )
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "pipeline/_checklist.html",
            {
                "object": opportunity,
                "pipeline": {
                    "can_change": True,
                    "checklist": selectors.checklist_of(opportunity),
                },
                "saved": True,
            },
        )
    messages.success(request, _("The checklist was saved."))
    return redirect(f"{opportunity.get_absolute_url()}#checklist")


# --- interaction documents -----------------------------------------------------------------


interactionattachment_download = core_views.file_download(models.InteractionAttachment)
