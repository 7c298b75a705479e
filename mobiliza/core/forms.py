"""Form building blocks: the version a user's copy was made from, and safe uploads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the record's version in a hidden field.

    The view hands that version to ``record_update``, which refuses a stale copy.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = getattr(self.instance, "version", None)

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

    ``allowed`` maps a human name ("PDF") to the magic bytes its files start with;
    the name of the file is not trusted.
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


DOCUMENT_KINDS: dict[str, tuple[bytes, ...]] = {
    "PDF": (b"%PDF-",),
    "DOCX/XLSX/ODT": (b"PK\x03\x04",),
    "DOC/XLS": (b"\xd0\xcf\x11\xe0",),
}


def validate_document(upload: Any) -> None:
    validate_upload(upload, DOCUMENT_KINDS)


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python rather than through a template per option.

    Django renders each option of a select through its own template include, which for
    a list of every country (about 250 options) costs several milliseconds a page; list
    pages show such selects in their filter forms on every request. The HTML is the same
    as Django's template writes, with the same escaping.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        str(option["value"]),
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append(mark_safe("</optgroup>"))  # noqa: S308 - a literal
        parts.append(mark_safe("</select>"))  # noqa: S308 - a literal
        return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped above


def _attributes(attrs: Mapping[str, Any]) -> SafeString:
    """Attributes as Django's ``attrs.html`` writes them: in order, ``True`` bare, ``False``
    left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def quick_selects(form: forms.BaseForm) -> forms.BaseForm:
    """``form`` with each plain select widget replaced by a :class:`QuickSelect`."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            quick = QuickSelect(attrs=widget.attrs)
            quick.choices = widget.choices
            quick.is_required = widget.is_required
            field.widget = quick
    return form
