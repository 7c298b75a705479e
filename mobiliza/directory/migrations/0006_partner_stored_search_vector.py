"""On PostgreSQL, the partner's text vector is kept in a stored generated column with its
own GIN index, instead of an index over the expression: a search whose words match most
partners ("de", "a") then reads the stored vectors instead of computing one per partner.
The column is the database's own (the model does not list it), so SQLite is unchanged."""

from django.db import migrations

OLD_INDEX = "directory_partner_search_idx"
INDEX = "directory_partner_search_vector_idx"
VECTOR = "to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE directory_partner ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_partner USING gin (search_vector)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def remove_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON directory_partner USING gin ({VECTOR})"
    )
    schema_editor.execute("ALTER TABLE directory_partner DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_partner_name_order_index")]

    operations = [migrations.RunPython(add_column, remove_column)]
