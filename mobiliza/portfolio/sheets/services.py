"""The writes of the technical sheets: a new version of a project's sheet, and the record of
a sheet presented to a partner, which keeps the document presented."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from mobiliza.core.permissions import can
from mobiliza.core.services import record_create, record_delete, record_update
from mobiliza.core.stored_messages import message
from mobiliza.portfolio.choices import SheetTemplate
from mobiliza.portfolio.sheets import documents
from mobiliza.portfolio.sheets.models import SheetPresentation

# The format the document presented is kept in: the archival PDF/A-3b.
KEPT_FORMAT = "pdf"
# What a presentation's record keeps as it was presented.
FIXED_FIELDS = ("project", "template", "language")


@transaction.atomic
def sheet_new_version(user: Any, project: Any, *, version: int | None = None) -> Any:
    """Raise ``project``'s sheet version by one (the history keeps who did it and when).

    The checklist is answered, and the sheet presented, per version: a sheet changed
    after it was presented is a new version. ``version`` is the record's version the
    user's copy was made from (a stale copy is a conflict).
    """
    from mobiliza.portfolio.checklist.services import checklist_carry_over
    from mobiliza.portfolio.models import Project

    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        number = current.sheet_version + 1
        updated = record_update(
            user=user,
            instance=current,
            data={"sheet_version": number},
            version=version,
            reason=message(
                gettext_noop("New version of the technical sheet: {number}"), number=number
            ),
        )
        # The new version's checklist starts from the last one's answers, marked as carried.
        checklist_carry_over(user=user, project=updated)
    return updated


def _document(data: Mapping[str, Any]) -> ContentFile:
    """The sheet presented: its template, language and the project's current version,
    dated the day it was presented."""
    project = data["project"]
    sheet = documents.build_sheet(
        project,
        data.get("template") or SheetTemplate.INITIATIVE,
        data.get("language") or "es",
        on=data.get("presented_on") or timezone.localdate(),
    )
    content = documents.render(sheet, KEPT_FORMAT)
    return ContentFile(content, name=f"{sheet.file_stem}.{KEPT_FORMAT}")


@transaction.atomic
def presentation_create(*, user: Any, data: Mapping[str, Any]) -> SheetPresentation:
    """Record that a project's sheet was presented to a partner, by ``user``.

    The sheet's version is the project's at the time; the document presented (the sheet
    of that template, language and version, dated the day it was presented) is generated
    and kept under the project's folder. Whoever may change the project may record it.
    """
    project = data.get("project")
    if project is None:
        raise ValidationError({"project": _("Say which project's sheet was presented.")})
    if not can(user, "change", project):
        raise PermissionDenied
    from mobiliza.portfolio.models import Project

    project = Project.objects.select_for_update().get(pk=project.pk)
    values = {**data, "project": project, "recorded_by": user}
    values["sheet_version"] = project.sheet_version
    values["file"] = _document(values)
    return record_create(user=user, model=SheetPresentation, data=values)


@transaction.atomic
def presentation_update(
    *, user: Any, instance: SheetPresentation, data: Mapping[str, Any], version: int | None
) -> SheetPresentation:
    """Change what was noted about a presentation (its contacts, date, interaction, notes).

    The project, template and language stay as presented: the document kept is theirs.
    """
    errors = {
        name: _("This stays as it was presented; record another presentation instead.")
        for name in FIXED_FIELDS
        if name in data and _differs(getattr(instance, name), data[name])
    }
    if errors:
        raise ValidationError(errors)
    return record_update(user=user, instance=instance, data=data, version=version)


def _differs(saved: Any, given: Any) -> bool:
    given = getattr(given, "pk", given)
    saved = getattr(saved, "pk", saved)
    return str(saved) != str(given)


@transaction.atomic
def presentation_delete(*, user: Any, instance: SheetPresentation) -> None:
    """Delete a presentation recorded by mistake; its document goes once the deletion
    is committed (the history keeps what the record said)."""
    if not can(user, "delete", instance):
        raise PermissionDenied
    name = instance.file.name
    storage = instance.file.storage
    record_delete(user=user, instance=instance)
    if name:
        transaction.on_commit(lambda: storage.delete(name))
