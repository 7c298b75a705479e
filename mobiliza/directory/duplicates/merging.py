"""Merging two partner records that turned out to be the same body.

Nothing of either record is lost: every record that points at the removed partner
(contacts, calls, attachments, viewer accounts, and whatever later models add) is
re-pointed at the kept one, with the move in its own history; the check lists are
united; empty fields are filled; notes are appended; the removed partner's history
keeps its last state and the kept one's history names the record merged into it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalChanges

from mobiliza.core.permissions import can
from mobiliza.core.services import record_delete
from mobiliza.core.stored_messages import both, encode_reason, message
from mobiliza.directory.models import Partner

# Filled from the removed record only when empty in the kept one. Left out:
# bookkeeping fields; notes, which are appended instead; ``member_state``, because an
# empty one means "a regional record" and filling it would change who may edit it;
# the budget, filled as a whole below so that its range stays consistent.
NOT_FILLED = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "search_text",
    "member_state",
    "confidential_notes",
    "suitability_comments",
    "countries",
    "proposal_languages",
    "budget_min",
    "budget_max",
    "budget_currency",
}
APPENDED = ("suitability_comments", "confidential_notes")
BUDGET = ("budget_min", "budget_max", "budget_currency")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _is_history_model(model: Any) -> bool:
    return isinstance(model, type) and issubclass(model, HistoricalChanges)


def _repoint_foreign_keys(*, user: Any, keep: Partner, remove: Partner, reason: str) -> int:
    """Point every foreign key and many-to-many link from other models at ``keep``.

    The relations are found from the model's metadata, so links that later models add
    are kept too. Each moved record is saved (not updated in bulk) so that its history
    records who moved it and why.
    """
    moved = 0
    for relation in Partner._meta.related_objects:
        related_model = relation.related_model
        if _is_history_model(related_model):
            continue  # historical copies: their foreign keys are not real constraints
        remote = relation.field
        if relation.many_to_many:
            through = remote.remote_field.through  # type: ignore[attr-defined]
            source = remote.m2m_field_name()  # type: ignore[attr-defined]
            target = remote.m2m_reverse_field_name()  # type: ignore[attr-defined]
            rows = through._default_manager.filter(**{target: remove})
            already = through._default_manager.filter(**{target: keep}).values(source)
            rows.filter(**{f"{source}__in": already}).delete()
            moved += rows.update(**{target: keep})
            # A record whose main partner is now ``keep`` does not list it again among its
            # further partners (an agreement's co-signers).
            for main in related_model._meta.get_fields():  # type: ignore[union-attr]
                if main.many_to_one and main.related_model is Partner:
                    through._default_manager.filter(
                        **{target: keep, f"{source}__{main.name}": keep}
                    ).delete()
            continue
        manager = related_model._default_manager  # type: ignore[union-attr]
        obj: Any
        for obj in manager.filter(**{remote.name: remove}):
            if relation.one_to_one and manager.filter(**{remote.name: keep}).exists():
                raise ValidationError(
                    _("Both partners have a {model}; merge those first.").format(
                        model=related_model._meta.verbose_name  # type: ignore[union-attr]
                    )
                )
            setattr(obj, remote.name, keep)
            if hasattr(obj, "version"):
                obj.version += 1
            obj._history_user = user
            obj._change_reason = reason
            obj.save()
            moved += 1
    return moved


def _merge_fields(*, keep: Partner, remove: Partner) -> None:
    for model_field in Partner._meta.concrete_fields:
        name = model_field.attname
        if model_field.name in NOT_FILLED or not model_field.editable:
            continue
        if _is_empty(getattr(keep, name)) and not _is_empty(getattr(remove, name)):
            setattr(keep, name, getattr(remove, name))
    if all(_is_empty(getattr(keep, name)) for name in BUDGET):
        for name in BUDGET:
            setattr(keep, name, getattr(remove, name))
    kept_countries: Any = keep.countries  # a list of Country objects (django-countries)
    removed_countries: Any = remove.countries
    codes = [c.code for c in kept_countries]
    codes += [c.code for c in removed_countries if c.code not in codes]
    keep.countries = codes  # type: ignore[assignment]
    languages = [c for c in keep.proposal_languages.split(",") if c]
    languages += [c for c in remove.proposal_languages.split(",") if c and c not in languages]
    keep.proposal_languages = ",".join(languages)
    heading = _("From the merged record “{name}” (no. {pk}):").format(name=remove, pk=remove.pk)
    for name in APPENDED:
        addition = getattr(remove, name)
        if addition:
            current = getattr(keep, name)
            setattr(keep, name, f"{current}\n\n{heading}\n{addition}" if current else addition)


@transaction.atomic
def partner_merge(*, user: Any, keep: Partner, remove: Partner) -> Partner:
    """Merge ``remove`` into ``keep`` and delete ``remove``; return the kept partner.

    Only a user who may change both records (and delete the removed one) may merge.
    """
    if keep.pk == remove.pk:
        raise ValidationError(_("A partner cannot be merged with itself."))
    if not (
        can(user, "change", keep) and can(user, "change", remove) and can(user, "delete", remove)
    ):
        raise PermissionDenied
    # Lock both rows (PostgreSQL) and work on their saved state.
    locked = Partner.objects.select_for_update().in_bulk([keep.pk, remove.pk])
    keep, remove = locked[keep.pk], locked[remove.pk]
    removed_names = both(remove)

    moved_reason = encode_reason(
        message(
            gettext_noop("moved from “{old}” (no. {old_pk}), merged into “{new}”"),
            old=both(remove),
            old_pk=remove.pk,
            new=both(keep),
        )
    )
    _repoint_foreign_keys(user=user, keep=keep, remove=remove, reason=moved_reason)

    for m2m in Partner._meta.many_to_many:
        getattr(keep, m2m.name).add(*getattr(remove, m2m.name).all())

    _merge_fields(keep=keep, remove=remove)
    keep.compute_derived()
    keep.full_clean()
    keep.version += 1
    keep._history_user = user  # type: ignore[attr-defined]
    keep._change_reason = encode_reason(  # type: ignore[attr-defined]
        message(
            gettext_noop("merged with “{name}” (no. {pk}), which was removed"),
            name=removed_names,
            pk=remove.pk,
        )
    )
    keep.save()
    if not can(user, "change", keep):
        raise PermissionDenied

    record_delete(
        user=user,
        instance=remove,
        reason=message(
            gettext_noop("merged into “{name}” (no. {pk})"), name=both(keep), pk=keep.pk
        ),
    )
    return keep


def merge_comparison(first: Partner, second: Partner, *, show_confidential: bool) -> list[Any]:
    """Rows of (label, first's value, second's value) for the side-by-side page."""
    rows = []
    for model_field in Partner._meta.concrete_fields:
        if not model_field.editable or model_field.name in {"id", "search_text"}:
            continue
        if model_field.name in Partner.access.confidential and not show_confidential:
            continue
        values = []
        for partner in (first, second):
            value = getattr(partner, model_field.name)
            if model_field.name == "countries":
                value = ", ".join(str(c.name) for c in value)
            elif model_field.name == "proposal_languages":
                value = partner.get_proposal_languages_display()
            elif model_field.choices:
                value = getattr(partner, f"get_{model_field.name}_display")()
            values.append(value)
        if _is_empty(values[0]) and _is_empty(values[1]):
            continue
        rows.append((model_field.verbose_name, values[0], values[1]))
    return rows


def related_counts(partner: Partner) -> list[tuple[str, int]]:
    """How many records of each kind point at ``partner`` (shown before merging), each kind
    named in the singular or the plural its count asks for."""
    counts = []
    for relation in Partner._meta.related_objects:
        if _is_history_model(relation.related_model) or relation.many_to_many:
            continue
        manager = relation.related_model._default_manager  # type: ignore[union-attr]
        count = manager.filter(**{relation.field.name: partner}).count()
        if count:
            options = relation.related_model._meta  # type: ignore[union-attr]
            # "1 role", "3 roles": the kind agrees with its count.
            kind = options.verbose_name if count == 1 else options.verbose_name_plural
            counts.append((str(kind), count))
    return counts
