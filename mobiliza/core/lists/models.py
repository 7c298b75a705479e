"""The filters a user saved for a list, to open it again in one click."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedFilter(models.Model):
    """A list's filters (and sort) saved by a user under a name: only its user sees it.

    A preference, not a business record: no history, no version; ``core.lists.services``
    writes it, checking the list's URL name names a list.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("user"),
    )
    list_name = models.CharField(_("list"), max_length=100)
    name = models.CharField(_("name"), max_length=80)
    # The list's query string without the page: "status=active&country=GT".
    query = models.CharField(_("filters"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_name", "name"], name="saved_filter_name_once"
            )
        ]
        indexes = [models.Index(fields=["user", "list_name"], name="saved_filter_list_idx")]

    def __str__(self) -> str:
        return self.name
