"""Base classes shared by every business model: version, timestamps, history, bilingual text."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mobiliza.core.money import RateField
from mobiliza.core.permissions import Access
from mobiliza.core.validators import validate_business_date, validate_no_nul

LANGUAGE_CODES = ("es", "en")


class MissingTranslation(str):
    """Text shown in the other language because the reader's one is empty.

    In a template it renders with a visible "translation missing" marker, so the
    reader is never silently shown the other language.
    """

    source_language: str = ""

    def __new__(cls, value: str, source_language: str) -> MissingTranslation:
        obj = super().__new__(cls, value)
        obj.source_language = source_language
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # Cached pages (the totals) are pickled; keep which language the text is in.
        return (MissingTranslation, (str.__str__(self), self.source_language))

    def __html__(self) -> str:
        from django.utils.translation import gettext

        return str(
            format_html(
                '<span lang="{}">{}</span> <span class="badge badge-missing">{}</span>',
                self.source_language,
                str.__str__(self),
                gettext("translation missing"),
            )
        )


class Translated:
    """Read a text kept in both languages (``<name>_es`` and ``<name>_en``) in the reader's one."""

    def __init__(self, base: str, verbose_name: Any = None) -> None:
        self.base = base
        self.verbose_name = verbose_name or base.replace("_", " ")

    def __set_name__(self, owner: type, name: str) -> None:
        self.base = self.base or name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        value = getattr(instance, f"{self.base}_{language}", "")
        if value:
            return value
        for other in LANGUAGE_CODES:
            other_value = getattr(instance, f"{self.base}_{other}", "")
            if other_value:
                return MissingTranslation(other_value, other)
        return ""


def translated_field_names(*bases: str) -> list[str]:
    """The per-language column names of the given translated texts, Spanish first."""
    return [f"{base}_{code}" for base in bases for code in LANGUAGE_CODES]


class BusinessModel(models.Model):
    """A record users create and change.

    It keeps every change (simple-history) and a version number that rises with
    each save, so that saving a stale copy is detected and refused.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        opts = self._meta
        return reverse(f"{opts.app_label}:{opts.model_name}_detail", args=[self.pk])

    def clean_fields(self, exclude: Any = None) -> None:
        """Each field's own checks, then the rules of every business value
        (``core.validators``): a date between 1900 and 2100, text without NUL characters."""
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.name in errors or (exclude and field.name in exclude):
                continue
            if isinstance(field, models.DateField):
                rule = validate_business_date
            elif isinstance(field, models.CharField | models.TextField):
                rule = validate_no_nul
            else:
                continue
            try:
                rule(getattr(self, field.attname))
            except ValidationError as error:
                errors.setdefault(field.name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


class ConfigurationModel(models.Model):
    """An item of the coalition's configuration file (loaded by ``load_coalition``).

    ``code`` is the stable key the loader matches on, so loading twice changes nothing.
    """

    code = models.CharField(_("code"), max_length=40)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position"]


class ExchangeRate(BusinessModel):
    """How many units of the reporting currency one unit of ``currency`` was worth on ``date``.

    Users import the table from CSV; amounts are converted at the rate of their value
    date or the latest earlier one (see :mod:`mobiliza.core.money`).
    """

    date = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3)
    rate = RateField(
        _("rate"),
        help_text=_("Units of the reporting currency for one unit of this currency."),
    )
    reporting_currency = models.CharField(_("reporting currency"), max_length=3)
    source = models.CharField(_("source"), max_length=200, blank=True)

    access = Access()  # read by the coalition's staff; written by the Presidency and Secretariat

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "reporting_currency", "date"], name="exchange_rate_unique_day"
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "-date"], name="exchange_rate_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.date} 1 {self.currency} = {self.rate} {self.reporting_currency}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("rates:exchangerate_detail", args=[self.pk])

    def clean(self) -> None:
        from mobiliza.core.currencies import validate_currency

        validate_currency(self.currency)
        if self.currency == self.reporting_currency:
            raise ValidationError(
                {"currency": _("The reporting currency needs no rate: it is always 1.")}
            )


class Notification(models.Model):
    """A message in a user's in-app inbox (for instance: a new agreement was signed).

    It is kept as its msgid and parameters (``message_id``, ``message_params``: see
    :mod:`mobiliza.core.stored_messages`) and read in the language of whoever reads it;
    ``message`` is the text as written in the recipient's language when it was sent, which
    is all that notifications from before have.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    message = models.CharField(_("message"), max_length=500)
    message_id = models.CharField(_("message (source text)"), max_length=500, blank=True)
    # The message's parameters, and its context or plural form (stored_messages.message).
    message_params = models.JSONField(_("message parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.shown_message

    @property
    def shown_message(self) -> str:
        """The message in the reader's (active) language."""
        if not self.message_id:
            return self.message
        from mobiliza.core.stored_messages import render

        return render({**self.message_params, "msgid": self.message_id})


class ImportMapping(models.Model):
    """The columns a user chose for a file of one importer, remembered for the next file
    with the same column titles (in whatever order)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_mappings",
        verbose_name=_("user"),
    )
    importer = models.CharField(_("import"), max_length=60)
    header_key = models.CharField(_("column titles"), max_length=64)
    # normalised column title → field name, "" for a column the user skips
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("remembered import columns")
        verbose_name_plural = _("remembered import columns")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "importer", "header_key"], name="import_mapping_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.importer} ({self.user_id})"


class ImportPreview(models.Model):
    """An upload on its way through the import wizard: the file, the columns chosen, then
    the checked rows the confirm step writes. Deleted after the import; an abandoned one
    is purged with its files (``manage.py purge_imports``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_previews",
        verbose_name=_("user"),
    )
    importer = models.CharField(_("import"), max_length=60)
    file_name = models.CharField(_("file name"), max_length=255)
    upload = models.FileField(_("uploaded file"), upload_to="imports/uploads/")
    checked = models.FileField(_("checked rows"), upload_to="imports/checked/", blank=True)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    # the field each column fills, by position ("" for a skipped column)
    columns = models.JSONField(_("columns"), default=list)
    # field name → decimal mark the user chose for its ambiguous numbers
    marks = models.JSONField(_("decimal marks"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("import in progress")
        verbose_name_plural = _("imports in progress")
        indexes = [models.Index(fields=["created_at"], name="import_preview_age_idx")]

    def __str__(self) -> str:
        return self.file_name

    def delete_files(self) -> None:
        for stored in (self.upload, self.checked):
            if stored.name and stored.storage.exists(stored.name):
                stored.storage.delete(stored.name)


# The background jobs' record lives with their services in core/jobs/; importing it here
# is what makes it one of core's models.
from mobiliza.core.jobs.models import Job, JobStatus  # noqa: E402,F401

# The filters users save for a list live with the lists' pages in core/lists/.
from mobiliza.core.lists.models import SavedFilter  # noqa: E402,F401

# Tasks and their reminders live with their services in core/work/.
from mobiliza.core.work.models import Task, TaskReminder, TaskSource, TaskStatus  # noqa: E402,F401
