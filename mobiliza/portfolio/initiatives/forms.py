"""The project form's warning about similar projects and initiatives (section 1.2)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mobiliza.portfolio.initiatives.similarity import Similar, similar_projects

CONFIRM_FIELD = "confirm_similar"


class SimilarityCheckMixin:
    """Mixed into the project form: before a first save it shows the existing, associated
    and past projects and initiatives that resemble the one entered, and asks to confirm.

    The form's ``clean()`` calls :meth:`check_similar`. When it finds some, the form gets
    a non-field error and ``similar_projects``, which ``portfolio/_similar_warning.html``
    lists: include it inside the form as ``{% include "portfolio/_similar_warning.html"
    with similar=form.similar_projects confirm=True %}``, which also sets the hidden
    ``confirm_similar`` input, so that saving again confirms it is a different project.
    """

    similar_projects: list[Similar] = []

    def check_similar(self, cleaned_data: dict[str, Any]) -> None:
        form: Any = self
        self.similar_projects = []
        instance = getattr(form, "instance", None)
        is_new = instance is None or instance.pk is None
        changed = set(getattr(form, "changed_data", []) or [])
        if not is_new and not ({"name_es", "name_en"} & changed):
            return
        if str(form.data.get(CONFIRM_FIELD, "")) == "1":
            return
        found = similar_projects(
            name_es=cleaned_data.get("name_es") or "",
            name_en=cleaned_data.get("name_en") or "",
            description_es=cleaned_data.get("description_es") or "",
            description_en=cleaned_data.get("description_en") or "",
            exclude_pk=None if is_new or instance is None else instance.pk,
        )
        if not found:
            return
        self.similar_projects = found
        form.add_error(
            None,
            _(
                "Projects like this one already exist: %(names)s. Look at them, and save "
                "again to confirm it is a different project."
            )
            % {"names": "; ".join(f"“{s.project}”" for s in found)},
        )
