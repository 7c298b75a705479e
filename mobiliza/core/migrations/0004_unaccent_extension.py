"""PostgreSQL's ``unaccent`` extension, for the accent-insensitive search of
``mobiliza/core/search.py``. Nothing happens on SQLite, where the search registers its
own function on each connection."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0003_background_jobs")]

    operations = [UnaccentExtension()]
