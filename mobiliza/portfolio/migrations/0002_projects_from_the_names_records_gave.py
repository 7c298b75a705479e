"""Opportunities and contributions named their initiative or project in a line of text;
they now point to a project of the portfolio.

One project is created, to review, for each distinct name (trimmed, compared without
regard to case or accents; the first spelling met is kept), unless a project of that
name exists already. A name used in one member state only gives a national project of
that state; otherwise the project is regional, taking part the states that used it. A
name only opportunities gave (their "initiative") gives an initiative, any other a
project. Each record changed gets a history entry whose reason keeps the text it had,
and each project created says in its history which records named it.

Backwards, each record gets its project's name back as its text, and the projects
created here that nobody has touched since are deleted.
"""

import unicodedata

from django.db import migrations
from django.utils import timezone
from django.utils.translation import gettext_noop

from mobiliza.core.stored_messages import encode_reason, message

CREATED = gettext_noop(
    "Created to review from the name “{name}”, which these records gave as their project or "
    "initiative"
)
OPPORTUNITY_NAMED = gettext_noop("opportunity #{number}: {title}")
CONTRIBUTION_NAMED = gettext_noop("contribution #{number}: {description}")
INITIATIVE_BECAME = gettext_noop("Initiative “{name}” became the project record #{number}")
PROJECT_BECAME = gettext_noop("Project “{name}” became the project record #{number}")


def name_key(text):
    """A name as compared: trimmed, spaces collapsed, without case or accents."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def history_row(historical, row, when, kind, reason):
    """A history entry of ``row`` as it is now, written as the history package writes one."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    }
    historical.objects.create(
        **values,
        history_date=when,
        history_type=kind,
        history_change_reason=reason,
        history_user=None,
    )


def names_to_projects(apps, schema_editor):
    Opportunity = apps.get_model("pipeline", "Opportunity")
    Contribution = apps.get_model("agreements", "Contribution")
    Project = apps.get_model("portfolio", "Project")
    when = timezone.now()

    # key -> the first spelling, the records naming it, their member states.
    names = {}
    for model, field, source in (
        (Opportunity, "initiative", "opportunity"),
        (Contribution, "project_name", "contribution"),
    ):
        for record in model.objects.exclude(**{field: ""}).order_by("pk"):
            text = " ".join(getattr(record, field).split())
            if not text:
                continue
            entry = names.setdefault(name_key(text), {"name": text, "records": []})
            entry["records"].append((source, record, text))
    if not names:
        return

    existing = {}
    for project in Project.objects.order_by("pk"):
        for name in (project.name_es, project.name_en):
            if name:
                existing.setdefault(name_key(name), project)

    for key, entry in names.items():
        records = entry["records"]
        project = existing.get(key)
        if project is None:
            project = create_project(apps, entry["name"], records, when)
        for source, record, text in records:
            record.project_id = project.pk
            record.version += 1
            record.save(update_fields=["project", "version"])
            said = INITIATIVE_BECAME if source == "opportunity" else PROJECT_BECAME
            historical = apps.get_model(
                record._meta.app_label, f"Historical{type(record).__name__}"
            )
            history_row(
                historical,
                record,
                when,
                "~",
                encode_reason(message(said, name=text, number=project.pk)),
            )


def create_project(apps, name, records, when):
    Project = apps.get_model("portfolio", "Project")
    HistoricalProject = apps.get_model("portfolio", "HistoricalProject")
    states = {record.member_state_id for _source, record, _text in records}
    national = len(states) == 1 and None not in states
    only_opportunities = all(source == "opportunity" for source, _record, _text in records)
    project = Project.objects.create(
        kind="initiative" if only_opportunities else "project",
        name_es=name[:300],
        scope="national" if national else "regional",
        member_state_id=next(iter(states)) if national else None,
        needs_review=True,
    )
    if not national:
        project.member_states.set(sorted(s for s in states if s is not None))
    named = []
    for source, record, _text in records:
        if source == "opportunity":
            named.append(message(OPPORTUNITY_NAMED, number=record.pk, title=record.title))
        else:
            description = {"es": record.description_es, "en": record.description_en}
            if not record.description_en:
                description = record.description_es
            named.append(message(CONTRIBUTION_NAMED, number=record.pk, description=description))
    history_row(
        HistoricalProject,
        project,
        when,
        "+",
        encode_reason(message(CREATED, name=name), *named),
    )
    return project


def projects_to_names(apps, schema_editor):
    Opportunity = apps.get_model("pipeline", "Opportunity")
    Contribution = apps.get_model("agreements", "Contribution")
    Project = apps.get_model("portfolio", "Project")
    HistoricalProject = apps.get_model("portfolio", "HistoricalProject")
    for model, field in ((Opportunity, "initiative"), (Contribution, "project_name")):
        for record in model.objects.filter(project__isnull=False).select_related("project"):
            setattr(record, field, record.project.name_es[:300])
            record.save(update_fields=[field])
    created_here = HistoricalProject.objects.filter(
        history_type="+", history_change_reason__contains=CREATED[:40]
    ).values_list("id", flat=True)
    Project.objects.filter(pk__in=list(created_here), needs_review=True, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0001_projects_and_their_financing"),
        ("pipeline", "0006_opportunity_points_to_its_project"),
        ("agreements", "0008_agreements_and_contributions_point_to_projects"),
    ]

    operations = [migrations.RunPython(names_to_projects, projects_to_names)]
