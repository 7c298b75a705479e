"""The coalition's strategy, as its configuration file states it.

Everything here is loaded by ``manage.py load_coalition`` (see ``services.py`` and
``docs/configuration.md``) and matched on ``code``, so loading twice changes
nothing. Every narrative text is kept in both languages (``<field>_es`` and
``<field>_en``) and read through a :class:`~mobiliza.core.models.Translated`
descriptor, which marks a missing translation instead of hiding it.

The strategy is regional: every internal role and partners may read it; only the
Presidency and the Technical Secretariat could change it (there are no edit pages:
the configuration file is the place to change it).
"""

from __future__ import annotations

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from mobiliza.core.models import ConfigurationModel, Translated
from mobiliza.core.permissions import EVERYONE, Access


def _short(value: object, length: int = 80) -> str:
    return Truncator(str(value)).chars(length)


class StrategyItem(ConfigurationModel):
    """An item of the strategy; its code may be a little longer than the base allows.

    CORETT's source type ``international-civil-society-organizations`` has 41
    characters, one more than :class:`ConfigurationModel` allows.
    """

    code = models.CharField(_("code"), max_length=60)

    access = Access(readers=EVERYONE)

    class Meta(ConfigurationModel.Meta):
        abstract = True


class NamedItem(StrategyItem):
    """A strategy item known by a name, in both languages."""

    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    name = Translated("name", _("name"))

    class Meta(StrategyItem.Meta):
        abstract = True

    def __str__(self) -> str:
        return str(self.name)


class TextItem(StrategyItem):
    """A strategy item that is one sentence or paragraph, in both languages."""

    text_es = models.TextField(_("text (Spanish)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    text = Translated("text", _("text"))

    class Meta(StrategyItem.Meta):
        abstract = True


class Approach(NamedItem):
    """An approach the strategy follows, such as human rights or gender (2.3)."""

    class Meta:
        verbose_name = _("approach")
        verbose_name_plural = _("approaches")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["code"], name="plan_approach_unique_code")]


class ProgrammaticDocument(NamedItem):
    """A programmatic document the strategy rests on, with its period if stated (introduction)."""

    period = models.CharField(
        _("period"), max_length=50, blank=True, help_text=_("Such as 2019-2027.")
    )

    class Meta:
        verbose_name = _("programmatic document")
        verbose_name_plural = _("programmatic documents")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_programmaticdocument_unique_code")
        ]


class StrategicAxis(NamedItem):
    """A strategic axis of the plan, such as prevention, with its definition (5.1)."""

    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)

    definition = Translated("definition")

    class Meta:
        verbose_name = _("strategic axis")
        verbose_name_plural = _("strategic axes")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_strategicaxis_unique_code")
        ]


class ResourceKind(NamedItem):
    """A kind of resource: financial, human, or goods and services (3.1, Chart 1)."""

    class Meta:
        verbose_name = _("kind of resource")
        verbose_name_plural = _("kinds of resources")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_resourcekind_unique_code")
        ]


class ResourceCategory(NamedItem):
    """An example category of a kind of resource, one cell of Chart 1."""

    kind = models.ForeignKey(
        ResourceKind,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("kind of resource"),
    )

    class Meta:
        verbose_name = _("resource category")
        verbose_name_plural = _("resource categories")
        ordering = ["kind__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], name="plan_resourcecategory_unique_code"
            )
        ]

    def __str__(self) -> str:
        return _short(self.name)


class SourceType(NamedItem):
    """A type of source of resources, such as the private sector (3.2.1 to 3.2.7)."""

    section = models.CharField(
        _("section"), max_length=20, blank=True, help_text=_("Such as 3.2.5.")
    )
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    description = Translated("description")

    class Meta:
        verbose_name = _("source type")
        verbose_name_plural = _("source types")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["code"], name="plan_sourcetype_unique_code")]


class MobilizationStep(NamedItem):
    """One of the main steps of resource mobilization, such as Identify (3.3.1 to 3.3.5)."""

    number = models.PositiveSmallIntegerField(_("number"))
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    description = Translated("description")

    class Meta:
        verbose_name = _("mobilization step")
        verbose_name_plural = _("mobilization steps")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_mobilizationstep_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class StepAction(TextItem):
    """An action a mobilization step lists."""

    step = models.ForeignKey(
        MobilizationStep,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("mobilization step"),
    )

    class Meta:
        verbose_name = _("step action")
        verbose_name_plural = _("step actions")
        ordering = ["step__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["step", "code"], name="plan_stepaction_unique_code")
        ]

    def __str__(self) -> str:
        return _short(self.text)


class OperationalObjective(StrategyItem):
    """An operational objective of the plan of action, under a strategic axis (5.2).

    The timeframe is the plan's own words ("Strategic plan 2019-2027"); it is left
    blank where the plan leaves the cell empty.
    """

    axis = models.ForeignKey(
        StrategicAxis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("strategic axis"),
    )
    text_es = models.TextField(_("objective (Spanish)"))
    text_en = models.TextField(_("objective (English)"), blank=True)
    timeframe_es = models.CharField(_("timeframe (Spanish)"), max_length=200, blank=True)
    timeframe_en = models.CharField(_("timeframe (English)"), max_length=200, blank=True)

    text = Translated("text")
    timeframe = Translated("timeframe")

    class Meta:
        verbose_name = _("operational objective")
        verbose_name_plural = _("operational objectives")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_operationalobjective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {_short(self.text)}"


class Activity(TextItem):
    """An activity of an operational objective (5.2)."""

    objective = models.ForeignKey(
        OperationalObjective,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("operational objective"),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["objective__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "code"], name="plan_activity_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {_short(self.text)}"


class Goal(TextItem):
    """A goal of an operational objective (5.2)."""

    objective = models.ForeignKey(
        OperationalObjective,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("operational objective"),
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["objective__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "code"], name="plan_goal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {_short(self.text)}"


class Indicator(TextItem):
    """An indicator of an operational objective, as the plan words it (5.2).

    Baselines, targets and values belong to monitoring, which refers to this row.
    """

    objective = models.ForeignKey(
        OperationalObjective,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("operational objective"),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "code"], name="plan_indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {_short(self.text)}"


class MonitoringEvidence(StrategyItem):
    """The evidence to collect for monitoring an objective (6.2, Chart 3).

    ``objective`` is empty where the chart names an objective the plan of action
    does not have (CORETT's prosecution objective).
    """

    objective = models.ForeignKey(
        OperationalObjective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("operational objective"),
    )
    text_es = models.TextField(_("evidence (Spanish)"))
    text_en = models.TextField(_("evidence (English)"), blank=True)

    text = Translated("text")

    class Meta:
        verbose_name = _("monitoring evidence")
        verbose_name_plural = _("monitoring evidence")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_monitoringevidence_unique_code")
        ]

    def __str__(self) -> str:
        return _short(self.text)


class FollowUpQuestion(StrategyItem):
    """A guiding question of the follow-up reports (6.3, Chart 4)."""

    text_es = models.TextField(_("question (Spanish)"))
    text_en = models.TextField(_("question (English)"), blank=True)

    text = Translated("text")

    class Meta:
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_followupquestion_unique_code")
        ]

    def __str__(self) -> str:
        return _short(self.text)


class EvaluationArea(NamedItem):
    """An area of evaluation, such as effectiveness (6.4, Chart 5)."""

    class Meta:
        verbose_name = _("evaluation area")
        verbose_name_plural = _("evaluation areas")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_evaluationarea_unique_code")
        ]


class EvaluationQuestion(StrategyItem):
    """A guiding evaluation question of an area (6.4, Chart 5)."""

    area = models.ForeignKey(
        EvaluationArea,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("evaluation area"),
    )
    text_es = models.TextField(_("question (Spanish)"))
    text_en = models.TextField(_("question (English)"), blank=True)

    text = Translated("text")

    class Meta:
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["area__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "code"], name="plan_evaluationquestion_unique_code"
            )
        ]

    def __str__(self) -> str:
        return _short(self.text)


class ChecklistItem(TextItem):
    """An item of the projects checklist, answered Yes, No or N/A (appendix 8.4).

    Its code is its number.
    """

    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="plan_checklistitem_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {_short(self.text)}"
