"""What a consultancy call's steps need besides its state (``ConsultancyCall.before_transition``).

- the first filter is done when every applicant has a decision and one at least passed;
- the call is sent to the evaluating member states (the project's unless others are chosen),
  whose focal points read the applicants from then on;
- the joint selection names an applicant who passed the first filter and has scores: every
  evaluating state's, or some of them when the managers decide with the scores there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mobiliza.core.permissions import Transition


def missing_states(call: Any, applicant: Any) -> list[Any]:
    """The evaluating states that have not scored ``applicant``."""
    scored = set(applicant.scores.values_list("member_state_id", flat=True))
    return [state for state in call.sent_to.all() if state.pk not in scored]


def before_step(call: Any, transition: Transition, context: dict[str, Any]) -> None:
    from mobiliza.portfolio.consultancies.models import FilterDecision

    applicants = call.applicants.all()
    if transition.name == "filter":
        if applicants.filter(passed_first_filter=FilterDecision.PENDING).exists():
            raise ValidationError(
                _("Decide the first filter for every applicant before closing it.")
            )
        if not applicants.filter(passed_first_filter=FilterDecision.YES).exists():
            raise ValidationError(
                _(
                    "No applicant passed the first filter: there is nobody to send to the "
                    "member states."
                )
            )
    elif transition.name == "send":
        states = list(call.evaluating_states.all()) or call.default_evaluating_states()
        call.sent_to.set(states)
    elif transition.name == "select":
        applicant = context.get("applicant")
        if applicant is None:
            raise ValidationError(
                _("Choose the applicant selected, with the scores, on the call's page.")
            )
        # Read again: the applicant in hand may be a copy from before the first filter.
        applicant = applicants.filter(pk=applicant.pk).first()
        if applicant is None:
            raise ValidationError(_("This applicant did not apply to this call."))
        if applicant.passed_first_filter != FilterDecision.YES:
            raise ValidationError(_("Only an applicant who passed the first filter is selected."))
        if not applicant.scores.exists():
            raise ValidationError(
                _("No member state has scored this applicant: the selection needs the scores.")
            )
        missing = missing_states(call, applicant)
        if missing and not context.get("without_every_score"):
            raise ValidationError(
                _(
                    "%(states)s have not scored yet. Wait for their scores, or say that the "
                    "Presidency and the Secretariat decide with the scores there."
                )
                % {"states": ", ".join(str(s) for s in missing)}
            )
        call.selected_applicant = applicant
        notes = context.get("notes")
        if notes:
            call.selection_notes = notes
