"""Query parameters of the API's lists: the accepted ones are documented, the others refused.

A list used to ignore a misspelt filter (``?contry=GT``) or ordering (``?ordering=nme``)
and answer with every record, which a client cannot tell from a real answer. Now an
unknown parameter or ordering is a 400 that names the accepted ones.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import SuffixedMultiWidget
from rest_framework import filters
from rest_framework.exceptions import ValidationError

# Read by the renderer and the pagination rather than by a filter backend.
GENERAL_PARAMETERS = ("format", "page", "page_size", "cursor")


def _accepted_list(names: Any) -> str:
    return ", ".join(sorted(names))


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=`` with the accepted values in the schema, and a 400 for any other."""

    def accepted_values(self, queryset: Any, view: Any, request: Any = None) -> list[str]:
        fields = [
            name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
        ]
        return [value for name in fields for value in (name, f"-{name}")]

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> Any:
        given = request.query_params.get(self.ordering_param)
        if given:
            accepted = self.accepted_values(queryset, view, request)
            terms = [term.strip() for term in given.split(",") if term.strip()]
            unknown = [term for term in terms if term not in accepted]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Unknown ordering “%(given)s”; accepted: %(accepted)s.")
                            % {"given": ", ".join(unknown), "accepted": _accepted_list(accepted)}
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        queryset = view.get_queryset()
        accepted = self.accepted_values(queryset, view, getattr(view, "request", None))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "The order of the list: a field, descending with a leading `-`. Several "
                    "may be joined with commas. Any other value is answered with 400."
                ),
                "schema": {"type": "string", "enum": accepted},
            }
        ]


class FilterBackend(DjangoFilterBackend):
    """``?field=`` filters; a value that is not one of a closed list is a 400 naming the list.

    django-filter already refuses ``?status=bogus`` (400); the message now also says which
    values are accepted, for fixed choices and for configuration codes.
    """

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors: dict[str, list[str]] = {}
            for name, messages in filterset.errors.items():
                errors[name] = [str(message) for message in messages]
                accepted = _accepted_values(filterset.form.fields.get(name))
                if accepted:
                    errors[name].append(
                        _("Accepted: %(accepted)s.") % {"accepted": ", ".join(accepted)}
                    )
            raise ValidationError(errors)
        return filterset.qs


def _accepted_values(field: Any) -> list[str]:
    """The values a filter's form field takes, when they are a short closed list."""
    if field is None:
        return []
    if getattr(field, "to_field_name", None) == "code":
        return [str(code) for code in field.queryset.values_list("code", flat=True)[:100]]
    choices = getattr(field, "choices", None)
    if choices is None or hasattr(field, "queryset"):
        return []
    return [str(value) for value, _label in choices if value not in ("", None)]


def _filter_parameters(view: Any) -> set[str]:
    backend = DjangoFilterBackend()
    filterset_class = backend.get_filterset_class(view, view.get_queryset())
    if filterset_class is None:
        return set()
    names: set[str] = set()
    for name, declared in filterset_class.base_filters.items():
        widget = declared.extra.get("widget") or getattr(declared.field_class, "widget", None)
        if isinstance(widget, type) and issubclass(widget, SuffixedMultiWidget):
            names.update(
                f"{name}_{suffix}" if suffix else name for suffix in getattr(widget, "suffixes", [])
            )
        else:
            names.add(name)
    return names


def accepted_parameters(view: Any) -> set[str]:
    """The query parameters a list of ``view`` reads."""
    names = set(GENERAL_PARAMETERS)
    for backend_class in view.filter_backends:
        if issubclass(backend_class, DjangoFilterBackend):
            names |= _filter_parameters(view)
        elif issubclass(backend_class, filters.SearchFilter):
            # The plain search reads nothing without search fields; a custom one does.
            if getattr(view, "search_fields", None) or backend_class is not filters.SearchFilter:
                names.add(backend_class.search_param)
        elif issubclass(backend_class, filters.OrderingFilter):
            names.add(backend_class.ordering_param)
    return names


def refuse_unknown_parameters(view: Any, request: Any) -> None:
    """A 400 naming the accepted parameters when the list is asked for another one."""
    accepted = accepted_parameters(view)
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        message = _("Unknown query parameter; accepted: %(accepted)s.") % {
            "accepted": _accepted_list(accepted)
        }
        raise ValidationError({name: [message] for name in unknown})
