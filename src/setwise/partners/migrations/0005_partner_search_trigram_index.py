"""A trigram index on the partners' folded search text, on PostgreSQL only.

The partner search is a ``LIKE '%term%'`` per term on ``search_text`` (``PartnerQuerySet.search``); with
``pg_trgm`` PostgreSQL answers it and the paginator's count from a GIN index instead of reading every row, for
Latin, Hangul, kana and kanji, and Thai terms alike. SQLite has no such index and keeps its scan. The index is
not in the model state (Django cannot express it on SQLite), so ``makemigrations`` does not see it.

``fastupdate`` is off: with it on, rows written since the last vacuum wait in the index's pending list, which the
planner prices so high that it scans the table instead (as after an import of a few thousand partners) until
autovacuum comes by. Partners are searched far more often than written, so each write updates the index directly.
"""

from django.db import migrations

INDEX = "partners_partner_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON partners_partner USING gin (search_text gin_trgm_ops)"
        " WITH (fastupdate = off)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other database objects may use it, and it costs nothing unused.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_capability_slug_room"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
