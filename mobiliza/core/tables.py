"""Table helpers shared by every app's lists (django-tables2)."""

import django_tables2 as tables


class LinkedTable(tables.Table):
    """The base of every list's table: the project's table markup and template."""

    class Meta:
        attrs = {"class": "table"}
        template_name = "django_tables2/table.html"
