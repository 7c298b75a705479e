"""Writes of the lists: saving and deleting a user's filters, and bulk changes.

A bulk change goes row by row through the services a single edit uses
(``record_update`` for a field, ``record_transition`` for a declared step), each row in
its own transaction with its own history entry and its own permission check, before and
after the change. A row the user may not change, or that someone else changed since the
confirmation page was shown (its version moved), is refused and named in the summary;
the other rows are changed. We chose per-row over all-or-nothing because the rows are
independent records: one refused partner should not stop a Secretariat member from
reassigning the other forty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobiliza.core.lists.models import SavedFilter
from mobiliza.core.permissions import Transition
from mobiliza.core.services import ConflictError, record_transition, record_update

# Query-string keys that are not filters: the page number changes as rows come and go.
NOT_SAVED = ("page",)


def list_view_class(list_name: str) -> Any:
    """The ``RecordListView`` class of the list whose URL name is ``list_name``, or ``None``
    when the name names no list (a forged name)."""
    from mobiliza.core.views import RecordListView

    try:
        match = resolve(reverse(list_name))
    except Exception:  # noqa: BLE001 - a bad name (NoReverseMatch, 404...) is no list
        return None
    view_class = getattr(match.func, "view_class", None)
    if isinstance(view_class, type) and issubclass(view_class, RecordListView):
        return view_class
    return None


def clean_query(query: str) -> str:
    """``query`` without the page number, re-encoded (nothing but a query string is kept)."""
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=False)]
    return urlencode([(k, v) for k, v in pairs if k not in NOT_SAVED])


@transaction.atomic
def saved_filter_save(*, user: Any, list_name: str, name: str, query: str) -> SavedFilter:
    """Save the filters ``query`` of the list ``list_name`` under ``name`` for ``user``
    (the same name again replaces them)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the filters a name.")})
    if list_view_class(list_name) is None:
        raise ValidationError({"list_name": _("There is no such list.")})
    query = clean_query(query)
    if not query:
        raise ValidationError({"query": _("Choose some filters first.")})
    saved = SavedFilter(user=user, list_name=list_name, name=name[:80], query=query)
    saved.full_clean(validate_unique=False)
    found, _created = SavedFilter.objects.update_or_create(
        user=user, list_name=list_name, name=saved.name, defaults={"query": query}
    )
    return found


@transaction.atomic
def saved_filter_delete(*, user: Any, saved: SavedFilter) -> None:
    """Delete one of ``user``'s own saved filters (another's is refused)."""
    if saved.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    saved.delete()


# --- bulk changes ----------------------------------------------------------------------

# A field whose change is more than an edit (an opportunity's step also records the move)
# is written by its app's service: ``writer(user=..., instance=..., value=..., version=...)``
# returns the record as saved. Registered from the app's ``AppConfig.ready()``, since core
# imports no app.
BulkWriter = Callable[..., models.Model]
_WRITERS: dict[tuple[str, str], BulkWriter] = {}


def write_in_bulk(model: type[models.Model], field_name: str, writer: BulkWriter) -> None:
    """Have ``writer`` set ``field_name`` of ``model``'s records in a bulk change."""
    _WRITERS[(model._meta.label_lower, field_name)] = writer


def _bulk_write(
    *, user: Any, record: models.Model, values: Mapping[str, Any], version: int | None
) -> models.Model:
    label = record._meta.label_lower
    plain = {k: v for k, v in values.items() if (label, k) not in _WRITERS}
    written = {k: v for k, v in values.items() if (label, k) in _WRITERS}
    with transaction.atomic():  # the row's fields change together, or not at all
        updated = record
        if plain:
            updated = record_update(user=user, instance=updated, data=plain, version=version)
            version = getattr(updated, "version", None)
        for name, value in written.items():
            updated = _WRITERS[(label, name)](
                user=user, instance=updated, value=value, version=version
            )
            version = getattr(updated, "version", None)
    return updated


@dataclass(frozen=True)
class BulkChange:
    """What a bulk change does to each row: set these fields, or take this step."""

    values: Mapping[str, Any] = field(default_factory=dict)
    transition: Transition | None = None

    def __post_init__(self) -> None:
        # One bulk change does one thing, whoever asks for it: take a step, or set fields.
        if self.transition is not None and self.values:
            raise ValidationError(_("Take a step, or change fields: not both at once."))
        if self.transition is None and not self.values:
            raise ValidationError(_("Choose what to change."))

    @property
    def action(self) -> str:
        """The permission asked of each row: ``change``, or the step's name."""
        return self.transition.name if self.transition else "change"


@dataclass
class BulkOutcome:
    changed: list[models.Model] = field(default_factory=list)
    refused: list[tuple[models.Model, str]] = field(default_factory=list)


REFUSED = gettext_lazy("you may not change it")
CHANGED_MEANWHILE = gettext_lazy("someone else changed it meanwhile")


def bulk_apply(
    *,
    user: Any,
    records: Iterable[models.Model],
    change: BulkChange,
    versions: Mapping[int, int] | None = None,
) -> BulkOutcome:
    """Apply ``change`` to each of ``records``, one transaction each (see the module's
    docstring); ``versions`` are the versions the confirmation page showed."""
    versions = versions or {}
    outcome = BulkOutcome()
    for record in records:
        version = versions.get(record.pk)
        try:
            if change.transition is not None:
                updated = record_transition(
                    user=user, instance=record, name=change.transition.name, version=version
                )
            else:
                updated = _bulk_write(
                    user=user, record=record, values=change.values, version=version
                )
        except PermissionDenied:
            outcome.refused.append((record, str(REFUSED)))
        except ConflictError:
            outcome.refused.append((record, str(CHANGED_MEANWHILE)))
        except ValidationError as error:
            outcome.refused.append((record, " ".join(error.messages)))
        else:
            outcome.changed.append(updated)
    return outcome
