"""Form building blocks: the version a user's copy was made from, safe uploads, a form's
sections, its searchable checkbox lists and the user's member state chosen for them."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import fields as country_fields

from mobiliza.core import uploads
from mobiliza.core.validators import validate_date_text

# The form fields a CountryField makes (django-countries' stubs do not name them).
COUNTRY_FORM_FIELDS: tuple[type, ...] = tuple(
    getattr(country_fields, name)
    for name in ("LazyTypedChoiceField", "LazyTypedMultipleChoiceField")
)

# A checkbox list longer than this gets a filter box and chips (static/js/choices.js).
SEARCHABLE_FROM = 8


@dataclass(frozen=True)
class Section:
    """A group of a form's fields under one legend, with a line of help for the group.

    A form declares ``sections = [Section(_("Identity"), ("name_es", ...)), ...]``;
    ``core/_form.html`` shows each as a fieldset. Names the form does not hold (a field
    a reader may not see) are skipped; fields no section names come last.
    """

    legend: Any
    fields: Sequence[str]
    help: Any = ""


@dataclass
class BoundSection:
    legend: Any
    help: Any
    fields: list[Any] = dataclasses.field(default_factory=list)
    slug: str = ""


def form_sections(form: forms.BaseForm) -> list[BoundSection]:
    """The form's declared sections with their bound fields (empty: the form has none)."""
    declared: Sequence[Section] = getattr(form, "sections", ()) or ()
    if not declared:
        return []
    visible = {bound.name: bound for bound in form.visible_fields()}
    placed: set[str] = set()
    found = []
    for index, section in enumerate(declared):
        names = [n for n in section.fields if n in visible and n not in placed]
        placed.update(names)
        if names:
            slug = slugify(str(section.legend)) or f"section-{index}"
            found.append(
                BoundSection(section.legend, section.help, [visible[n] for n in names], slug)
            )
    rest = [bound for name, bound in visible.items() if name not in placed]
    if rest:
        found.append(BoundSection(_("Other details"), "", rest, "other-details"))
    return found


def _sort_key(text: str) -> str:
    """Alphabetical order as a reader of either language expects: accents do not count."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def member_states_first(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Country choices grouped: the coalition's member states, then the other countries,
    each by its name in the reader's language. An empty choice stays on top."""
    from django.apps import apps

    codes = set(
        apps.get_model("coalition", "MemberState")._default_manager.values_list("code", flat=True)
    )
    empty, members, others = [], [], []
    for value, label in choices:
        if value in ("", None):
            empty.append((value, label))
        elif str(value) in codes:
            members.append((value, str(label)))
        else:
            others.append((value, str(label)))
    if not members:
        return [*empty, *sorted(others, key=lambda c: _sort_key(c[1]))]
    return [
        *empty,
        (_("Member states of the coalition"), sorted(members, key=lambda c: _sort_key(c[1]))),
        (_("Other countries"), sorted(others, key=lambda c: _sort_key(c[1]))),
    ]


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A list of checkboxes (no Ctrl-click); past ``SEARCHABLE_FROM`` options the page's
    script adds a filter box above it and shows the ticked ones as removable chips.
    Without the script it stays a plain list of checkboxes, in groups when it has them."""

    template_name = "core/widgets/searchable_checkboxes.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        count = sum(len(options) for _group, options, _index in context["widget"]["optgroups"])
        context["widget"]["searchable"] = count > SEARCHABLE_FROM
        context["widget"]["option_count"] = count
        return context


def _is_multiple(form_field: forms.Field) -> bool:
    return isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def enhance_choices(form: forms.BaseForm) -> None:
    """Every multiple choice of ``form`` as a searchable checkbox list; country choices
    with the member states first."""
    for form_field in form.fields.values():
        if isinstance(form_field, COUNTRY_FORM_FIELDS):
            form_field.choices = member_states_first(form_field.choices)  # type: ignore[attr-defined]
        if _is_multiple(form_field) and not isinstance(
            form_field.widget, SearchableCheckboxSelectMultiple | forms.MultipleHiddenInput
        ):
            widget = SearchableCheckboxSelectMultiple(attrs=form_field.widget.attrs)
            widget.choices = form_field.widget.choices  # type: ignore[attr-defined]
            widget.is_required = form_field.widget.is_required
            form_field.widget = widget


class PlainDateFormField(forms.DateField):
    """A date typed with the digits 0 to 9 only (``core.validators.validate_date_text``)."""

    def to_python(self, value: Any) -> Any:
        validate_date_text(value)
        return super().to_python(value)


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the record's version in a hidden field.

    The view hands that version to ``record_update``, which refuses a stale copy.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The form's fieldsets (see Section); none: one column of fields.
    sections: Sequence[Section] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enhance_choices(self)
        for field in self.fields.values():
            if type(field) is forms.DateField:
                # The model's date fields build plain DateFields; read them as core does.
                field.__class__ = PlainDateFormField
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = getattr(self.instance, "version", None)
        access = getattr(self._meta.model, "access", None)
        if self.instance.pk and access is not None:
            # A saved record's state moves only through its steps (its page's buttons).
            for name in access.step_fields():
                self.fields.pop(name, None)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.FileField):
                # An empty file is refused by the model's validator, with the message the
                # API and the imports give, not by the form's own.
                form_field.allow_empty_file = True
                if isinstance(form_field.widget, forms.ClearableFileInput):
                    widget = RecordFileInput(attrs=form_field.widget.attrs)
                    widget.is_required = form_field.required
                    form_field.widget = widget

    def _post_clean(self) -> None:
        # The model's clean() ran in super(); its rules about many-to-many links run here
        # with the form's values, as the services run them, and show on the field.
        from mobiliza.core.services import clean_links

        super()._post_clean()  # type: ignore[misc]
        given = {
            field.name: self.cleaned_data[field.name]
            for field in self.instance._meta.many_to_many
            if field.name in self.cleaned_data
        }
        try:
            clean_links(self.instance, given)
        except ValidationError as error:
            found = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            for name, messages in found.items():
                self.add_error(name if name in self.fields else None, messages)

    def model_data(self) -> dict[str, Any]:
        """The cleaned values that belong to the model (the version excluded)."""
        data = {}
        for name, value in self.cleaned_data.items():
            if name == "version" or name not in self.fields:
                continue
            if value is False and isinstance(self.fields[name], forms.FileField):
                # "Clear" was ticked: the model keeps no file (as FileField.save_form_data does).
                value = ""
            data[name] = value
        return data


class _StoredFile:
    """A record's stored file as the file input shows it: its clean name, its download link."""

    def __init__(self, value: Any) -> None:
        self.value = value

    @property
    def url(self) -> str:
        from django.urls import reverse

        record = self.value.instance
        return reverse(
            "file_download", args=[record._meta.label_lower, record.pk, self.value.field.name]
        )

    def __str__(self) -> str:
        return uploads.clean_name(self.value.name)


class RecordFileInput(forms.ClearableFileInput):
    """Django's file input, linking the current file to its download (never to /media/)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        accept = ",".join(e for kind in uploads.DOCUMENT_KINDS for e in kind.extensions)
        super().__init__(attrs={"accept": accept, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.is_initial(value) and getattr(value, "instance", None) is not None:
            context["widget"]["value"] = _StoredFile(value)
        return context


class ScopedForm(VersionedModelForm):
    """Offers only the member states the user may write for, in the record's country field."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from mobiliza.core.permissions import editable_member_states

        super().__init__(*args, **kwargs)
        self.user = user
        country_path = self._meta.model.access.country_path  # type: ignore[union-attr]
        if country_path in self.fields:
            # A focal point may only choose its own member state.
            states = editable_member_states(user)
            self.fields[country_path].queryset = states  # type: ignore[attr-defined]
            if not self.instance.pk and not self.is_bound and not self.initial.get(country_path):
                own = own_member_state(user)
                if own is not None:
                    # A focal point's new record is its own country's: chosen already.
                    self.initial[country_path] = own

    @property
    def country_field(self) -> str | None:
        """The name of the form's member-state field, where a refusal of the country shows."""
        name = self._meta.model.access.country_path  # type: ignore[union-attr]
        return name if name in self.fields else None


def own_member_state(user: Any) -> int | None:
    """The id of the one member state a focal point writes for; None for anyone else."""
    from mobiliza.core.permissions import actor_for

    actor = actor_for(user)
    if actor.manages_everything or not actor.is_focal_point:
        return None
    return actor.member_state_id


def refuse_country(form: forms.BaseForm, message: Any) -> None:
    """Show the service's refusal of a member state on the form's member-state field (at the
    top when the form has none: the country then comes from a parent record)."""
    name = getattr(form, "country_field", None)
    form.add_error(name if name in form.fields else None, message)


def validate_upload(upload: Any, allowed: Mapping[str, tuple[bytes, ...]]) -> None:
    """Refuse files that are too big or whose content is not one of the ``allowed`` kinds.

    ``allowed`` maps a human name ("CSV") to the bytes its files start with; the name of
    the file is not trusted. This is for data files read by an import and never kept;
    a file that is kept is checked by ``uploads.validate_document``.
    """
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not any(head.startswith(magic) for magics in allowed.values() for magic in magics):
        raise ValidationError(
            _("This file is not of an accepted kind (%(kinds)s)."),
            params={"kinds": ", ".join(allowed)},
            code="bad_type",
        )


# The check of every file field lives in core.uploads; this name stays for the forms
# that import it and for the first migrations, which name it.
validate_document = uploads.validate_document
