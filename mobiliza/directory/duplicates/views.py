"""Pages for likely duplicate partners: the list of pairs, the merge page, and the
"add partner" page that shows likely duplicates before saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mobiliza.core.pages import may, page_requires
from mobiliza.core.permissions import can, can_read_confidential, restrict
from mobiliza.core.views import RecordCreateView
from mobiliza.directory.duplicates.finding import duplicate_pairs, likely_duplicates
from mobiliza.directory.duplicates.merging import merge_comparison, partner_merge, related_counts
from mobiliza.directory.forms import PartnerForm
from mobiliza.directory.models import Partner

CONFIRM_FIELD = "confirm_not_duplicate"


def _visible_partners(user: Any) -> Any:
    return restrict(Partner.objects.all(), user, "view")


@login_required
# The page is for tidying the directory: only those who may change partners (the
# managers, a focal point for its country's) can act on what it finds.
@page_requires(may("change", Partner))
def partner_duplicates(request: HttpRequest) -> HttpResponse:
    """Pairs of existing partners that may be the same body, with a link to merge them."""
    pairs = duplicate_pairs(_visible_partners(request.user))
    user = request.user
    rows = [
        {
            "pair": pair,
            "can_merge": can(user, "change", pair.first)
            and can(user, "change", pair.second)
            and (can(user, "delete", pair.first) or can(user, "delete", pair.second)),
        }
        for pair in pairs
    ]
    return render(request, "directory/duplicates.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def partner_merge_view(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """GET: both records side by side and a choice of which to keep. POST: merge them."""
    visible = _visible_partners(request.user)
    if first == second:
        raise PermissionDenied
    partners = {pk: get_object_or_404(visible, pk=pk) for pk in (first, second)}
    one, other = partners[first], partners[second]
    user = request.user
    if not (can(user, "change", one) and can(user, "change", other)):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            keep_pk = int(request.POST.get("keep", ""))
        except ValueError:
            keep_pk = 0
        if keep_pk in partners:
            keep = partners[keep_pk]
            remove = other if keep_pk == first else one
            removed_name = str(remove)
            try:
                kept = partner_merge(user=user, keep=keep, remove=remove)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("{removed} was merged into {kept}.").format(removed=removed_name, kept=kept),
                )
                return redirect(kept.get_absolute_url())
        else:
            error = _("Choose which record to keep.")
    show_confidential = can_read_confidential(user, one) and can_read_confidential(user, other)
    context = {
        "first": one,
        "second": other,
        "rows": merge_comparison(one, other, show_confidential=show_confidential),
        "first_related": related_counts(one),
        "second_related": related_counts(other),
        "error": error,
    }
    return render(request, "directory/partner_merge.html", context, status=400 if error else 200)


class PartnerCreateView(RecordCreateView):
    """Add a partner; when likely duplicates exist, show them and save only once the user
    confirms that the new partner is not one of them."""

    model = Partner
    form_class = PartnerForm
    template_name = "directory/partner_form.html"

    def form_valid(self, form: Any) -> HttpResponse:
        if self.request.POST.get(CONFIRM_FIELD) not in ("1", "on", "true"):
            data = form.cleaned_data
            duplicates = likely_duplicates(
                name_es=data.get("name_es") or "",
                name_en=data.get("name_en") or "",
                acronym=data.get("acronym") or "",
                website=data.get("website") or "",
                candidates=_visible_partners(self.request.user),
            )
            if duplicates:
                # The confirmation travels as a field of the form itself (no script needed).
                confirm = forms.BooleanField(
                    label=gettext_lazy("It is not a duplicate: save anyway"),
                    required=False,
                    widget=forms.CheckboxInput(attrs={"value": "1"}),
                )
                form.fields = {CONFIRM_FIELD: confirm, **form.fields}
                return self.render_to_response(
                    self.get_context_data(form=form, duplicates=duplicates)
                )
        return super().form_valid(form)
