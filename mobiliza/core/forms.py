"""Form building blocks: the version a user's copy was made from, and safe uploads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mobiliza.core import uploads
from mobiliza.core.validators import validate_date_text


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
            self.fields[country_path].queryset = editable_member_states(user)  # type: ignore[attr-defined]


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
